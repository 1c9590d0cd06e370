"""Planning the org chart: which departments open, change or close, and whether the chart the
import leaves holds together (every parent known, open and not part of a loop)."""

from django.utils.translation import gettext as _

from accounts.models import Department

from .plan import Planner
from .rows import DepartmentRow

# The org chart an import leaves: code → (name, parent code, active).
Chart = dict[str, tuple[str, str, bool]]


def plan_departments(
    planner: Planner, rows: list[DepartmentRow], existing: dict[str, Department]
) -> Chart:
    """Plans the org chart's rows against today's departments; returns the resulting chart."""
    code_of = {d.pk: d.code for d in existing.values()}
    final = {d.code: (d.name, code_of.get(d.parent_id, ""), d.is_active) for d in existing.values()}
    for row in rows:
        _plan_department(planner, row, existing.get(row.code), code_of, final)
    if planner.full and rows:
        listed = {row.code for row in rows}
        for code, department in sorted(existing.items()):
            if code not in listed and department.is_active:
                final[code] = (department.name, final[code][1], False)
                planner.close(department, None, _("Missing from the full export."))
    for row in rows:
        problem = _parent_problem(row, final)
        if problem:
            planner.reject(_("org chart"), row.line, problem)
    return final


def _plan_department(
    planner: Planner,
    row: DepartmentRow,
    current: Department | None,
    code_of: dict[int, str],
    final: Chart,
) -> None:
    if current is None and not row.active:
        return  # a closed department the portal never knew: nothing to do
    final[row.code] = (row.name, row.parent, row.active)
    report = planner.plan.report
    if current is None:
        planner.plan.new_departments.append(row)
        report["departments_created"].append(
            {"line": row.line, "code": row.code, "name": row.name, "parent": row.parent}
        )
        return
    if current.is_active and not row.active:
        # Closing is the only change made to a department that closes.
        planner.close(current, row.line, _("Marked inactive in the export."))
        return
    if not row.active:
        return  # already closed; stays as it is
    changes = _department_changes(current, row, code_of.get(current.parent_id, ""))
    if changes:
        planner.plan.changed_departments.append(row)
        report["departments_changed"].append(
            {"line": row.line, "code": row.code, "name": row.name, "changes": changes}
        )


def _department_changes(current: Department, row: DepartmentRow, parent: str) -> list[dict]:
    """What the row changes in an open (or reopening) department, field by field."""
    changes = []
    if current.name != row.name:
        changes.append({"field": _("name"), "old": current.name, "new": row.name})
    if parent != row.parent:
        changes.append({"field": _("parent department"), "old": parent, "new": row.parent})
    if not current.is_active:
        changes.append({"field": _("active"), "old": _("closed"), "new": _("active")})
    return changes


def _parent_problem(row: DepartmentRow, final: Chart) -> str | None:
    """Why the department's parent cannot stand in the resulting chart, if it cannot."""
    _name, parent, active = final.get(row.code, (row.name, row.parent, row.active))
    if not active or not parent:
        return None
    if parent not in final:
        return _("The parent department code %(code)s is unknown.") % {"code": parent}
    if not final[parent][2]:
        return _("The parent department %(code)s is closed.") % {"code": parent}
    if _in_cycle(row.code, final):
        return _("The parent departments form a loop through %(code)s.") % {"code": row.code}
    return None


def _in_cycle(code: str, final: Chart) -> bool:
    seen = {code}
    parent = final[code][1]
    while parent:
        if parent in seen:
            return True
        seen.add(parent)
        parent = final.get(parent, ("", "", True))[1]
    return False
