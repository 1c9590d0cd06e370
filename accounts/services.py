"""Writes for people and departments."""

from django.contrib.auth.models import Group
from django.db import transaction
from guardian.shortcuts import assign_perm, remove_perm

from .enums import Role
from .models import Department, User
from .permissions import LIAISON_PERMISSION
from .selectors import liaison_grants


def role_group(role: Role) -> Group:
    group, _created = Group.objects.get_or_create(name=role.value)
    return group


@transaction.atomic
def user_grant_role(*, user: User, role: Role) -> None:
    """Adds ``user`` to the global role's group."""
    user.groups.add(role_group(role))
    user.__dict__.pop("_glab_group_names", None)


@transaction.atomic
def department_liaison_assign(*, department: Department, user: User) -> None:
    """Makes ``user`` a liaison of ``department`` (object permission plus the liaison group)."""
    assign_perm(LIAISON_PERMISSION, user, department)
    user_grant_role(user=user, role=Role.DEPARTMENT_LIAISON)


@transaction.atomic
def department_liaison_remove(*, department: Department, user: User) -> None:
    """Ends ``user``'s liaison role for ``department``; the group goes with the last one."""
    remove_perm(LIAISON_PERMISSION, user, department)
    if not liaison_grants(user_ids=[user.pk]).exists():
        user.groups.remove(role_group(Role.DEPARTMENT_LIAISON))
    user.__dict__.pop("_glab_group_names", None)
