"""Questions about people asked across the portal, each answered in one place.

- Who is in the innovation unit: ``innovation_unit_members``; whether a person is:
  ``accounts.permissions.is_innovation_unit``.
- Who answers for a department: ``liaison_grants`` (the guardian grants, the one place the
  liaison codename is queried) and ``department_liaisons`` (active liaisons per department).
"""

from collections import defaultdict
from collections.abc import Iterable

from django.db.models import QuerySet

from .enums import Role
from .models import DepartmentUserObjectPermission, User
from .permissions import LIAISON_CODENAME


def innovation_unit_members() -> list[User]:
    """The active members of the innovation unit (superusers are not members by default)."""
    return list(User.objects.filter(groups__name=Role.INNOVATION_UNIT.value, is_active=True).distinct())


def liaison_grants(
    *, department_ids: Iterable[int] | None = None, user_ids: Iterable[int] | None = None
) -> QuerySet[DepartmentUserObjectPermission]:
    """The liaison grants (guardian's per-user object permission on a department), optionally
    only of these departments and/or these people."""
    grants = DepartmentUserObjectPermission.objects.filter(permission__codename=LIAISON_CODENAME)
    if department_ids is not None:
        grants = grants.filter(content_object_id__in=set(department_ids))
    if user_ids is not None:
        grants = grants.filter(user_id__in=set(user_ids))
    return grants


def department_liaisons(department_ids: Iterable[int]) -> dict[int, list[User]]:
    """``{department id: [active liaisons]}`` for these departments, in one query."""
    liaisons: dict[int, list[User]] = defaultdict(list)
    grants = liaison_grants(department_ids=department_ids).filter(user__is_active=True).select_related("user")
    for grant in grants.order_by("user__full_name", "user_id"):
        liaisons[grant.content_object_id].append(grant.user)
    return liaisons
