"""Who may do what, for people and departments.

Global roles are groups (``accounts.enums.Role``); a liaison is a liaison of particular
departments, held as a guardian object permission on ``Department``.
"""

from django.contrib.auth.models import AnonymousUser
from guardian.shortcuts import get_objects_for_user

from .enums import Role
from .models import Department, User

LIAISON_PERMISSION = "accounts.act_as_liaison"


def _group_names(user) -> frozenset[str]:
    """The user's group names, cached on the user object for the request."""
    if not user.is_authenticated:
        return frozenset()
    cached = getattr(user, "_glab_group_names", None)
    if cached is None:
        cached = frozenset(user.groups.values_list("name", flat=True))
        user._glab_group_names = cached
    return cached


def is_innovation_unit(user: User | AnonymousUser) -> bool:
    return user.is_authenticated and (
        user.is_superuser or Role.INNOVATION_UNIT.value in _group_names(user)
    )


def is_liaison(user: User | AnonymousUser) -> bool:
    return user.is_authenticated and Role.DEPARTMENT_LIAISON.value in _group_names(user)


def liaison_departments(user: User | AnonymousUser):
    """The departments this user answers for (a queryset; empty for everyone else)."""
    if not user.is_authenticated:
        return Department.objects.none()
    return get_objects_for_user(
        user, LIAISON_PERMISSION, klass=Department, with_superuser=False, accept_global_perms=False
    )
