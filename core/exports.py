"""Tabular exports shared by every app: CSV that opens correctly in Korean Excel (UTF-8 with
BOM) and XLSX. Callers decide the rows, and with them what the reader may see."""

import csv
import io
from collections.abc import Iterable, Sequence
from urllib.parse import quote

from django.http import HttpResponse, StreamingHttpResponse
from openpyxl import Workbook
from openpyxl.utils import get_column_letter

CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMATS = ("csv", "xlsx")

# Cells starting with these are formulas to a spreadsheet: prefix them so exports cannot run
# anything (CSV/formula injection).
_FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """The value as a spreadsheet may show it: text that would run as a formula is quoted."""
    if isinstance(value, str) and value.startswith(_FORMULA_PREFIXES):
        return "'" + value
    return "" if value is None else value


_safe = safe_cell


def csv_bytes(headers: Sequence[str], rows: Iterable[Sequence]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([str(h) for h in headers])
    for row in rows:
        writer.writerow([_safe(v) for v in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def xlsx_bytes(headers: Sequence[str], rows: Iterable[Sequence], *, sheet_title: str = "Sheet1") -> bytes:
    return xlsx_workbook_bytes([(sheet_title, headers, rows)])


def xlsx_workbook_bytes(sheets: Iterable[tuple[str, Sequence[str], Iterable[Sequence]]]) -> bytes:
    """One workbook with a sheet per (title, headers, rows)."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, headers, rows in sheets:
        sheet = workbook.create_sheet(title=str(title)[:31])
        sheet.append([str(h) for h in headers])
        for row in rows:
            sheet.append([_safe(v) for v in row])
        for index, header in enumerate(headers, start=1):
            sheet.column_dimensions[get_column_letter(index)].width = max(10, min(60, len(str(header)) * 2 + 4))
        sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _content_disposition(filename: str, fmt: str) -> str:
    return f"attachment; filename*=UTF-8''{quote(filename)}.{fmt}"


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_stream_response(*, filename: str, headers: Sequence[str], rows: Iterable[Sequence]) -> StreamingHttpResponse:
    """A CSV (UTF-8 with BOM) written row by row while it is sent: constant memory for any size."""
    writer = csv.writer(_Echo())

    def lines():
        yield "\ufeff" + writer.writerow([str(h) for h in headers])
        for row in rows:
            yield writer.writerow([_safe(v) for v in row])

    response = StreamingHttpResponse(lines(), content_type=CSV_CONTENT_TYPE)
    response["Content-Disposition"] = _content_disposition(filename, "csv")
    return response


def xlsx_response(*, filename: str, sheets: Iterable[tuple[str, Sequence[str], Iterable[Sequence]]]) -> HttpResponse:
    response = HttpResponse(xlsx_workbook_bytes(sheets), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = _content_disposition(filename, "xlsx")
    return response


def export_response(
    *, fmt: str, filename: str, headers: Sequence[str], rows: Iterable[Sequence], sheet_title: str = "Sheet1"
) -> HttpResponse:
    """An attachment response in ``fmt`` ("csv" or "xlsx"); ``filename`` without extension."""
    if fmt == "xlsx":
        content, content_type = xlsx_bytes(headers, rows, sheet_title=sheet_title), XLSX_CONTENT_TYPE
    else:
        content, content_type = csv_bytes(headers, rows), CSV_CONTENT_TYPE
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = _content_disposition(filename, fmt)
    return response
