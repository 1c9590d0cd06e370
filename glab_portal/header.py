"""What the page header needs to know about the signed-in person, read in one fixed statement.

The header shows the unread-notification count and a menu that depends on the person's roles
(groups) and board seats. The roles are ``accounts.permissions.group_names`` (kept on the user
object for the request, so a view's own check has usually read them already); the unread count
and the seats live in two other apps, so the project reads them here, in one
``SELECT … UNION ALL …`` with the person's id: one row with the unread count, one per board
seat. Nothing is cached, so every change shows on the next page; the seats read are kept on
the user object for the rest of the request (``screening.permissions.remember_seats``).

The statement is fixed (built once per process from the models' tables): compiling the ORM's
querysets costs more CPU on every page than the database spends answering them. What counts
as unread and as a seat is the ORM's everywhere else; tests/accounts/test_header.py compares
the two for people with and without each.
"""

from functools import cache as once

from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection

from accounts.enums import Role
from accounts.permissions import group_names
from notifications.models import Notification
from proposals.models import CallUserObjectPermission
from screening.permissions import BOARD_CODENAME, remember_seats


@once
def _statement(vendor: str) -> str:
    """The header's statement for this database (``%s``: the person's id twice, then the board
    permission's codename and app)."""
    q = connection.ops.quote_name
    notification, seat, permission, content_type = (
        q(model._meta.db_table)
        for model in (Notification, CallUserObjectPermission, Permission, ContentType)
    )
    return (
        f"SELECT 'unread', COUNT(*) FROM {notification} "  # noqa: S608 - table names only
        "WHERE recipient_id = %s AND read_at IS NULL "
        f"UNION ALL SELECT 'seat', s.content_object_id FROM {seat} s "
        f"JOIN {permission} p ON p.id = s.permission_id JOIN {content_type} t ON t.id = p.content_type_id "
        "WHERE s.user_id = %s AND p.codename = %s AND t.app_label = %s"
    )


def header_state(user) -> dict:
    """``{"unread": int, "groups": frozenset, "board": bool}`` for a signed-in person (``board``:
    sits on a board and is not of the innovation unit, the one other reason for the menu)."""
    params = [user.pk, user.pk, BOARD_CODENAME, "proposals"]
    with connection.cursor() as cursor:
        cursor.execute(_statement(connection.vendor), params)
        rows = cursor.fetchall()
    unread = next(number for kind, number in rows if kind == "unread")
    seats = {number for kind, number in rows if kind == "seat"}
    remember_seats(user, seats)
    roles = group_names(user)
    unit = user.is_superuser or Role.INNOVATION_UNIT.value in roles
    return {"unread": unread, "groups": roles, "board": bool(seats) and not unit}
