"""Planning and carrying out an HR sync.

``plan_import`` reads the exports and today's data (a fixed number of queries, whatever the
size of the files) and works out every change, or every rejected row with its line number and
reason. ``execute_plan`` writes a plan with bulk statements and calls the other apps' services
for the consequences (liaison roles, duty-release notices, routings of closed departments).
The caller (``people.services``) holds the transaction and the locks.
"""

import hashlib
import json
from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _
from django.utils.translation import override
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from accounts.enums import AccountSource, Grade, Role
from accounts.models import Department, DepartmentUserObjectPermission, User
from accounts.services import department_liaison_remove
from labs.models import DutyRelease
from labs.services import lab_member_home_department_changed
from notifications.services import notify
from routing.services import department_closed_flag_routings

from .tabular import ORG_COLUMNS, STAFF_COLUMNS, TableError, read_table

BATCH_SIZE = 500
HISTORY_REASON = "HR import"

TRUE_WORDS = {"y", "yes", "true", "1", "o", "active", "예", "사용", "재직", "활성", "유효"}
FALSE_WORDS = {
    "n",
    "no",
    "false",
    "0",
    "x",
    "inactive",
    "아니오",
    "미사용",
    "퇴직",
    "폐지",
    "비활성",
    "무효",
}


def _grade_lookup() -> dict[str, str]:
    """Every spelling of a grade we accept, compared without spaces and case: the stored value
    ("6"), the English and Korean labels ("Grade 6", "6급", "연구관")."""
    lookup: dict[str, str] = {}
    for value, label in Grade.choices:
        lookup[value.lower()] = value
        for language in ("en", "ko"):
            with override(language):
                lookup[str(label).lower().replace(" ", "")] = value
    return lookup


def _parse_active(value: str) -> bool | None:
    """True/False for a recognised value (empty means active), None otherwise."""
    word = value.strip().lower()
    if word == "":
        return True
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    return None


@dataclass
class DepartmentRow:
    line: int
    code: str
    name: str
    parent: str
    active: bool


@dataclass
class StaffRow:
    line: int
    number: str
    name: str
    email: str
    department: str
    grade: str
    active: bool


@dataclass
class Plan:
    """What an import would do. ``report`` is the JSON shown as the preview (and
    fingerprinted by ``digest``); the other fields are what ``execute_plan`` writes."""

    report: dict = field(default_factory=dict)
    new_departments: list[DepartmentRow] = field(default_factory=list)
    changed_departments: list[DepartmentRow] = field(default_factory=list)
    closed_departments: list[Department] = field(default_factory=list)
    new_people: list[StaffRow] = field(default_factory=list)
    changed_people: list[tuple[User, StaffRow]] = field(default_factory=list)
    departed_people: list[User] = field(default_factory=list)
    departments: dict[str, Department] = field(default_factory=dict)

    @property
    def rejected(self) -> bool:
        return bool(self.report["rejected"])

    @property
    def digest(self) -> str:
        return report_digest(self.report)


