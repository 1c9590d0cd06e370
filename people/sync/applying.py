"""Carrying out a plan: bulk statements for the accounts and departments, then the other apps'
services for the consequences (liaison roles, duty-release notices, routings of closed
departments). The caller (``people.services``) holds the transaction and the locks."""

from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from accounts.enums import AccountSource
from accounts.models import Department, User
from accounts.selectors import innovation_unit_members, liaison_grants
from accounts.services import department_liaison_remove
from labs.models import DutyRelease
from labs.services import lab_member_home_department_changed
from notifications.services import notify
from routing.services import department_closed_flag_routings

from .plan import REPORT_LISTS, Plan

BATCH_SIZE = 500
HISTORY_REASON = "HR import"


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
    grants = liaison_grants(user_ids=set(moved_from) | departed) | liaison_grants(
        department_ids=closed
    )
    for grant in grants.select_related("user", "content_object").order_by("pk"):
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
            recipients=innovation_unit_members(),
            about=record,
            context={"record": record, "ended": ended},
            url=record.get_absolute_url(),
        )
    return {name: len(plan.report[name]) for name in REPORT_LISTS}
