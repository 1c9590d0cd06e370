"""The "where did my proposal go" panel on a proposal's page."""

from accounts.permissions import is_innovation_unit
from proposals.permissions import visible_proposals

from .selectors import proposal_routing_overview


def routing_panel(request, proposal):
    """For the proposer, co-proposers and the innovation unit: the review verdict, each
    department the proposal went to and every answer and update. Three queries at most."""
    user = request.user
    if not is_innovation_unit(user) and not visible_proposals(user).filter(pk=proposal.pk).exists():
        return None
    review, routings = proposal_routing_overview(proposal)
    if review is None:
        return None
    return "routing/panel.html", {"review": review, "routings": routings}