def report_digest(report: dict) -> str:
    canonical = json.dumps(report, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def _dept_label(name: str, code: str) -> str:
    return f"{name} ({code})" if code else "-"


class _Planner:
    def __init__(self, *, full: bool):
        self.full = full
        self.rejected: list[dict] = []
        self.plan = Plan()

    def reject(self, file: str, line: int | None, reason: str) -> None:
        self.rejected.append({"file": file, "line": line, "reason": reason})

    # --- Departments --------------------------------------------------------------------

    def read_departments(self, data: bytes | None, filename: str) -> list[DepartmentRow]:
        if data is None:
            return []
        label = _("org chart")
        try:
            table = read_table(data, filename, ORG_COLUMNS)
        except TableError as error:
            self.reject(label, error.line, error.message)
            return []
        if self.full and not table.rows:
            self.reject(label, None, _("A full export without rows would close every department."))
        rows, seen = [], {}
        for line, values in table.rows:
            code, name = values["code"], values["name"]
            active = _parse_active(values["active"])
            errors = []
            if not code:
                errors.append(_("The department code is empty."))
            elif len(code) > 20:
                errors.append(_("The department code is longer than 20 characters."))
            elif code in seen:
                errors.append(
                    _("The department code %(code)s is already on line %(line)d.")
                    % {"code": code, "line": seen[code]}
                )
            if not name:
                errors.append(_("The department name is empty."))
            elif len(name) > 100:
                errors.append(_("The department name is longer than 100 characters."))
            if active is None:
                errors.append(
                    _("“%(value)s” is not a known active value (use Y or N).")
                    % {"value": values["active"]}
                )
            if values["parent"] and values["parent"] == code:
                errors.append(_("A department cannot be its own parent."))
            for message in errors:
                self.reject(label, line, message)
            if code and code not in seen:
                seen[code] = line
            if not errors:
                rows.append(DepartmentRow(line, code, name, values["parent"], active))
        return rows

    def plan_departments(self, rows: list[DepartmentRow], existing: dict[str, Department]) -> dict:
        """Returns the resulting org chart: code → (name, parent code, active)."""
        label = _("org chart")
        code_of = {d.pk: d.code for d in existing.values()}
        final = {
            d.code: (d.name, code_of.get(d.parent_id, ""), d.is_active) for d in existing.values()
        }
        listed = {row.code for row in rows}
        report = self.plan.report
        for row in rows:
            current = existing.get(row.code)
            if current is None and not row.active:
                continue  # a closed department the portal never knew: nothing to do
            final[row.code] = (row.name, row.parent, row.active)
            if current is None:
                self.plan.new_departments.append(row)
                report["departments_created"].append(
                    {"line": row.line, "code": row.code, "name": row.name, "parent": row.parent}
                )
                continue
            changes = []
            if current.name != row.name:
                changes.append({"field": _("name"), "old": current.name, "new": row.name})
            if code_of.get(current.parent_id, "") != row.parent:
                changes.append(
                    {
                        "field": _("parent department"),
                        "old": code_of.get(current.parent_id, ""),
                        "new": row.parent,
                    }
                )
            if current.is_active and not row.active:
                # Closing is the only change made to a department that closes.
                self._close(current, row.line, _("Marked inactive in the export."))
                continue
            if not row.active:
                continue  # already closed; stays as it is
            if not current.is_active and row.active:
                changes.append({"field": _("active"), "old": _("closed"), "new": _("active")})
            if changes:
                self.plan.changed_departments.append(row)
                report["departments_changed"].append(
                    {"line": row.line, "code": row.code, "name": row.name, "changes": changes}
                )
        if self.full and rows:
            for code, department in sorted(existing.items()):
                if code not in listed and department.is_active:
                    final[code] = (department.name, final[code][1], False)
                    self._close(department, None, _("Missing from the full export."))
        for row in rows:
            name, parent, active = final.get(row.code, (row.name, row.parent, row.active))
            if not active or not parent:
                continue
            if parent not in final:
                self.reject(
                    label,
                    row.line,
                    _("The parent department code %(code)s is unknown.") % {"code": parent},
                )
            elif not final[parent][2]:
                self.reject(
                    label,
                    row.line,
                    _("The parent department %(code)s is closed.") % {"code": parent},
                )
            elif self._in_cycle(row.code, final):
                self.reject(
                    label,
                    row.line,
                    _("The parent departments form a loop through %(code)s.") % {"code": row.code},
                )
        return final

    def _close(self, department: Department, line: int | None, reason: str) -> None:
        self.plan.closed_departments.append(department)
        self.plan.report["departments_closed"].append(
            {"line": line, "code": department.code, "name": department.name, "reason": reason}
        )

    @staticmethod
    def _in_cycle(code: str, final: dict) -> bool:
        seen = {code}
        parent = final[code][1]
        while parent:
            if parent in seen:
                return True
            seen.add(parent)
            parent = final.get(parent, ("", "", True))[1]
        return False

    # --- People -------------------------------------------------------------------------

    def read_staff(
        self, data: bytes | None, filename: str, final_departments: dict
    ) -> list[StaffRow]:
        if data is None:
            return []
        label = _("staff list")
        try:
            table = read_table(data, filename, STAFF_COLUMNS)
        except TableError as error:
            self.reject(label, error.line, error.message)
            return []
        if self.full and not table.rows:
            self.reject(label, None, _("A full export without rows would deactivate everyone."))
        grades = _grade_lookup()
        rows, seen = [], {}
        for line, values in table.rows:
            number, name, email = values["number"], values["name"], values["email"]
            department, grade_text = values["department"], values["grade"]
            active = _parse_active(values["active"])
            errors = []
            if not number:
                errors.append(_("The employee number is empty."))
            elif len(number) > 30:
                errors.append(_("The employee number is longer than 30 characters."))
            elif number in seen:
                errors.append(
                    _("The employee number %(number)s is already on line %(line)d.")
                    % {"number": number, "line": seen[number]}
                )
            if not name:
                errors.append(_("The name is empty."))
            elif len(name) > 60:
                errors.append(_("The name is longer than 60 characters."))
            if email:
                try:
                    validate_email(email)
                except ValidationError:
                    errors.append(_("“%(value)s” is not a valid email address.") % {"value": email})
            grade = grades.get(grade_text.lower().replace(" ", ""))
            if not grade_text:
                errors.append(_("The grade is empty."))
            elif grade is None:
                errors.append(_("“%(value)s” is not a known grade.") % {"value": grade_text})
            if active is None:
                errors.append(
                    _("“%(value)s” is not a known active value (use Y or N).")
                    % {"value": values["active"]}
                )
            if not department:
                errors.append(_("The department code is empty."))
            elif department not in final_departments:
                errors.append(_("The department code %(code)s is unknown.") % {"code": department})
            elif active and not final_departments[department][2]:
                errors.append(_("The department %(code)s is closed.") % {"code": department})
            for message in errors:
                self.reject(label, line, message)
            if number and number not in seen:
                seen[number] = line
            if not errors:
                rows.append(StaffRow(line, number, name, email, department, grade, active))
        return rows

    def plan_people(
        self,
        rows: list[StaffRow],
        users: dict[str, User],
        code_of: dict[int, str],
        final_departments: dict,
    ) -> None:
        label = _("staff list")
        report = self.plan.report
        grade_label = dict(Grade.choices)

        def dept(code: str) -> str:
            return (
                _dept_label(final_departments[code][0], code)
                if code in final_departments
                else code or "-"
            )

        listed = set()
        for row in rows:
            listed.add(row.number)
            user = users.get(row.number)
            if user is None:
                if row.active:
                    self.plan.new_people.append(row)
                    report["people_created"].append(
                        {
                            "line": row.line,
                            "number": row.number,
                            "name": row.name,
                            "department": dept(row.department),
                            "grade": str(grade_label[row.grade]),
                        }
                    )
                continue
            if user.source != AccountSource.HR:
                self.reject(
                    label,
                    row.line,
                    _("The employee number %(number)s belongs to a local account.")
                    % {"number": row.number},
                )
                continue
            old_dept = code_of.get(user.department_id, "")
            if not row.active:
                # Leaving is the only change made to a person who leaves.
                if user.is_active:
                    self._depart(
                        user, row.line, _("Marked inactive in the export."), dept(old_dept)
                    )
                continue
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
                    {
                        "field": _("grade"),
                        "old": str(grade_label.get(user.grade, user.grade)),
                        "new": str(grade_label[row.grade]),
                    }
                )
            if not user.is_active:
                changes.append({"field": _("active"), "old": _("inactive"), "new": _("active")})
            if changes:
                self.plan.changed_people.append((user, row))
                report["people_changed"].append(
                    {"line": row.line, "number": row.number, "name": row.name, "changes": changes}
                )
        if self.full and rows:
            for user in users.values():
                if (
                    user.source == AccountSource.HR
                    and user.is_active
                    and user.username not in listed
                ):
                    self._depart(
                        user,
                        None,
                        _("Missing from the full export."),
                        dept(code_of.get(user.department_id, "")),
                    )
        self._check_closed_departments_are_empty(users, code_of, {row.number: row for row in rows})

    def _depart(self, user: User, line: int | None, reason: str, department: str) -> None:
        self.plan.departed_people.append(user)
        self.plan.report["people_deactivated"].append(
            {
                "line": line,
                "number": user.username,
                "name": user.full_name,
                "department": department,
                "reason": reason,
            }
        )

    def _check_closed_departments_are_empty(self, users, code_of, rows_by_number) -> None:
        """A department may only close once nobody from HR still works in it."""
        closing = {d.code: line for d, line in self._closing_lines()}
        if not closing:
            return
        departed = {u.pk for u in self.plan.departed_people}
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
            self.reject(
                _("org chart"),
                closing[code],
                _(
                    "The department %(code)s would close while %(count)d people still belong to it (%(numbers)s)."
                )
                % {"code": code, "count": len(numbers), "numbers": shown},
            )

    def _closing_lines(self):
        lines = {entry["code"]: entry["line"] for entry in self.plan.report["departments_closed"]}
        return [(d, lines[d.code]) for d in self.plan.closed_departments]


