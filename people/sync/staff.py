"""Planning the people: who is created, changed or leaves, and whether every department that
closes is left empty."""

from collections import defaultdict
from collections.abc import Callable

from django.utils.translation import gettext as _

from accounts.enums import AccountSource, Grade
from accounts.models import User

from .departments import Chart
from .plan import Planner
from .rows import StaffRow


def plan_people(
    planner: Planner,
    rows: list[StaffRow],
    users: dict[str, User],
    code_of: dict[int, str],
    final_departments: Chart,
) -> None:
    """Plans the staff list's rows against today's accounts (``users`` by employee number)."""

    def dept(code: str) -> str:
        if code in final_departments:
            return f"{final_departments[code][0]} ({code})" if code else "-"
        return code or "-"

    for row in rows:
        _plan_person(planner, row, users.get(row.number), code_of, dept)
    if planner.full and rows:
        listed = {row.number for row in rows}
        for user in users.values():
            if user.source == AccountSource.HR and user.is_active and user.username not in listed:
                old_dept = dept(code_of.get(user.department_id, ""))
                planner.depart(user, None, _("Missing from the full export."), old_dept)
    _check_closed_departments_are_empty(planner, users, code_of, {row.number: row for row in rows})


def _plan_person(
    planner: Planner,
    row: StaffRow,
    user: User | None,
    code_of: dict[int, str],
    dept: Callable[[str], str],
) -> None:
    report = planner.plan.report
    if user is None:
        if row.active:
            planner.plan.new_people.append(row)
            report["people_created"].append(
                {
                    "line": row.line,
                    "number": row.number,
                    "name": row.name,
                    "department": dept(row.department),
                    "grade": _grade_name(row.grade),
                }
            )
        return
    if user.source != AccountSource.HR:
        message = _("The employee number %(number)s belongs to a local account.")
        planner.reject(_("staff list"), row.line, message % {"number": row.number})
        return
    old_dept = code_of.get(user.department_id, "")
    if not row.active:
        # Leaving is the only change made to a person who leaves.
        if user.is_active:
            planner.depart(user, row.line, _("Marked inactive in the export."), dept(old_dept))
        return
    changes = _person_changes(user, row, old_dept, dept)
    if changes:
        planner.plan.changed_people.append((user, row))
        report["people_changed"].append(
            {"line": row.line, "number": row.number, "name": row.name, "changes": changes}
        )


def _person_changes(
    user: User, row: StaffRow, old_dept: str, dept: Callable[[str], str]
) -> list[dict]:
    """What the row changes in the account, field by field."""
    changes = []
    if user.full_name != row.name:
        changes.append({"field": _("name"), "old": user.full_name, "new": row.name})
    if user.email != row.email:
        changes.append({"field": _("email"), "old": user.email, "new": row.email})
    if old_dept != row.department:
        changes.append(
            {"field": _("department"), "old": dept(old_dept), "new": dept(row.department)}
        )
    if user.grade != row.grade:
        changes.append(
            {"field": _("grade"), "old": _grade_name(user.grade), "new": _grade_name(row.grade)}
        )
    if not user.is_active:
        changes.append({"field": _("active"), "old": _("inactive"), "new": _("active")})
    return changes


def _grade_name(value: str) -> str:
    return str(dict(Grade.choices).get(value, value))


def _check_closed_departments_are_empty(
    planner: Planner, users: dict[str, User], code_of: dict[int, str], rows_by_number: dict
) -> None:
    """A department may only close once nobody from HR still works in it."""
    closing = planner.closing_lines()
    if not closing:
        return
    departed = {u.pk for u in planner.plan.departed_people}
    remaining = defaultdict(list)
    for user in users.values():
        if user.source != AccountSource.HR or not user.is_active or user.pk in departed:
            continue
        row = rows_by_number.get(user.username)
        code = row.department if row else code_of.get(user.department_id, "")
        if code in closing:
            remaining[code].append(user.username)
    for code, numbers in sorted(remaining.items()):
        shown = ", ".join(sorted(numbers)[:5]) + (" …" if len(numbers) > 5 else "")
        planner.reject(
            _("org chart"),
            closing[code],
            _(
                "The department %(code)s would close while %(count)d people still belong to it (%(numbers)s)."
            )
            % {"code": code, "count": len(numbers), "numbers": shown},
        )
