"""Reading the exports into rows: the file as a whole (``people.tabular``), then each row
through its form (``people.sync.rows``). A refused file or row is written to the planner with
its line; only the rows that passed are returned."""

from django.utils.translation import gettext as _

from ..tabular import ORG_COLUMNS, STAFF_COLUMNS, Column, Table, TableError, read_table
from .plan import Planner
from .rows import DepartmentRow, DepartmentRowForm, RowForm, StaffRow, StaffRowForm


def read_departments(planner: Planner, data: bytes | None, filename: str) -> list[DepartmentRow]:
    """The org chart's valid rows."""
    label = _("org chart")
    table = _read(planner, label, data, filename, ORG_COLUMNS)
    if table is None:
        return []
    if planner.full and not table.rows:
        planner.reject(label, None, _("A full export without rows would close every department."))
    return _valid_rows(planner, label, table, DepartmentRowForm, "code")


def read_staff(
    planner: Planner, data: bytes | None, filename: str, final_departments: dict
) -> list[StaffRow]:
    """The staff list's valid rows; ``final_departments`` is the org chart the import leaves."""
    label = _("staff list")
    table = _read(planner, label, data, filename, STAFF_COLUMNS)
    if table is None:
        return []
    if planner.full and not table.rows:
        planner.reject(label, None, _("A full export without rows would deactivate everyone."))
    return _valid_rows(planner, label, table, StaffRowForm, "number", departments=final_departments)


def _read(
    planner: Planner, label: str, data: bytes | None, filename: str, columns: tuple[Column, ...]
) -> Table | None:
    if data is None:
        return None
    try:
        return read_table(data, filename, columns)
    except TableError as error:
        planner.reject(label, error.line, error.message)
        return None


def _valid_rows(
    planner: Planner, label: str, table: Table, form_class: type[RowForm], key: str, **context
) -> list:
    """Each row through ``form_class``; ``key`` names the column no two rows may share."""
    rows, seen = [], {}
    for line, values in table.rows:
        form = form_class(values, seen=seen, **context)
        if form.is_valid():
            rows.append(form.row(line))
        for message in form.messages():
            planner.reject(label, line, message)
        if values[key]:
            seen.setdefault(values[key], line)
    return rows
