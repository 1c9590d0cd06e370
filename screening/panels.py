"""The screening panel on a proposal's page (registered in ``ScreeningConfig.ready``).

The innovation unit sees the entry's rank and score; the proposers, once decided, see the
outcome (with the rationale when selected). Board scores are never shown to proposers.
"""

from accounts.permissions import is_innovation_unit
from proposals.enums import ProposalStatus
from proposals.permissions import is_author

from . import selectors
from .models import Screening


def screening_panel(request, proposal):
    screening = Screening.objects.filter(call_id=proposal.call_id).first()
    if screening is None or proposal.status not in (
        ProposalStatus.SUBMITTED,
        ProposalStatus.SELECTED,
        ProposalStatus.NOT_SELECTED,
    ):
        return None
    if is_innovation_unit(request.user) and screening.opened_at:
        result, entry_count = selectors.entry_rank(screening=screening, proposal=proposal)
        return "screening/panel.html", {
            "screening": screening,
            "result": result,
            "entry_count": entry_count,
            "for_manager": True,
        }
    if screening.is_decided and is_author(request.user, proposal):
        return "screening/panel.html", {"screening": screening, "for_manager": False, "proposal": proposal}
    return None
