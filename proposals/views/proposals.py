"""A member of staff's proposals: their list, the proposal form (new and edit, with autosave)
and the actions on a proposal (submit, withdraw, answer an invitation to co-propose)."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import ListView

from core.confirm import confirmation_page, is_confirmed
from core.forms import add_form_errors, error_text

from .. import permissions, selectors, services
from ..enums import ProposalStatus
from ..forms import AutosaveForm, ProposalForm
from ..models import Call, Proposal


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

    def render_form(self, form, call, proposal, status=200, kept=False):
        context = {
            "form": form,
            "call": call,
            "proposal": proposal,
            "closed": not call.is_open,
            "attachments": list(proposal.attachments.all()) if proposal else [],
            "kept": kept,
        }
        return render(self.request, self.template_name, context, status=status)

    def refused(self, form, call: Call, proposal: Proposal | None):
        """The form with its errors. A refused submission, or a save refused only for a file, is
        first kept as a draft (``keep_as_draft``), so that nothing typed or attached is lost: the
        page then shows the errors against the kept draft, posts to its edit page, and says what
        was saved. (A refused file itself is never stored.)"""
        if self.submitting() or "new_attachments" in form.errors:
            kept = self.keep_as_draft(form, call, proposal)
            if kept is not None:
                if self.submitting():
                    message = _("Not submitted yet. Your text and files are saved as a draft: correct the items "
                                "below and submit again.")
                else:
                    message = _("Your text is saved as a draft. The files were not stored: choose them again "
                                "after correcting the items below.")
                messages.warning(self.request, message)
                return self.render_form(form, call, kept, status=400, kept=True)
        return self.render_form(form, call, proposal, status=400)

    def keep_as_draft(self, form, call: Call, proposal: Proposal | None) -> Proposal | None:
        """Saves what a refused submission sent as a draft when a draft may hold it (a title and
        valid fields; the files too unless one of them was refused, since the form stores all
        of them or none). ``None`` when even a draft cannot be saved."""
        files = None if "new_attachments" in form.errors else self.request.FILES
        user = self.request.user
        draft = ProposalForm(self.request.POST, files, call=call, user=user, instance=proposal, submitting=False)
        if not draft.is_valid():
            return None
        try:
            return self.save_form(draft, call, proposal, submit=False)
        except (ValidationError, PermissionDenied):
            return None

    def save_form(self, form, call: Call, proposal: Proposal | None, *, submit: bool) -> Proposal:
        """``services.proposal_save`` with what a valid form holds."""
        data = form.cleaned_data
        return services.proposal_save(
            call=call,
            proposal=proposal,
            by=self.request.user,
            client_token=data["client_token"],
            fields=form.proposal_fields(),
            coproposers=data.get("coproposer_numbers"),
            volunteers=data["volunteers"],
            attachments=data["new_attachments"],
            answers=form.extra_answers(),
            submit=submit,
            idea_bank=data["idea_bank"],
        )

    def save(self, form, call: Call, proposal: Proposal | None):
        user = self.request.user
        data = form.cleaned_data
        try:
            proposal = self.save_form(form, call, proposal, submit=self.submitting())
        except ValidationError as error:
            already = selectors.proposal_by_client_token(user, data["client_token"])
            if already is not None and already.status != ProposalStatus.DRAFT:
                messages.info(self.request, error_text(error))
                return redirect(already)
            add_form_errors(form, error)
            return self.refused(form, call, proposal)
        if self.submitting():
            # The reference never breaks at its hyphens on a phone ("2026-G-" / "004").
            reference = format_html('<span class="portal-nowrap">{}</span>', proposal.reference)
            messages.success(
                self.request,
                format_html(
                    _("Your proposal has been submitted as {reference}. A receipt is on its way."),
                    reference=reference,
                ),
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
            return self.refused(form, self.call, None)
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
            return self.refused(form, proposal.call, proposal)
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
            proposal = selectors.proposal_by_client_token(request.user, form.cleaned_data["client_token"])
        if proposal is not None and proposal.status != ProposalStatus.DRAFT:
            return HttpResponse(status=204)
        if not (form.cleaned_data.get("title") or "").strip():
            return self.status(_("Not saved yet: a title is needed."))
        try:
            services.proposal_save_draft(
                call=call,
                by=request.user,
                client_token=form.cleaned_data["client_token"],
                proposal=proposal,
                fields=form.proposal_fields(),
            )
        except ValidationError as error:
            return self.status(error_text(error), error=True)
        except PermissionDenied:
            return self.status(_("Not saved."), error=True)
        saved_at = timezone.localtime().strftime("%H:%M:%S")
        return self.status(_("Draft saved automatically at %(time)s.") % {"time": saved_at})


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
            messages.error(request, error_text(error))
        return redirect(proposal)


class ProposalSubmitView(ProposalActionView):
    def act(self, proposal):
        if not permissions.is_author(self.request.user, proposal):
            raise PermissionDenied
        services.proposal_submit(proposal=proposal, by=self.request.user)
        messages.success(self.request, _("Your proposal has been submitted. A receipt is on its way."))


class ProposalWithdrawView(ProposalActionView):
    """Withdrawing cannot be undone: a POST without ``confirm=1`` only shows what it does
    (or, when the proposal cannot be withdrawn, the service's refusal)."""

    def post(self, request, pk):
        proposal = self.proposal()
        if proposal.proposer_id != request.user.pk:
            raise PermissionDenied
        if is_confirmed(request) or not permissions.can_withdraw_proposal(request.user, proposal):
            return super().post(request, pk)
        return confirmation_page(
            request,
            title=_("Withdraw the proposal"),
            statement=_(
                "This proposal will be withdrawn. A withdrawn proposal is no longer screened, "
                "and this cannot be undone."
            ),
            confirm_label=_("Withdraw"),
            cancel_url=proposal.get_absolute_url(),
            crumbs=[(proposal.title, proposal.get_absolute_url())],
        )

    def act(self, proposal):
        services.proposal_withdraw(proposal=proposal, by=self.request.user)
        messages.success(self.request, _("Your proposal has been withdrawn."))


class CoProposerRespondView(ProposalActionView):
    def act(self, proposal):
        accept = self.request.POST.get("response") == "accept"
        services.coproposer_respond(
            proposal=proposal,
            by=self.request.user,
            accept=accept,
            volunteers=bool(self.request.POST.get("volunteers")),
            idea_bank=bool(self.request.POST.get("idea_bank")),
        )
        messages.success(
            self.request,
            _("You are now named as a co-proposer.") if accept else _("You declined to be named on this proposal."),
        )


class IdeaBankConsentView(ProposalActionView):
    """An author changes their answer on the idea bank (아이디어 뱅크) from the proposal's page.
    Who comes: the proposer or an accepted co-proposer; what they do: agree or withdraw (the
    idea leaves the bank at once); next: back on the proposal's page, with the new state."""

    def act(self, proposal):
        if not permissions.is_author(self.request.user, proposal):
            raise PermissionDenied
        agreed = self.request.POST.get("agreed") == "1"
        services.idea_bank_consent_set(proposal=proposal, by=self.request.user, agreed=agreed)
        messages.success(
            self.request,
            _("Your idea may be shown in the idea bank once every author agrees.")
            if agreed
            else _("Your consent is withdrawn: the idea is not shown in the idea bank."),
        )
