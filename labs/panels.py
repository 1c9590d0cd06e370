"""The lab panel on a selected proposal's page, and the lab invitations on the home page."""

from accounts.permissions import is_innovation_unit
from proposals.enums import ProposalStatus

from .enums import LabStatus, MembershipStatus
from .models import Lab, Membership


def proposal_lab_panel(request, proposal):
    """Links a selected proposal to its lab, or offers the innovation unit to form one."""
    if proposal.status != ProposalStatus.SELECTED:
        return None
    lab = Lab.objects.filter(proposal=proposal).first()
    can_form = lab is None and is_innovation_unit(request.user)
    if lab is None and not can_form:
        return None
    return "labs/panels/proposal_lab.html", {"lab": lab, "can_form": can_form, "proposal_pk": proposal.pk}


def lab_invitations_home_panel(request):
    """A person's open invitations to join a lab, each linking to the lab's page, where they
    answer it. One query."""
    invitations = list(
        Membership.objects.filter(
            user=request.user,
            status=MembershipStatus.INVITED,
            lab__status__in=[LabStatus.RECRUITING, LabStatus.RUNNING, LabStatus.PAUSED],
        )
        .select_related("lab")
        .only("id", "lab__id", "lab__name", "lab__status")
        .order_by("lab__name", "id")
    )
    if not invitations:
        return None
    return "labs/panels/home_invitations.html", {"invitations": invitations}
