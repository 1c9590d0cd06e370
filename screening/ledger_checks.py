"""The screening's state check for ``verify_ledger --state`` (registered in
``ScreeningConfig.ready``): the proposals the ledger records as selected are exactly the
proposals whose status is "selected"."""

from collections.abc import Iterator

from ledger.enums import LedgerKind
from ledger.state import Disagreement, recorded
from proposals.enums import ProposalStatus
from proposals.models import Proposal

CHECK = "screening.selection"


def _recorded_selections() -> dict[int, int]:
    """Proposal id → position of the first entry recording it selected (a ``screening.selected``
    entry, or the ``selected_ids`` of a ``screening.decided`` entry)."""
    selected: dict[int, int] = {}
    for entry in recorded(LedgerKind.SCREENING_DECIDED, LedgerKind.SCREENING_SELECTED):
        if "selected_ids" in entry.data:
            ids = entry.data["selected_ids"] or []
        else:
            ids = [entry.data.get("proposal_id")]
        for proposal_id in ids:
            if isinstance(proposal_id, int):
                selected.setdefault(proposal_id, entry.position)
    return selected


def selection_disagreements() -> Iterator[Disagreement]:
    recorded_ids = _recorded_selections()
    selected_rows = set(Proposal.objects.filter(status=ProposalStatus.SELECTED).values_list("pk", flat=True))
    rows = Proposal.objects.in_bulk(set(recorded_ids) | selected_rows)
    for pk in sorted(set(recorded_ids) | selected_rows):
        proposal = rows.get(pk)
        label = f"proposals.proposal {pk}" + (f" ({proposal.reference})" if proposal and proposal.reference else "")
        if pk not in selected_rows:
            status = proposal.status if proposal else "no such row"
            yield Disagreement(CHECK, label, f"ledger entry {recorded_ids[pk]} records it selected; its status is {status}")
        elif pk not in recorded_ids:
            yield Disagreement(CHECK, label, "its status is selected; the ledger records no selection of it")
