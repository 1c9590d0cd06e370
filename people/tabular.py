"""Reading the HR system's exports: CSV (UTF-8 with or without BOM, or CP949/EUC-KR as Korean
office software writes it) or an Excel workbook (.xlsx) with one sheet.

A file either reads into rows keyed by our column names, each with its line number, or raises
``TableError`` saying in the reader's language what is wrong with the file as a whole. Checking
the values of each row is the sync's business (``people.sync``).
"""

import codecs
import csv
import datetime
import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

XLSX_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # the old binary .xls format


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    aliases: tuple[str, ...]
    required: bool = True


ORG_COLUMNS = (
    Column(
        "code",
        gettext_lazy("department code"),
        ("code", "department code", "dept code", "부서코드"),
    ),
    Column(
        "name", gettext_lazy("department name"), ("name", "department name", "dept name", "부서명")
    ),
    Column(
        "parent",
        gettext_lazy("parent department code"),
        ("parent", "parent code", "parent department code", "상위부서코드", "상위부서"),
        required=False,
    ),
    Column(
        "active",
        gettext_lazy("active"),
        ("active", "is active", "사용여부", "활성"),
        required=False,
    ),
)

STAFF_COLUMNS = (
    Column(
        "number",
        gettext_lazy("employee number"),
        ("employee number", "employee no", "emp no", "사번", "직원번호"),
    ),
    Column("name", gettext_lazy("name"), ("name", "korean name", "full name", "성명", "이름")),
    Column(
        "email", gettext_lazy("email"), ("email", "e-mail", "이메일", "전자우편"), required=False
    ),
    Column(
        "department",
        gettext_lazy("department code"),
        ("department code", "department", "dept code", "부서코드"),
    ),
    Column("grade", gettext_lazy("grade"), ("grade", "직급")),
    Column(
        "active",
        gettext_lazy("active"),
        ("active", "is active", "재직여부", "재직"),
        required=False,
    ),
)


class TableError(Exception):
    """The file as a whole cannot be read; ``line`` is where the problem is, when known."""

    def __init__(self, message: str, line: int | None = None):
        super().__init__(message)
        self.message = message
        self.line = line


@dataclass
class Table:
    rows: list[tuple[int, dict[str, str]]]


def normalize_header(value: str) -> str:
    value = unicodedata.normalize("NFC", value).strip().lower().replace("_", " ")
    return re.sub(r"\s+", " ", value)


def _header_keys(header: list[str], columns: tuple[Column, ...], line: int) -> list[str | None]:
    """Maps each header cell to a column key (None for columns we do not read)."""
    by_alias = {
        normalize_header(alias): column for column in columns for alias in aliases_of(column)
    }
    keys: list[str | None] = []
    for cell in header:
        column = by_alias.get(normalize_header(cell)) or by_alias.get(
            normalize_header(cell).replace(" ", "")
        )
        if column and column.key in keys:
            raise TableError(
                _("The column “%(name)s” appears twice.") % {"name": cell.strip()}, line
            )
        keys.append(column.key if column else None)
    missing = [str(c.label) for c in columns if c.required and c.key not in keys]
    if missing:
        raise TableError(
            _("Required columns are missing: %(columns)s. See the column names in the guide.")
            % {"columns": ", ".join(missing)},
            line,
        )
    return keys


def aliases_of(column: Column) -> tuple[str, ...]:
    """The accepted header names: the English ones with spaces or underscores, and the Korean
    ones with or without spaces."""
    return column.aliases + tuple(a.replace(" ", "") for a in column.aliases)


def _rows(raw_rows, columns: tuple[Column, ...]) -> Table:
    """``raw_rows``: (line, cells) pairs. The first non-empty row is the header."""
    keys = None
    rows = []
    for line, cells in raw_rows:
        if not any(cells):
            continue
        if keys is None:
            keys = _header_keys(cells, columns, line)
            continue
        values = {column.key: "" for column in columns}
        for key, cell in zip(keys, cells, strict=False):
            if key:
                values[key] = unicodedata.normalize("NFC", cell).strip()
        rows.append((line, values))
    if keys is None:
        raise TableError(_("The file is empty."))
    return Table(rows=rows)


def decode_text(data: bytes) -> str:
    """UTF-8 (with or without a byte-order mark), UTF-16 with a byte-order mark, then CP949
    (which contains EUC-KR). No guessing beyond that: anything else is refused."""
    if data.startswith(codecs.BOM_UTF8):
        candidates = [("utf-8", data[len(codecs.BOM_UTF8) :])]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        candidates = [("utf-16", data)]
    else:
        candidates = [("utf-8", data), ("cp949", data)]
    for encoding, payload in candidates:
        try:
            return payload.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise TableError(
        _(
            "The file's text encoding cannot be read: save it as CSV in UTF-8 or CP949 (EUC-KR), "
            "or as an Excel workbook (.xlsx)."
        )
    )


def _csv_rows(text: str):
    if "\x00" in text:
        raise TableError(_("The file is not a text file."))
    first_line = text.split("\n", 1)[0]
    delimiter = "\t" if "\t" in first_line and "," not in first_line else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    start = 1
    try:
        for cells in reader:
            yield start, cells
            start = reader.line_num + 1
    except csv.Error as error:
        raise TableError(
            _("The CSV file is malformed: %(error)s") % {"error": error}, start
        ) from error


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Y" if value else "N"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    return str(value)


def _xlsx_rows(data: bytes):
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        # Not read-only: merged cells are only known to a fully loaded sheet.
        workbook = load_workbook(io.BytesIO(data), data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, TypeError) as error:
        raise TableError(_("The spreadsheet cannot be read; save it again as .xlsx.")) from error
    sheets = workbook.sheetnames
    if len(sheets) != 1:
        raise TableError(
            _("The workbook has %(count)d sheets (%(names)s); keep only the sheet with the data.")
            % {"count": len(sheets), "names": ", ".join(sheets)}
        )
    sheet = workbook.worksheets[0]
    rows = [
        (index, [_cell_text(value) for value in values])
        for index, values in enumerate(sheet.iter_rows(values_only=True), start=1)
    ]
    header_line = next((line for line, cells in rows if any(cells)), None)
    for merged in sorted(sheet.merged_cells.ranges, key=lambda r: (r.min_row, r.min_col)):
        if merged.min_row <= (header_line or 1) <= merged.max_row:
            raise TableError(
                _("The header row has merged cells (%(range)s); unmerge them.")
                % {"range": merged.coord},
                merged.min_row,
            )
        raise TableError(
            _("Cells %(range)s are merged; unmerge them so that every row has its own values.")
            % {"range": merged.coord},
            merged.min_row,
        )
    return rows


def read_table(data: bytes, filename: str, columns: tuple[Column, ...]) -> Table:
    """Reads a CSV or XLSX export into rows of our column keys; raises ``TableError``."""
    if data.startswith(XLSX_MAGIC):
        return _rows(_xlsx_rows(data), columns)
    if data.startswith(OLE_MAGIC) or filename.lower().endswith(".xls"):
        raise TableError(
            _("The old Excel format (.xls) is not supported; save the file as .xlsx or CSV.")
        )
    if filename.lower().endswith(".xlsx"):
        raise TableError(_("The spreadsheet cannot be read; save it again as .xlsx."))
    return _rows(_csv_rows(decode_text(data)), columns)
