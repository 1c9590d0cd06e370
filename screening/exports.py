"""Score exports (CSV with a BOM for Excel, and XLSX). Identities appear only when asked for:
the innovation unit's export carries them; a board member's own export follows blind review."""

import csv
import io

from django.http import HttpResponse, StreamingHttpResponse
from django.utils.translation import gettext as _
from openpyxl import Workbook

from .models import Criterion, Review
from .selectors import EntryResult, review_total

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def _cell(value):
    # A spreadsheet must never execute text a proposer typed (CSV/formula injection).
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


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
    return [_cell(v) for v in row]


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
        rows.append([_cell(v) for v in row])
    return header, rows


def csv_response(filename: str, header: list, rows: list[list]) -> HttpResponse:
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(rows)
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_stream_response(filename: str, header: list, rows) -> StreamingHttpResponse:
    """A CSV (with a BOM for Excel) written row by row as the response is sent."""
    writer = csv.writer(_Echo())

    def lines():
        yield "\ufeff" + writer.writerow(header)
        for row in rows:
            yield writer.writerow(row)

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


def xlsx_response(filename: str, sheets: list[tuple[str, list, list[list]]]) -> HttpResponse:
    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, header, rows in sheets:
        sheet = workbook.create_sheet(title=title[:31])
        sheet.append(header)
        for row in rows:
            sheet.append(row)
        sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response
