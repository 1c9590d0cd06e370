"""What the page header needs to know about the signed-in person, read in one fixed statement.

The header shows the unread-notification count and a menu that depends on the person's roles
(groups) and board seats. Those live in three apps, so the project reads them here, in one
``SELECT … UNION ALL …`` with the person's id: one row with the unread count, one per board
seat, one per role. Nothing is cached, so every change shows on the next page; the roles and
seats read are kept on the user object for the rest of the request
(``accounts.permissions.remember_roles``, ``screening.permissions.remember_seats``), so a
view's own permission check that asks the same does not ask again.

The statement is fixed (built once per process from the models' tables): compiling three
ORM querysets costs more CPU on every page than the database spends answering them. What
counts as unread, a seat and a role is the ORM's everywhere else;
tests/accounts/test_header.py compares the two for people with and without each.
"""

from functools import cache as once

from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection

from accounts.enums import Role
from accounts.models import User
from accounts.permissions import remember_roles
from notifications.models import Notification
from proposals.models import CallUserObjectPermission
from screening.permissions import BOARD_CODENAME, remember_seats


@once
def _statement(vendor: str) -> str:
    """The header's statement for this database (``%s``: the person's id three times, the
    board permission's codename and app, then the role names)."""
    q = connection.ops.quote_name
    notification, seat, permission, content_type, membership, group = (
        q(model._meta.db_table)
        for model in (
            Notification,
            CallUserObjectPermission,
            Permission,
            ContentType,
            User.groups.through,
            Group,
        )
    )
    roles = ", ".join(["%s"] * len(Role.values))
    return (
        f"SELECT 'unread', COUNT(*), NULL FROM {notification} "  # noqa: S608 - table names only
        "WHERE recipient_id = %s AND read_at IS NULL "
        f"UNION ALL SELECT 'seat', s.content_object_id, NULL FROM {seat} s "
        f"JOIN {permission} p ON p.id = s.permission_id JOIN {content_type} t ON t.id = p.content_type_id "
        "WHERE s.user_id = %s AND p.codename = %s AND t.app_label = %s "
        f"UNION ALL SELECT 'role', NULL, g.name FROM {membership} m JOIN {group} g ON g.id = m.group_id "
        f"WHERE m.user_id = %s AND g.name IN ({roles})"
    )


def header_state(user) -> dict:
    """``{"unread": int, "groups": frozenset, "board": bool}`` for a signed-in person (``board``:
    sits on a board and is not of the innovation unit, the one other reason for the menu)."""
    params = [user.pk, user.pk, BOARD_CODENAME, "proposals", user.pk, *Role.values]
    with connection.cursor() as cursor:
        cursor.execute(_statement(connection.vendor), params)
        rows = cursor.fetchall()
    unread = next(number for kind, number, _name in rows if kind == "unread")
    seats = {number for kind, number, _name in rows if kind == "seat"}
    remember_seats(user, seats)
    roles = remember_roles(user, {name for kind, _number, name in rows if kind == "role"})
    unit = user.is_superuser or Role.INNOVATION_UNIT.value in roles
    return {"unread": unread, "groups": roles, "board": bool(seats) and not unit}
