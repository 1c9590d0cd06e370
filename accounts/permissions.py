"""Who may do what, for people and departments.

Global roles are groups (``accounts.enums.Role``); a liaison is a liaison of particular
departments, held as a guardian object permission on ``Department``.
"""

from functools import cache as once

from django.contrib.auth.models import AnonymousUser, Group
from django.db import connection
from django.db.models import Q

from .enums import Role
from .models import (
    Department,
    DepartmentGroupObjectPermission,
    DepartmentUserObjectPermission,
    User,
)

LIAISON_PERMISSION = "accounts.act_as_liaison"
LIAISON_APP_LABEL, LIAISON_CODENAME = LIAISON_PERMISSION.split(".")


ROLES_ATTRIBUTE = "_glab_group_names"


@once
def _roles_statement(vendor: str) -> str:
    membership, group = (connection.ops.quote_name(m._meta.db_table) for m in (User.groups.through, Group))
    roles = ", ".join(["%s"] * len(Role.values))
    return (
        f"SELECT g.name FROM {membership} m JOIN {group} g ON g.id = m.group_id "  # noqa: S608 - table names
        f"WHERE m.user_id = %s AND g.name IN ({roles})"
    )


def group_names(user) -> frozenset[str]:
    """The user's roles (the names of their groups that are a ``Role``), kept on the user object
    for the request. Most pages ask (a view's permission check, the header's menu), so it is
    one fixed statement, as the session's (glab_portal.sessions): building the same join through
    the ORM costs several times the CPU. tests/accounts/test_header.py compares it with
    ``user.groups``."""
    if not user.is_authenticated:
        return frozenset()
    cached = getattr(user, ROLES_ATTRIBUTE, None)
    if cached is None:
        with connection.cursor() as cursor:
            cursor.execute(_roles_statement(connection.vendor), [user.pk, *Role.values])
            cached = frozenset(name for (name,) in cursor.fetchall())
        setattr(user, ROLES_ATTRIBUTE, cached)
    return cached


def forget_roles(user) -> None:
    """Drops the roles ``group_names`` kept on this user object (after a change to them)."""
    getattr(user, "_wrapped", user).__dict__.pop(ROLES_ATTRIBUTE, None)


def is_innovation_unit(user: User | AnonymousUser) -> bool:
    return user.is_authenticated and (
        user.is_superuser or Role.INNOVATION_UNIT.value in group_names(user)
    )


def is_office_staff(user: User | AnonymousUser) -> bool:
    """A person of the provincial office: an active account with a department, or the
    innovation unit. Outside evaluators (local accounts without a department) are not."""
    return user.is_authenticated and user.is_active and (
        user.department_id is not None or is_innovation_unit(user)
    )


def is_liaison(user: User | AnonymousUser) -> bool:
    return user.is_authenticated and Role.DEPARTMENT_LIAISON.value in group_names(user)


def liaison_departments(user: User | AnonymousUser):
    """The departments this user answers for (a queryset; empty for everyone else): the
    liaison grant held by the user or by one of their groups. This is what guardian's
    ``get_objects_for_user(user, LIAISON_PERMISSION, Department, with_superuser=False,
    accept_global_perms=False)`` answers, in one plain query instead of its several steps
    (tests/accounts/test_liaison_departments.py compares the two)."""
    if not user.is_authenticated:
        return Department.objects.none()
    grant = Q(permission__codename=LIAISON_CODENAME, permission__content_type__app_label=LIAISON_APP_LABEL)
    direct = DepartmentUserObjectPermission.objects.filter(grant, user=user).values("content_object_id")
    via_group = DepartmentGroupObjectPermission.objects.filter(grant, group__user=user).values("content_object_id")
    return Department.objects.filter(Q(pk__in=direct) | Q(pk__in=via_group))

