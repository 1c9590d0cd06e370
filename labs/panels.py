"""The lab panel on a selected proposal's page."""

from proposals.enums import ProposalStatus

from . import permissions
from .models import Lab


def proposal_lab_panel(request, proposal):
    """Links a selected proposal to its lab, or offers the innovation unit to form one."""
    if proposal.status != ProposalStatus.SELECTED:
        return None
    lab = Lab.objects.filter(proposal=proposal).first()
    can_form = lab is None and permissions.can_manage_labs(request.user)
    if lab is None and not can_form:
        return None
    return "labs/panels/proposal_lab.html", {"lab": lab, "can_form": can_form, "proposal_pk": proposal.pk}
