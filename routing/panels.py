"""The "where did my proposal go" panel on a proposal's page."""

from .selectors import proposal_routing_overview


def routing_panel(request, proposal):
    """For everyone who may see the proposal (its authors, the innovation unit; panels are only
    called with such a proposal, see core.panels): the review verdict, each department the
    proposal went to and every answer and update. Three queries at most."""
    review, routings = proposal_routing_overview(proposal)
    if review is None:
        return None
    return "routing/panel.html", {"review": review, "routings": routings}
