from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import DetailView, FormView, ListView

from accounts.mixins import InnovationUnitRequiredMixin
from accounts.permissions import is_liaison
from proposals.enums import ProposalStatus
from proposals.models import Proposal

from . import permissions, selectors, services
from .enums import DecisionKind, DecisionStatus, LabStatus, MembershipStatus
from .forms import (
    CommentForm,
    DecisionForm,
    FinalReportForm,
    LabForm,
    LogEntryForm,
    MilestoneForm,
    ReleaseAcknowledgeForm,
    ReviewForm,
    SignoffForm,
)
from .models import Lab, LabAttachment, LogEntry, Membership, Milestone
from .terms import MAX_TERM_MONTHS, term_end


def _messages_of(error: ValidationError) -> str:
    return " ".join(error.messages)


def _crumbs(lab: Lab | None = None, *here: str) -> list[tuple[str, str]]:
    crumbs = [(_("Labs"), reverse("labs:lab-list"))]
    if lab is not None:
        crumbs.append((lab.name, lab.get_absolute_url()))
    crumbs += [(label, "") for label in here if label]
    return crumbs




class LabMixin(LoginRequiredMixin):
    """A lab any signed-in person may see."""

    @cached_property
    def lab(self) -> Lab:
        return get_object_or_404(Lab, pk=self.kwargs["pk"])

    @cached_property
    def perms(self) -> frozenset[str]:
        return permissions.lab_perms(self.request.user, self.lab)

    page_title = ""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            lab=self.lab,
            today=timezone.localdate(),
            page_title=self.page_title,
            cancel_url=self.lab.get_absolute_url(),
            crumbs=_crumbs(self.lab, self.page_title),
        )
        return context


class LogAccessMixin(LabMixin):
    """A lab whose log the user may read (members and the innovation unit); 404 for others."""

    @cached_property
    def lab(self) -> Lab:
        lab = get_object_or_404(Lab, pk=self.kwargs["pk"])
        user = self.request.user
        if permissions.can_manage_labs(user):
            return lab
        # The user's own grants (read once, kept as ``perms`` for the view) answer for members;
        # only without them is ``labs_with_visible_log`` asked, which also counts group grants.
        self.perms = permissions.lab_perms(user, lab)
        if not permissions.can_read_log(user, lab, self.perms) and not (
            permissions.labs_with_visible_log(user).filter(pk=lab.pk).exists()
        ):
            raise Http404
        return lab

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.lab  # noqa: B018 — resolves to 404 before any other check
        return super().dispatch(request, *args, **kwargs)


class MemberRequiredMixin(LogAccessMixin):
    """Writing needs the member's grant on an open lab: 403 for the innovation unit."""

    permission_check = staticmethod(permissions.can_write_log)

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.lab  # noqa: B018
            if not self.permission_check(request.user, self.lab, self.perms):
                raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class ServiceFormMixin:
    """Runs ``perform(form)``; a rule the service refuses becomes a form error."""

    success_message = ""

    def form_valid(self, form):
        try:
            self.result = self.perform(form)
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, self.success_message)
        return HttpResponseRedirect(self.get_success_url())


class LabActionView(LabMixin, View):
    """A POST-only button on the lab page; refusals come back as a message."""

    success_message = ""

    def post(self, request, *args, **kwargs):
        try:
            self.act()
        except ValidationError as error:
            messages.error(request, _messages_of(error))
        else:
            messages.success(request, self.success_message)
        return redirect(self.lab.get_absolute_url())


# --- Lists -------------------------------------------------------------------------------


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
        context["can_manage"] = permissions.can_manage_labs(self.request.user)
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
        context["crumbs"] = _crumbs(None, _("Lab overview"))
        context["awaiting_lab"] = list(
            Proposal.objects.filter(status=ProposalStatus.SELECTED, lab__isnull=True).select_related("call")
        )
        return context