def plan_import(
    *,
    org: tuple[bytes, str] | None,
    staff: tuple[bytes, str] | None,
    full: bool,
) -> Plan:
    """Works out what importing the given exports (``(content, file name)`` pairs) would do.

    Reads the whole org chart and every account once (two queries), so the cost does not grow
    per row. Messages are in the portal's language (Korean)."""
    planner = _Planner(full=full)
    plan = planner.plan
    plan.report = {
        "departments_created": [],
        "departments_changed": [],
        "departments_closed": [],
        "people_created": [],
        "people_changed": [],
        "people_deactivated": [],
        "rejected": [],
        "rows": 0,
    }
    existing = {d.code: d for d in Department.objects.all()}
    code_of = {d.pk: d.code for d in existing.values()}
    department_rows = planner.read_departments(*(org or (None, "")))
    final_departments = planner.plan_departments(department_rows, existing)
    staff_rows = planner.read_staff(*(staff or (None, "")), final_departments)
    users = {
        u.username: u
        for u in User.objects.only(
            "id",
            "username",
            "full_name",
            "email",
            "department_id",
            "grade",
            "source",
            "is_active",
            "password",
        )
    }
    planner.plan_people(staff_rows, users, code_of, final_departments)
    plan.departments = existing
    plan.report["rows"] = len(department_rows) + len(staff_rows)
    plan.report["rejected"] = sorted(
        planner.rejected, key=lambda r: (r["file"], r["line"] if r["line"] is not None else 0)
    )
    return plan


