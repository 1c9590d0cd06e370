"""The "similar earlier proposals" panel on a proposal's page (registered in
``InsightConfig.ready``).

Shown to the innovation unit, the liaisons of the departments the proposal was routed to, and
the proposal's own authors: each sees only the earlier proposals they may find in the search
(``insight.permissions.searchable_proposals``), with the proposers only where they may see them.
"""

from accounts.permissions import is_innovation_unit
from proposals.enums import ProposalStatus
from proposals.permissions import is_author
from routing.permissions import liaison_department_ids

from . import selectors


def may_see_panel(user, proposal) -> bool:
    if is_innovation_unit(user) or is_author(user, proposal):
        return True
    department_ids = liaison_department_ids(user)
    return bool(department_ids) and proposal.routings.filter(department_id__in=department_ids).exists()


def similar_proposals_applies(request, proposal) -> bool:
    return proposal.status != ProposalStatus.DRAFT and may_see_panel(request.user, proposal)


def similar_proposals_panel(request, proposal):
    """Called by the panel view only when ``similar_proposals_applies``."""
    items = selectors.proposal_rows(request.user, selectors.similar_earlier(request.user, proposal))
    return "insight/panel.html", {"similar_items": items, "similar_for": proposal}
