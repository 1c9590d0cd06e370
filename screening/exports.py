"""Score exports (CSV with a BOM for Excel, and XLSX). Identities appear only when asked for:
the innovation unit's export carries them; a board member's own export follows blind review."""

from django.utils.translation import gettext as _

from core.exports import safe_cell

from .models import Criterion, Review
from .selectors import EntryResult, review_total


def _round(value: float | None):
    return None if value is None else round(value, 2)


def score_header(criteria: list[Criterion], *, identities: bool, ranking: bool) -> list[str]:
    header = []
    if ranking:
        header += [_("rank"), _("entry score")]
    header += [_("reference number"), _("title")]
    if identities:
        header += [_("proposer"), _("proposer's department"), _("owning department")]
    header += [_("board member"), _("abstained"), _("reason for abstaining")]
    header += [c.name for c in criteria]
    header += [_("review total"), _("comment")]
    return header


def score_row(
    review: Review, criteria: list[Criterion], *, identities: bool, result: EntryResult | None = None
) -> list:
    proposal = review.proposal
    weights = {c.pk: c.weight for c in criteria}
    values = {s.criterion_id: s.value for s in review.scores.all()}
    row = []
    if result is not None:
        row += [result.rank, _round(result.weighted_mean)]
    row += [proposal.reference, proposal.title]
    if identities:
        row += [
            proposal.proposer.full_name,
            proposal.proposer.department.name if proposal.proposer.department_id else "",
            proposal.owning_department.name if proposal.owning_department_id else "",
        ]
    row += [review.reviewer.full_name, _("yes") if review.abstained else "", review.abstain_reason]
    row += [values.get(c.pk) for c in criteria]
    row += [_round(review_total(review, weights)), review.comment]
    return [safe_cell(v) for v in row]


def ranking_rows(results: list[EntryResult], criteria: list[Criterion]) -> tuple[list, list[list]]:
    header = [_("rank"), _("reference number"), _("title"), _("proposer"), _("proposer's department")]
    header += [_("entry score"), _("reviews"), _("abstentions"), _("spread")]
    header += [c.name for c in criteria]
    rows = []
    for r in results:
        p = r.proposal
        row = [r.rank, p.reference, p.title, p.proposer.full_name]
        row += [p.proposer.department.name if p.proposer.department_id else ""]
        row += [_round(r.weighted_mean), r.review_count, r.abstentions, _round(r.spread)]
        row += [_round(m) for m in r.criterion_means]
        rows.append([safe_cell(v) for v in row])
    return header, rows