# --- Carrying out a plan ------------------------------------------------------------------


def _create_departments(plan: Plan, by: User | None) -> None:
    """Creates new departments parents first, one bulk statement per level of the chart."""
    by_code = plan.departments
    pending = list(plan.new_departments)
    while pending:
        ready = [row for row in pending if not row.parent or row.parent in by_code]
        if not ready:  # cannot happen after planning's checks; refuse rather than loop
            raise ValidationError(_("The parent departments form a loop."))
        created = bulk_create_with_history(
            [
                Department(
                    code=row.code, name=row.name, parent=by_code.get(row.parent), is_active=True
                )
                for row in ready
            ],
            Department,
            batch_size=BATCH_SIZE,
            default_user=by,
            default_change_reason=HISTORY_REASON,
        )
        by_code.update({d.code: d for d in created})
        pending = [row for row in pending if row.code not in by_code]


def _update_departments(plan: Plan, by: User | None) -> None:
    by_code = plan.departments
    changed: dict[str, Department] = {}
    for row in plan.changed_departments:
        department = by_code[row.code]
        department.name = row.name
        department.parent = by_code.get(row.parent)
        department.is_active = row.active
        changed[row.code] = department
    for department in plan.closed_departments:
        department.is_active = False
        changed[department.code] = department
    if changed:
        bulk_update_with_history(
            list(changed.values()),
            Department,
            ["name", "parent", "is_active"],
            batch_size=BATCH_SIZE,
            default_user=by,
            default_change_reason=HISTORY_REASON,
        )


