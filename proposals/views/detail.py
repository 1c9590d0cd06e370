"""A proposal's page, its deferred panels, and its attachments."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from core.panels import deferred_panel, proposal_panels

from .. import permissions, selectors, services
from ..enums import CallPhase, ProposalStatus
from ..extra_answers import answers_for
from ..models import Attachment

# The proposal's page asks its authors about the idea bank while the idea may still go there.
IDEA_BANK_ASKED = (ProposalStatus.SUBMITTED, ProposalStatus.NOT_SELECTED)


class ProposalDetailView(LoginRequiredMixin, View):
    """A proposal's page, rendered afresh for every request from the proposal read through
    ``visible_proposals`` (someone who may not see it gets 404) and the panels other apps
    register (``core.panels``); the costly panels are deferred."""

    def get(self, request, pk):
        visible = permissions.visible_proposals(request.user)
        proposal = get_object_or_404(selectors.proposal_for_detail(visible), pk=pk)
        return render(request, "proposals/proposal_detail.html", self.body_context(proposal))

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
            "extra_answers": answers_for(proposal, for_board=False),
            "idea_bank": selectors.idea_bank_state(proposal, user)
            if permissions.is_author(user, proposal) and proposal.status in IDEA_BANK_ASKED
            else None,
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