# --- Forming and running a lab (innovation unit) -----------------------------------------


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
        context["crumbs"] = _crumbs(None, _("Lab overview"), context["page_title"])
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
        context["crumbs"] = _crumbs(self.lab, context["page_title"])
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
        perms = permissions.lab_perms(user, lab)
        memberships = list(lab.memberships.all())
        for membership in memberships:
            membership.current_release = membership.releases.all()[0] if membership.releases.all() else None
        mine = next((m for m in memberships if m.user_id == user.pk), None)
        context.update(
            today=today,
            members=[m for m in memberships if m.status == MembershipStatus.ACTIVE],
            former_members=[m for m in memberships if m.status in (MembershipStatus.LEFT, MembershipStatus.REMOVED)],
            candidates=[m for m in memberships if m.status in (MembershipStatus.VOLUNTEERED, MembershipStatus.INVITED)],
            my_membership=mine,
            report=lab.adopted_reports[0] if lab.adopted_reports else None,
            milestones=list(lab.milestones.all()),
            is_member=permissions.is_member(user, lab, perms),
            can_manage=permissions.can_manage_labs(user),
            can_read_log=permissions.can_read_log(user, lab, perms),
            can_volunteer=permissions.is_volunteering_open(lab, today)
            and (mine is None or mine.status not in (
                MembershipStatus.VOLUNTEERED, MembershipStatus.INVITED, MembershipStatus.ACTIVE)),
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
    def act(self):
        services.lab_close(lab=self.lab, by=self.request.user)

    success_message = gettext_lazy("The lab is closed. Thank you to its members for the experiment.")


class VolunteerView(LabActionView):
    success_message = gettext_lazy("Thank you for volunteering. You will be told if you are invited.")

    def act(self):
        services.lab_volunteer(lab=self.lab, by=self.request.user)


class VolunteerWithdrawView(LabActionView):
    success_message = gettext_lazy("You are no longer volunteering for this lab.")

    def act(self):
        services.lab_volunteer_withdraw(lab=self.lab, by=self.request.user)


class InviteView(InnovationUnitRequiredMixin, LabActionView):
    success_message = gettext_lazy("The volunteer has been invited. They become a member once they accept.")

    def act(self):
        membership = get_object_or_404(Membership, pk=self.kwargs["membership_pk"], lab=self.lab)
        services.membership_invite(membership=membership, by=self.request.user)


class RespondView(LabActionView):
    def act(self):
        accept = self.request.POST.get("answer") == "accept"
        services.membership_respond(lab=self.lab, by=self.request.user, accept=accept)
        self.success_message = (
            _("Welcome to the lab. Your home department will be asked to acknowledge your release from routine duties.")
            if accept else _("You have declined the invitation.")
        )


class LeaveView(LabActionView):
    success_message = gettext_lazy("You have left the lab.")

    def act(self):
        services.membership_leave(lab=self.lab, by=self.request.user)


# --- Release from routine duties ---------------------------------------------------------


class ReleaseListView(LoginRequiredMixin, ListView):
    template_name = "labs/release_list.html"
    context_object_name = "releases"
    paginate_by = 30

    def dispatch(self, request, *args, **kwargs):
        user = request.user
        if user.is_authenticated and not (permissions.can_manage_labs(user) or is_liaison(user)):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        return selectors.releases(permissions.releases_for(self.request.user))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["today"] = timezone.localdate()
        context["crumbs"] = _crumbs(None, _("Releases from routine duties"))
        return context


class ReleaseAcknowledgeView(LoginRequiredMixin, ServiceFormMixin, FormView):
    template_name = "labs/release_form.html"
    form_class = ReleaseAcknowledgeForm
    success_message = gettext_lazy("The release from routine duties has been acknowledged.")

    @cached_property
    def release(self):
        return get_object_or_404(selectors.releases(permissions.releases_for(self.request.user)), pk=self.kwargs["pk"])

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.release  # noqa: B018
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["release"] = self.release
        context["lab"] = self.release.membership.lab
        context["page_title"] = _("Acknowledge a release from routine duties")
        context["crumbs"] = [
            (_("Releases from routine duties"), reverse("labs:release-list")), (context["page_title"], "")
        ]
        context["cancel_url"] = reverse("labs:release-list")
        return context

    def perform(self, form):
        return services.release_acknowledge(
            release=self.release, by=self.request.user, order_reference=form.cleaned_data["order_reference"]
        )

    def get_success_url(self):
        return reverse("labs:release-list")


# --- Progress log and milestones ---------------------------------------------------------


def _entry_url(entry: LogEntry) -> str:
    """The timeline page showing ``entry``, scrolled to it."""
    page = selectors.timeline_page_number(entry)
    query = f"?page={page}" if page > 1 else ""
    return reverse("labs:timeline", kwargs={"pk": entry.lab_id}) + f"{query}#entry-{entry.pk}"


class TimelineView(LogAccessMixin, ListView):
    page_title = gettext_lazy("Progress log")
    template_name = "labs/timeline.html"
    context_object_name = "entries"
    paginate_by = selectors.TIMELINE_PAGE_SIZE

    def get_queryset(self):
        return selectors.timeline_entries(self.lab)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = context["today"]
        context.update(
            items=selectors.timeline(self.lab, context["page_obj"]),
            can_write=permissions.can_write_log(self.request.user, self.lab, self.perms),
            can_comment=permissions.can_comment(self.request.user, self.lab, self.perms),
            comment_form=CommentForm(),
            days_elapsed=self.lab.days_elapsed(today),
            days_left=self.lab.days_left(today),
        )
        return context


class EntryCreateView(MemberRequiredMixin, ServiceFormMixin, FormView):
    page_title = gettext_lazy("Write a progress log entry")
    template_name = "labs/entry_form.html"
    form_class = LogEntryForm
    success_message = gettext_lazy("The entry has been added to the progress log.")

    def get_initial(self):
        return {"entry_date": timezone.localdate()}

    def perform(self, form):
        data = dict(form.cleaned_data)
        uploads = data.pop("uploads")
        return services.log_entry_create(lab=self.lab, by=self.request.user, uploads=uploads, **data)

    def get_success_url(self):
        return _entry_url(self.result)


class EntryUpdateView(EntryCreateView):
    page_title = gettext_lazy("Edit a progress log entry")
    success_message = gettext_lazy("The entry has been updated.")

    @cached_property
    def entry(self) -> LogEntry:
        return get_object_or_404(self.lab.entries.prefetch_related("attachments"), pk=self.kwargs["entry_pk"])

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = LogEntry.objects.get(pk=self.entry.pk)
        return kwargs

    def get_initial(self):
        return {}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["entry"] = self.entry
        return context

    def perform(self, form):
        data = dict(form.cleaned_data)
        uploads = data.pop("uploads")
        return services.log_entry_update(entry=self.entry, by=self.request.user, uploads=uploads, **data)


class CommentCreateView(LogAccessMixin, View):
    def post(self, request, *args, **kwargs):
        entry = get_object_or_404(self.lab.entries, pk=self.kwargs["entry_pk"])
        form = CommentForm(request.POST)
        if not permissions.can_comment(request.user, self.lab, self.perms):
            raise PermissionDenied
        if form.is_valid():
            services.log_comment_add(entry=entry, by=request.user, body=form.cleaned_data["body"])
            messages.success(request, _("Your comment has been added."))
        else:
            messages.error(request, _("Write a comment first."))
        return redirect(_entry_url(entry))


class MilestoneCreateView(MemberRequiredMixin, ServiceFormMixin, FormView):
    page_title = gettext_lazy("Add a milestone")
    template_name = "labs/milestone_form.html"
    form_class = MilestoneForm
    success_message = gettext_lazy("The milestone has been added.")

    def perform(self, form):
        return services.milestone_create(lab=self.lab, by=self.request.user, **form.cleaned_data)

    def get_success_url(self):
        return reverse("labs:timeline", kwargs={"pk": self.lab.pk})


class MilestoneToggleView(MemberRequiredMixin, View):
    def post(self, request, *args, **kwargs):
        milestone = get_object_or_404(Milestone, pk=self.kwargs["milestone_pk"], lab=self.lab)
        services.milestone_set_done(milestone=milestone, by=request.user, done=request.POST.get("done") == "1")
        messages.success(request, _("The milestone has been updated."))
        return redirect(reverse("labs:timeline", kwargs={"pk": self.lab.pk}))


# --- Joint decisions ---------------------------------------------------------------------


class DecisionListView(LogAccessMixin, ListView):
    page_title = gettext_lazy("Joint decisions")
    template_name = "labs/decision_list.html"
    context_object_name = "decisions"
    paginate_by = 20

    def get_queryset(self):
        return selectors.decisions(self.lab)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_decide"] = permissions.can_decide(self.request.user, self.lab, self.perms)
        return context


class DecisionCreateView(MemberRequiredMixin, ServiceFormMixin, FormView):
    page_title = gettext_lazy("Propose a joint decision")
    template_name = "labs/decision_form.html"
    form_class = DecisionForm
    permission_check = staticmethod(permissions.can_decide)
    success_message = gettext_lazy("Your proposal has been sent to the other members for sign-off.")

    def get_initial(self):
        return {"kind": self.request.GET.get("kind", DecisionKind.SCOPE_CHANGE)}

    def perform(self, form):
        data = form.cleaned_data
        return services.decision_propose(
            lab=self.lab, by=self.request.user, kind=data["kind"], summary=data["summary"],
            new_mission=data["new_mission"], new_end_date=data["new_end_date"], subject=data["subject"],
        )

    def get_success_url(self):
        return self.result.get_absolute_url()


class ReportCreateView(DecisionCreateView):
    page_title = gettext_lazy("Propose the final report")
    template_name = "labs/report_form.html"
    form_class = FinalReportForm
    success_message = gettext_lazy("The final report has been sent to the other members for sign-off.")

    def get_initial(self):
        return {}

    def perform(self, form):
        report = dict(form.cleaned_data)
        uploads = report.pop("uploads")
        return services.decision_propose(
            lab=self.lab, by=self.request.user, kind=DecisionKind.FINAL_REPORT, report=report, uploads=uploads
        )


class DecisionDetailView(LogAccessMixin, DetailView):
    template_name = "labs/decision_detail.html"
    context_object_name = "decision"
    pk_url_kwarg = "decision_pk"

    def get_queryset(self):
        return selectors.decision_detail_queryset(self.lab)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        decision, user = self.object, self.request.user
        signoffs = list(decision.signoffs.all())
        members = list(self.lab.memberships.filter(status=MembershipStatus.ACTIVE).select_related("user"))
        required = services.required_signers(decision, members)
        responded = {s.user_id for s in signoffs}
        context.update(
            signoffs=signoffs,
            waiting_for=[m.user for m in members if m.user_id in required and m.user_id not in responded],
            can_sign=decision.status == DecisionStatus.PENDING
            and user.pk in required and user.pk not in responded
            and permissions.can_decide(user, self.lab, self.perms),
            can_review=decision.status == DecisionStatus.AWAITING_APPROVAL and permissions.can_manage_labs(user),
            sign_form=SignoffForm(),
            review_form=ReviewForm(),
            report=getattr(decision, "report", None) if decision.kind == DecisionKind.FINAL_REPORT else None,
            crumbs=_crumbs(self.lab, _("Joint decisions"), decision.get_kind_display()),
        )
        context["crumbs"][2] = (_("Joint decisions"), reverse("labs:decision-list", kwargs={"pk": self.lab.pk}))
        return context


class DecisionSignView(LogAccessMixin, View):
    def post(self, request, *args, **kwargs):
        decision = get_object_or_404(self.lab.decisions, pk=self.kwargs["decision_pk"])
        form = SignoffForm(request.POST)
        form.is_valid()
        approve = request.POST.get("verdict") == "sign"
        try:
            services.decision_sign(
                decision=decision, by=request.user, approve=approve, comment=form.cleaned_data.get("comment", "")
            )
        except ValidationError as error:
            messages.error(request, _messages_of(error))
        else:
            messages.success(request, _("Your sign-off has been recorded.") if approve else _("You have declined."))
        return redirect(decision.get_absolute_url())


class DecisionReviewView(InnovationUnitRequiredMixin, LogAccessMixin, View):
    def post(self, request, *args, **kwargs):
        decision = get_object_or_404(self.lab.decisions, pk=self.kwargs["decision_pk"])
        form = ReviewForm(request.POST)
        form.is_valid()
        approve = request.POST.get("verdict") == "approve"
        try:
            services.decision_review_extension(
                decision=decision, by=request.user, approve=approve, comment=form.cleaned_data.get("comment", "")
            )
        except ValidationError as error:
            messages.error(request, _messages_of(error))
        else:
            messages.success(request, _("The extension has been approved.") if approve else _("The extension has not been approved."))
        return redirect(decision.get_absolute_url())


# --- Files -------------------------------------------------------------------------------


class AttachmentDownloadView(LoginRequiredMixin, View):
    """Streams a lab file: a final report's once adopted to everyone, a log entry's (or a
    report still awaiting sign-off) to members and the innovation unit."""

    def get(self, request, pk):
        attachment = get_object_or_404(
            LabAttachment.objects.select_related("lab", "report__decision"), pk=pk
        )
        public = attachment.report is not None and attachment.report.decision.status == DecisionStatus.ADOPTED
        if not public and not permissions.can_read_log(request.user, attachment.lab):
            raise Http404
        try:
            handle = attachment.file.open("rb")
        except FileNotFoundError as error:
            raise Http404 from error
        return FileResponse(handle, as_attachment=True, filename=attachment.original_name)
