import hashlib

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Max
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import (
    CreateView,
    DetailView,
    FormView,
    ListView,
    TemplateView,
    UpdateView,
)

from accounts.mixins import InnovationUnitRequiredMixin
from core.exports import FORMATS, export_response
from core.pagecache import cached_body, page_key
from core.panels import deferred_panel, home_panels, proposal_panels

from . import permissions, selectors, services
from .enums import CallPhase, ProposalStatus
from .filters import SubmissionFilter
from .forms import AutosaveForm, CallForm, CallNoticeForm, ExtendDeadlineForm, ProposalForm
from .models import Attachment, Call, Proposal


def _first_error(error: ValidationError) -> str:
    return " ".join(error.messages)


class HomeView(TemplateView):
    template_name = "proposals/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["open_calls"] = list(selectors.open_calls())
        if user.is_authenticated:
            context["recent_proposals"] = list(selectors.my_proposals(user)[:5])
            context["invitations"] = list(selectors.pending_coproposal_invitations(user))
            context["panels"] = home_panels(self.request)
        return context


# --- Calls -------------------------------------------------------------------------------


class CallListView(ListView):
    template_name = "proposals/call_list.html"
    context_object_name = "calls"
    paginate_by = 20

    def get_queryset(self):
        return selectors.call_list()


CALL_PAGE_SECONDS = 600


class CallDetailView(DetailView):
    """A call's page. Its public parts (facts, description, notices) are the same for everyone
    and are cached as fragments under the call's ``updated_at``; the phase, the viewer's own
    proposals and buttons are rendered on each request. The management links follow the
    header's role flags (``nav_is_innovation_unit``), as the menu does: they only decide what is
    shown, and each of those views checks the role itself."""

    model = Call  # the notices are read inside the cached fragment, so only on a miss
    template_name = "proposals/call_detail.html"
    context_object_name = "call"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["call_page_seconds"] = CALL_PAGE_SECONDS
        context["can_propose"] = permissions.can_propose_to(user, self.object)
        if user.is_authenticated:
            context["my_proposals"] = selectors.my_proposals_in_call(user, self.object)
        return context


class CallCreateView(InnovationUnitRequiredMixin, CreateView):
    template_name = "proposals/call_form.html"
    form_class = CallForm

    def form_valid(self, form):
        try:
            call = services.call_create(by=self.request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, _("The call has been created."))
        return redirect(call)


class CallUpdateView(InnovationUnitRequiredMixin, UpdateView):
    template_name = "proposals/call_form.html"
    form_class = CallForm
    model = Call

    def form_valid(self, form):
        try:
            call = services.call_update(call=self.object, by=self.request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, _("The call has been saved."))
        return redirect(call)


