"""Joint decisions (proposing, signing, the innovation unit's review of an extension), the
final report's form, and the lab's files."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import DetailView, FormView, ListView

from accounts.mixins import InnovationUnitRequiredMixin
from accounts.permissions import is_innovation_unit
from core.forms import error_text

from .. import permissions, selectors, services
from ..enums import DecisionKind, DecisionStatus, MembershipStatus
from ..forms import DecisionForm, FinalReportForm, ReviewForm, SignoffForm
from ..models import LabAttachment
from ._base import LogAccessMixin, MemberRequiredMixin, ServiceFormMixin, crumbs


class DecisionListView(LogAccessMixin, ListView):
    page_title = gettext_lazy("Joint decisions")
    template_name = "labs/decision_list.html"
    context_object_name = "decisions"
    paginate_by = 20

    def get_queryset(self):
        return selectors.decisions(self.lab)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_decide"] = permissions.can_decide(self.request.user, self.lab, self.member)
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
        members = list(
            self.lab.memberships.filter(status=MembershipStatus.ACTIVE).select_related("user").only("lab_id", "user__full_name")
        )
        required = services.required_signers(decision, members)
        responded = {s.user_id for s in signoffs}
        context.update(
            signoffs=signoffs,
            waiting_for=[m.user for m in members if m.user_id in required and m.user_id not in responded],
            can_sign=decision.status == DecisionStatus.PENDING
            and user.pk in required and user.pk not in responded
            and permissions.can_decide(user, self.lab, self.member),
            can_review=decision.status == DecisionStatus.AWAITING_APPROVAL and is_innovation_unit(user),
            sign_form=SignoffForm(),
            review_form=ReviewForm(),
            report=getattr(decision, "report", None) if decision.kind == DecisionKind.FINAL_REPORT else None,
            crumbs=crumbs(self.lab, _("Joint decisions"), decision.get_kind_display()),
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
            messages.error(request, error_text(error))
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
            messages.error(request, error_text(error))
        else:
            messages.success(request, _("The extension has been approved.") if approve else _("The extension has not been approved."))
        return redirect(decision.get_absolute_url())


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
