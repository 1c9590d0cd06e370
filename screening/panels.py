"""The screening panels on a proposal's page (registered in ``ScreeningConfig.ready``).

- ``screening_panel``: the proposers, once decided, see the outcome (with the rationale when
  selected).
- ``screening_rank_panel``: the innovation unit sees the entry's rank and score, from the
  entries' summary rows; a deferred panel (``core.panels``), loaded after the page.

Board scores are never shown to proposers.
"""

from accounts.permissions import is_innovation_unit
from proposals.enums import ProposalStatus
from proposals.permissions import is_author

from . import selectors
from .models import Screening

SCREENED_STATUSES = (ProposalStatus.SUBMITTED, ProposalStatus.SELECTED, ProposalStatus.NOT_SELECTED)


def screening_panel(request, proposal):
    if proposal.status not in (ProposalStatus.SELECTED, ProposalStatus.NOT_SELECTED):
        return None
    if not is_author(request.user, proposal):
        return None
    screening = Screening.objects.filter(call_id=proposal.call_id).first()
    if screening is None or not screening.is_decided:
        return None
    return "screening/panel.html", {"screening": screening, "proposal": proposal}


def screening_rank_applies(request, proposal) -> bool:
    return is_innovation_unit(request.user) and proposal.status in SCREENED_STATUSES


def screening_rank_panel(request, proposal):
    if not screening_rank_applies(request, proposal):
        return None
    screening = Screening.objects.filter(call_id=proposal.call_id).first()
    if screening is None or not screening.opened_at:
        return None
    result, entry_count = selectors.entry_rank(screening=screening, proposal=proposal)
    return "screening/panel_rank.html", {"screening": screening, "result": result, "entry_count": entry_count}


def call_criteria_panel(request, call):
    """The call's page: how the entries will be judged. The criteria once the unit has
    published them (``criteria_publish``; fixed from then on), "to be announced" before; the
    screening's deadline once it is set up. Two queries at most, for every visitor."""
    screening = Screening.objects.filter(call=call).first()
    published = screening is not None and screening.criteria_published_at is not None
    criteria = list(screening.criteria.all()) if published else []
    return "screening/call_panel.html", {"screening": screening, "published": published, "criteria": criteria}