def _write_people(plan: Plan) -> list[tuple[User, int | None]]:
    """Creates and updates accounts; returns the transfers as (user, old department id)."""
    by_code = plan.departments
    User.objects.bulk_create(
        [
            User(
                username=row.number,
                full_name=row.name,
                email=row.email,
                department=by_code[row.department],
                grade=row.grade,
                source=AccountSource.HR,
                is_active=True,
                # No password yet: the person sets one through the emailed link.
                password=make_password(None),
            )
            for row in plan.new_people
        ],
        batch_size=BATCH_SIZE,
    )
    transfers = []
    changed = []
    for user, row in plan.changed_people:
        if user.is_active and user.department_id != by_code[row.department].pk:
            transfers.append((user, user.department_id))
        user.full_name = row.name
        user.email = row.email
        user.department = by_code[row.department]
        user.grade = row.grade
        user.is_active = True
        changed.append(user)
    for user in plan.departed_people:
        user.is_active = False
        # A fresh unusable password also ends every session (each is checked against it).
        user.password = make_password(None)
        changed.append(user)
    if changed:
        User.objects.bulk_update(
            changed,
            ["full_name", "email", "department", "grade", "is_active", "password"],
            batch_size=BATCH_SIZE,
        )
    return transfers


def _end_liaison_roles(plan: Plan, transfers: list[tuple[User, int | None]]) -> list[dict]:
    """Liaison roles follow the person: a liaison who moves away or leaves stops answering for
    the department, and a closed department has none. Returns what ended, for the notice."""
    moved_from = {user.pk: old for user, old in transfers}
    departed = {user.pk for user in plan.departed_people}
    closed = {d.pk for d in plan.closed_departments}
    if not (moved_from or departed or closed):
        return []
    ended = []
    grants = DepartmentUserObjectPermission.objects.filter(
        permission__codename="act_as_liaison"
    ).select_related("user", "content_object")
    for grant in grants:
        user, department = grant.user, grant.content_object
        if user.pk in departed:
            reason = _("left the organisation")
        elif moved_from.get(user.pk) == department.pk:
            reason = _("moved to another department")
        elif department.pk in closed:
            reason = _("the department closed")
        else:
            continue
        department_liaison_remove(department=department, user=user)
        ended.append({"user": user, "department": department, "reason": reason})
    return ended


def _move_duty_releases(transfers: list[tuple[User, int | None]], by: User | None) -> int:
    """Lab members who transfer stay in their lab; their release notice moves to the new home
    department (``labs.services``). Only people with an open release are handed over."""
    if not transfers:
        return 0
    with_release = set(
        DutyRelease.objects.filter(
            closed_at__isnull=True, acknowledged_at__isnull=False
        ).values_list("membership__user_id", flat=True)
    )
    moved = 0
    for user, _old in transfers:
        if user.pk in with_release:
            moved += len(
                lab_member_home_department_changed(user=user, new_department=user.department, by=by)
            )
    return moved


def execute_plan(plan: Plan, *, by: User | None, record) -> dict:
    """Writes ``plan`` (which must have no rejected rows) inside the caller's transaction.
    Side effects: accounts and departments created/changed (departments with history), the
    departed deactivated with their sessions ended, liaison roles ended, duty releases moved,
    routings of closed departments flagged, and the innovation unit told of liaison changes.
    Returns the counts."""
    assert not plan.rejected
    _create_departments(plan, by)
    _update_departments(plan, by)
    transfers = _write_people(plan)
    ended = _end_liaison_roles(plan, transfers)
    _move_duty_releases(transfers, by)
    for department in plan.closed_departments:
        department_closed_flag_routings(department=department, by=by)
    if ended:
        notify(
            kind="people_liaisons_ended",
            recipients=User.objects.filter(groups__name=Role.INNOVATION_UNIT.value, is_active=True),
            about=record,
            context={"record": record, "ended": ended},
            url=record.get_absolute_url(),
        )
    report = plan.report
    return {
        "departments_created": len(report["departments_created"]),
        "departments_changed": len(report["departments_changed"]),
        "departments_closed": len(report["departments_closed"]),
        "people_created": len(report["people_created"]),
        "people_changed": len(report["people_changed"]),
        "people_deactivated": len(report["people_deactivated"]),
    }