class CallExtendView(InnovationUnitRequiredMixin, FormView):
    template_name = "proposals/call_extend.html"
    form_class = ExtendDeadlineForm

    @cached_property
    def call(self):
        return get_object_or_404(Call, pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        return super().get_context_data(call=self.call, **kwargs)

    def form_valid(self, form):
        try:
            services.call_extend_deadline(call=self.call, closes_at=form.cleaned_data["closes_at"], by=self.request.user)
        except ValidationError as error:
            form.add_error("closes_at", error)
            return self.form_invalid(form)
        messages.success(self.request, _("The deadline has been extended and staff with drafts were told."))
        return redirect(self.call)


class CallNoticeCreateView(InnovationUnitRequiredMixin, FormView):
    template_name = "proposals/call_notice_form.html"
    form_class = CallNoticeForm

    @cached_property
    def call(self):
        return get_object_or_404(Call, pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        return super().get_context_data(call=self.call, **kwargs)

    def form_valid(self, form):
        services.call_notice_post(call=self.call, by=self.request.user, **form.cleaned_data)
        messages.success(self.request, _("The notice has been posted."))
        return redirect(self.call)


SUBMISSION_ROWS_SECONDS = 60


class CallSubmissionsView(InnovationUnitRequiredMixin, ListView):
    """Every submission of a call, with filters, for the innovation unit."""

    template_name = "proposals/call_submissions.html"
    context_object_name = "proposals"
    paginate_by = 50

    @cached_property
    def call(self):
        return get_object_or_404(Call, pk=self.kwargs["pk"])

    def get_queryset(self):
        self.filterset = SubmissionFilter(self.request.GET or None, queryset=selectors.call_submissions(self.call))
        return self.filterset.qs

    def get_context_data(self, **kwargs):
        query = self.request.GET.copy()
        query.pop("page", None)
        context = super().get_context_data(
            call=self.call, filter=self.filterset, export_query=query.urlencode(), formats=FORMATS, **kwargs
        )
        context["rows_key"] = self.rows_key(context["page_obj"], query)
        context["submission_rows_seconds"] = SUBMISSION_ROWS_SECONDS
        return context

    def rows_key(self, page_obj, query) -> str:
        """The key of this page's rendered rows (``{% cache %}`` in the template, which then
        never reads the page's query). The page is the innovation unit's only (checked before)
        and the same for each of its members. The key carries the filter, the page and a stamp
        of the filtered submissions: their number, newest change and attachments, so a new
        submission, a status change, an edit or a file shows at once; only a renamed person or
        department can lag, by ``SUBMISSION_ROWS_SECONDS`` at most."""
        stamp = self.filterset.qs.order_by().aggregate(
            n=Count("pk", distinct=True), changed=Max("updated_at"), files=Count("attachments"), last_file=Max("attachments")
        )
        changed = stamp["changed"].timestamp() if stamp["changed"] else 0
        digest = hashlib.sha256(query.urlencode().encode()).hexdigest()[:16]
        return f"{self.call.pk}:{digest}:{page_obj.number}:{stamp['n']}:{changed}:{stamp['files']}:{stamp['last_file']}"


class CallSubmissionsExportView(CallSubmissionsView):
    def get(self, request, *args, **kwargs):
        fmt = self.kwargs["fmt"]
        if fmt not in FORMATS:
            raise Http404
        headers = [
            _("Reference number"), _("Title"), _("Status"), _("Proposer"), _("Proposer's department"),
            _("Owning department"), _("Keywords"), _("Submitted"), _("Attachments"),
        ]
        rows = (
            [
                p.reference,
                p.title,
                p.get_status_display(),
                p.proposer.full_name,
                p.proposer.department.name if p.proposer.department_id else "",
                p.owning_department.name if p.owning_department_id else "",
                p.keywords,
                timezone.localtime(p.submitted_at).strftime("%Y-%m-%d %H:%M") if p.submitted_at else "",
                p.attachment_count,
            ]
            for p in self.get_queryset().iterator(chunk_size=500)
        )
        return export_response(fmt=fmt, filename=f"{self.call.code}-submissions", headers=headers, rows=rows)


# --- Proposals ---------------------------------------------------------------------------


class MyProposalsView(LoginRequiredMixin, ListView):
    template_name = "proposals/my_proposals.html"
    context_object_name = "proposals"
    paginate_by = 30

    def get_queryset(self):
        return selectors.my_proposals(self.request.user)

    def get_context_data(self, **kwargs):
        return super().get_context_data(invitations=list(selectors.pending_coproposal_invitations(self.request.user)), **kwargs)


class ProposalFormMixin(LoginRequiredMixin):
    """Shared by the new-proposal and edit pages: one POST saves the text, the co-proposers,
    the volunteering and the new attachments in one transaction, then submits if asked."""

    template_name = "proposals/proposal_form.html"

    def submitting(self) -> bool:
        return self.request.method == "POST" and "submit" in self.request.POST

    def form_for(self, call: Call, proposal: Proposal | None):
        kwargs = {"call": call, "user": self.request.user, "instance": proposal, "submitting": self.submitting()}
        if self.request.method == "POST":
            return ProposalForm(self.request.POST, self.request.FILES, **kwargs)
        return ProposalForm(**kwargs)

    def render_form(self, form, call, proposal, status=200):
        context = {
            "form": form,
            "call": call,
            "proposal": proposal,
            "closed": not call.is_open,
            "attachments": list(proposal.attachments.all()) if proposal else [],
        }
        return render(self.request, self.template_name, context, status=status)

    def save(self, form, call: Call, proposal: Proposal | None):
        user = self.request.user
        try:
            with transaction.atomic():
                proposal = services.proposal_save_draft(
                    call=call,
                    by=user,
                    client_token=form.cleaned_data["client_token"],
                    proposal=proposal,
                    fields=form.proposal_fields(),
                )
                if "coproposer_numbers" in form.cleaned_data:
                    services.proposal_set_coproposers(
                        proposal=proposal, users=form.cleaned_data["coproposer_numbers"], by=user
                    )
                services.coproposer_set_volunteering(proposal=proposal, by=user, volunteers=form.cleaned_data["volunteers"])
                for upload in form.cleaned_data["new_attachments"]:
                    services.attachment_add(proposal=proposal, upload=upload, by=user)
                if self.submitting():
                    services.proposal_submit(proposal=proposal, by=user)
        except ValidationError as error:
            already = Proposal.objects.filter(proposer=user, client_token=form.cleaned_data["client_token"]).first()
            if already is not None and already.status != ProposalStatus.DRAFT:
                messages.info(self.request, _first_error(error))
                return redirect(already)
            form.add_error(None, error)
            return self.render_form(form, call, proposal, status=400)
        if self.submitting():
            messages.success(
                self.request,
                _("Your proposal has been submitted as %(reference)s. A receipt is on its way.")
                % {"reference": Proposal.objects.values_list("reference", flat=True).get(pk=proposal.pk)},
            )
        else:
            messages.success(self.request, _("Your draft has been saved."))
        return redirect(proposal)


class ProposalCreateView(ProposalFormMixin, View):
    @cached_property
    def call(self):
        return get_object_or_404(Call, pk=self.kwargs["pk"])

    def get(self, request, pk):
        return self.render_form(self.form_for(self.call, None), self.call, None)

    def post(self, request, pk):
        form = self.form_for(self.call, None)
        if not self.call.is_open:
            form.is_valid()
            form.add_error(None, _("This call is closed. Proposals can no longer be written, changed or withdrawn."))
            return self.render_form(form, self.call, None, status=400)
        if not form.is_valid():
            return self.render_form(form, self.call, None, status=400)
        return self.save(form, self.call, None)


class ProposalUpdateView(ProposalFormMixin, View):
    @cached_property
    def proposal(self):
        return get_object_or_404(selectors.proposal_for_detail(permissions.visible_proposals(self.request.user)), pk=self.kwargs["pk"])

    def get(self, request, pk):
        proposal = self.proposal
        if not permissions.is_author(request.user, proposal):
            raise PermissionDenied
        return self.render_form(self.form_for(proposal.call, proposal), proposal.call, proposal)

    def post(self, request, pk):
        proposal = self.proposal
        if not permissions.is_author(request.user, proposal):
            raise PermissionDenied
        form = self.form_for(proposal.call, proposal)
        if not permissions.can_edit_proposal(request.user, proposal):
            form.is_valid()
            form.add_error(None, _("This call is closed. Proposals can no longer be written, changed or withdrawn.")
                           if not proposal.call.is_open else _("This proposal can no longer be changed."))
            return self.render_form(form, proposal.call, proposal, status=400)
        if not form.is_valid():
            return self.render_form(form, proposal.call, proposal, status=400)
        return self.save(form, proposal.call, proposal)


class AutosaveView(LoginRequiredMixin, View):
    """htmx endpoint: saves a draft's text while the author types. Submitted proposals are
    not autosaved on the server (their changes are recorded in the history when saved)."""

    @staticmethod
    def status(message: str, *, error: bool = False) -> HttpResponse:
        return HttpResponse(
            format_html('<span class="portal-autosave{}">{}</span>', " is-error" if error else "", message)
        )

    def post(self, request, **kwargs):
        if "proposal_pk" in kwargs:
            proposal = get_object_or_404(permissions.visible_proposals(request.user), pk=kwargs["proposal_pk"])
            call = proposal.call
        else:
            proposal = None
            call = get_object_or_404(Call, pk=kwargs["pk"])
        form = AutosaveForm(request.POST, instance=proposal)
        if not form.is_valid():
            return self.status(" ".join(e for errors in form.errors.values() for e in errors), error=True)
        if proposal is None:
            # The same form may already have created (and even submitted) its proposal.
            proposal = Proposal.objects.filter(
                proposer=request.user, client_token=form.cleaned_data["client_token"]
            ).first()
        if proposal is not None and proposal.status != ProposalStatus.DRAFT:
            return HttpResponse(status=204)
        if not (form.cleaned_data.get("title") or "").strip():
            return self.status(_("Not saved yet: a title is needed."))
        try:
            with transaction.atomic():
                services.proposal_save_draft(
                    call=call,
                    by=request.user,
                    client_token=form.cleaned_data["client_token"],
                    proposal=proposal,
                    fields=form.proposal_fields(),
                )
        except ValidationError as error:
            return self.status(_first_error(error), error=True)
        except PermissionDenied:
            return self.status(_("Not saved."), error=True)
        saved_at = timezone.localtime().strftime("%H:%M:%S")
        return self.status(_("Draft saved automatically at %(time)s.") % {"time": saved_at})


PROPOSAL_PAGE_SECONDS = settings.PROPOSAL_PAGE_CACHE_SECONDS


class ProposalDetailView(LoginRequiredMixin, View):
    """A proposal's page. Its body (everything below the header) is kept in the cache per viewer
    (``core.pagecache``) under the proposal's ``updated_at``, which every change to what
    the body shows moves (the proposal's own saves, and the receivers that
    ``panels.touch_proposal_on_change`` connects for the rows it shows from other tables), and
    its call's title and phase. Each
    request still reads the proposal through ``visible_proposals`` (one query), so access is
    decided afresh: only what the page looks like comes from the cache."""

    def get(self, request, pk):
        visible = permissions.visible_proposals(request.user)
        proposal = get_object_or_404(selectors.proposal_page_head(visible), pk=pk)
        call = proposal.call
        body = cached_body(
            request,
            key=page_key("proposal", request.user, [proposal.pk, proposal.updated_at, call.title, call.phase]),
            seconds=PROPOSAL_PAGE_SECONDS,
            template_name="proposals/proposal_body.html",
            context=lambda: self.body_context(get_object_or_404(selectors.proposal_for_detail(visible), pk=pk)),
        )
        return render(request, "proposals/proposal_detail.html", {"proposal": proposal, "body": body})

    def body_context(self, proposal) -> dict:
        user = self.request.user
        my_link = next((c for c in proposal.coproposers.all() if c.user_id == user.pk), None)
        return {
            "proposal": proposal,
            "can_edit": permissions.can_edit_proposal(user, proposal),
            "can_submit": permissions.can_submit_proposal(user, proposal),
            "can_withdraw": permissions.can_withdraw_proposal(user, proposal),
            "invitation": my_link if my_link and my_link.status == "invited" else None,
            "in_screening": proposal.call.phase == CallPhase.SCREENING and proposal.status == ProposalStatus.SUBMITTED,
            "panels": proposal_panels(self.request, proposal),
        }


class ProposalPanelView(LoginRequiredMixin, View):
    """One deferred panel of a proposal's page (``core.panels``): the bare panel for htmx,
    which swaps it into the page, or a page of its own without JavaScript. Someone who may not
    see the proposal gets 404; someone the panel is not for gets an empty answer."""

    def get(self, request, pk, slug):
        panel = deferred_panel(slug)
        if panel is None:
            raise Http404
        proposal = get_object_or_404(
            selectors.proposal_for_detail(permissions.visible_proposals(request.user)), pk=pk
        )
        result = panel.func(request, proposal) if panel.applies(request, proposal) else None
        if request.headers.get("HX-Request"):
            if result is None:
                return HttpResponse("")
            return render(request, result[0], {"panel": result[1], "proposal": proposal})
        template_name, panel_context = result if result is not None else ("", None)
        return render(
            request,
            "proposals/proposal_panel.html",
            {"proposal": proposal, "title": panel.title, "template_name": template_name, "panel_context": panel_context},
        )


class ProposalActionView(LoginRequiredMixin, View):
    """Base for POST-only actions on a proposal the user may see (others get 404)."""

    def proposal(self):
        return get_object_or_404(
            permissions.visible_proposals(self.request.user).select_related("call"), pk=self.kwargs["pk"]
        )

    def get(self, request, pk):
        return redirect("proposals:proposal-detail", pk=pk)

    def post(self, request, pk):
        proposal = self.proposal()
        try:
            self.act(proposal)
        except ValidationError as error:
            messages.error(request, _first_error(error))
        return redirect(proposal)


class ProposalSubmitView(ProposalActionView):
    def act(self, proposal):
        if not permissions.is_author(self.request.user, proposal):
            raise PermissionDenied
        services.proposal_submit(proposal=proposal, by=self.request.user)
        messages.success(self.request, _("Your proposal has been submitted. A receipt is on its way."))


class ProposalWithdrawView(ProposalActionView):
    def act(self, proposal):
        if proposal.proposer_id != self.request.user.pk:
            raise PermissionDenied
        services.proposal_withdraw(proposal=proposal, by=self.request.user)
        messages.success(self.request, _("Your proposal has been withdrawn."))


class CoProposerRespondView(ProposalActionView):
    def act(self, proposal):
        accept = self.request.POST.get("response") == "accept"
        services.coproposer_respond(
            proposal=proposal, by=self.request.user, accept=accept, volunteers=bool(self.request.POST.get("volunteers"))
        )
        messages.success(
            self.request,
            _("You are now named as a co-proposer.") if accept else _("You declined to be named on this proposal."),
        )


# --- Attachments -------------------------------------------------------------------------


def _visible_attachment(request, pk) -> Attachment:
    visible = permissions.visible_proposals(request.user).values("pk")
    return get_object_or_404(Attachment.objects.select_related("proposal__call"), pk=pk, proposal__in=visible)


class AttachmentDownloadView(LoginRequiredMixin, View):
    """Streams an attachment as a download to someone who may see its proposal."""

    def get(self, request, pk):
        attachment = _visible_attachment(request, pk)
        try:
            handle = attachment.file.open("rb")
        except FileNotFoundError as error:
            raise Http404 from error
        return FileResponse(handle, as_attachment=True, filename=attachment.original_name)


class AttachmentDeleteView(LoginRequiredMixin, View):
    def post(self, request, pk):
        attachment = _visible_attachment(request, pk)
        proposal = attachment.proposal
        services.attachment_delete(attachment=attachment, by=request.user)
        messages.success(request, _("The attachment has been removed."))
        return redirect(reverse("proposals:proposal-update", kwargs={"pk": proposal.pk}))
