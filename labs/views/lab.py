"""The lab list, the innovation unit's overview, forming and editing a lab, its page, and the
buttons that start and close it."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import DetailView, FormView, ListView

from accounts.mixins import InnovationUnitRequiredMixin
from accounts.permissions import is_innovation_unit
from proposals.enums import ProposalStatus
from proposals.models import Proposal

from .. import permissions, selectors, services
from ..enums import LabStatus, MembershipStatus
from ..forms import LabForm
from ..models import Lab
from ..terms import MAX_TERM_MONTHS, term_end
from ._base import LabActionView, ServiceFormMixin, crumbs


class LabListView(LoginRequiredMixin, ListView):
    template_name = "labs/lab_list.html"
    context_object_name = "labs"
    paginate_by = 20

    def get_queryset(self):
        return selectors.lab_list()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["crumbs"] = [(_("Labs"), "")]
        context["invitations"] = list(selectors.my_lab_invitations(self.request.user))
        context["can_manage"] = is_innovation_unit(self.request.user)
        return context


class OverviewView(InnovationUnitRequiredMixin, ListView):
    template_name = "labs/overview.html"
    context_object_name = "labs"
    paginate_by = 50

    def get_queryset(self):
        return selectors.overview()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        context["rows"] = [
            {
                "lab": lab,
                "days_left": lab.days_left(today) if lab.status != LabStatus.CLOSED else None,
                "overdue": selectors.is_log_overdue(lab, today),
            }
            for lab in context["labs"]
        ]
        context["crumbs"] = crumbs(None, _("Lab overview"))
        context["awaiting_lab"] = list(
            Proposal.objects.filter(status=ProposalStatus.SELECTED, lab__isnull=True)
            .select_related("call")
            .only("title", "call__title")
        )
        return context


class LabCreateView(InnovationUnitRequiredMixin, ServiceFormMixin, FormView):
    template_name = "labs/lab_form.html"
    form_class = LabForm
    success_message = gettext_lazy("The lab has been formed and its volunteering proposers invited.")

    @cached_property
    def proposal(self) -> Proposal:
        return get_object_or_404(
            Proposal.objects.select_related("call"), pk=self.kwargs["proposal_pk"], status=ProposalStatus.SELECTED
        )

    def get_initial(self):
        today = timezone.localdate()
        return {
            "name": self.proposal.title,
            "mission": self.proposal.idea or self.proposal.problem,
            "start_date": today,
            "end_date": term_end(today, MAX_TERM_MONTHS),
        }

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = Lab(proposal=self.proposal)
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["proposal"] = self.proposal
        context["volunteers"] = services.proposal_volunteers(self.proposal)
        context["page_title"] = _("Form a lab")
        context["crumbs"] = crumbs(None, _("Lab overview"), context["page_title"])
        context["crumbs"][1] = (_("Lab overview"), reverse("labs:overview"))
        context["cancel_url"] = reverse("labs:overview")
        return context

    def perform(self, form):
        return services.lab_form(proposal=self.proposal, by=self.request.user, **form.cleaned_data)

    def get_success_url(self):
        return self.result.get_absolute_url()


class LabUpdateView(InnovationUnitRequiredMixin, ServiceFormMixin, FormView):
    template_name = "labs/lab_form.html"
    form_class = LabForm
    success_message = gettext_lazy("The lab's details have been saved.")

    @cached_property
    def lab(self) -> Lab:
        return get_object_or_404(Lab, pk=self.kwargs["pk"], status=LabStatus.RECRUITING)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = Lab.objects.get(pk=self.lab.pk)
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["lab"] = self.lab
        context["proposal"] = self.lab.proposal
        context["page_title"] = _("Edit the lab")
        context["crumbs"] = crumbs(self.lab, context["page_title"])
        context["cancel_url"] = self.lab.get_absolute_url()
        return context

    def perform(self, form):
        return services.lab_update(lab=self.lab, by=self.request.user, **form.cleaned_data)

    def get_success_url(self):
        return self.lab.get_absolute_url()


class LabDetailView(LoginRequiredMixin, DetailView):
    template_name = "labs/lab_detail.html"
    context_object_name = "lab"

    def get_queryset(self):
        return selectors.lab_detail_queryset()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        lab, user = self.object, self.request.user
        today = timezone.localdate()
        memberships = list(lab.memberships.all())
        for membership in memberships:
            membership.current_release = membership.releases.all()[0] if membership.releases.all() else None
        mine = next((m for m in memberships if m.user_id == user.pk), None)
        member = permissions.is_active_membership(mine)
        context.update(
            today=today,
            members=[m for m in memberships if m.status == MembershipStatus.ACTIVE],
            former_members=[m for m in memberships if m.status in (MembershipStatus.LEFT, MembershipStatus.REMOVED)],
            candidates=[m for m in memberships if m.status in (MembershipStatus.VOLUNTEERED, MembershipStatus.INVITED)],
            my_membership=mine,
            report=lab.adopted_reports[0] if lab.adopted_reports else None,
            milestones=list(lab.milestones.all()),
            is_member=member,
            can_manage=is_innovation_unit(user),
            can_read_log=permissions.can_read_log(user, lab, member),
            can_volunteer=permissions.can_volunteer(lab, today, mine),
            days_elapsed=lab.days_elapsed(today),
            days_left=lab.days_left(today),
            started=lab.status != LabStatus.RECRUITING,
            crumbs=[(_("Labs"), reverse("labs:lab-list")), (lab.name, "")],
        )
        return context


class LabStartView(InnovationUnitRequiredMixin, LabActionView):
    success_message = gettext_lazy("The lab has started. The members' departments have been notified of the release.")

    def act(self):
        services.lab_start(lab=self.lab, by=self.request.user)


class LabCloseView(InnovationUnitRequiredMixin, LabActionView):
    success_message = gettext_lazy("The lab is closed. Thank you to its members for the experiment.")

    def act(self):
        services.lab_close(lab=self.lab, by=self.request.user)
