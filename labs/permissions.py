"""Who may do what with labs: the one place these rights are decided.

- Every signed-in person may read a lab's page: mission, members, milestones, final report.
  Once the decision is made, blind review no longer hides the selected proposal's people.
- Membership is an explicit grant: the membership services give every current member the
  same guardian object permissions (``MEMBER_PERMISSIONS``) on the lab and take them back when
  the member leaves or is removed; there is no leader or role, so nothing else differs.
  Checks read the grants afresh on every request, so a departed member loses access at once.
- The innovation unit forms, starts and closes labs, reads every log and may comment on it,
  approves extensions, but does not write entries or sign decisions.
- A department liaison acknowledges the release from routine duties of members whose home
  department they answer for.
"""

from datetime import date

from django.db.models import Q, QuerySet
from guardian.core import ObjectPermissionChecker
from guardian.shortcuts import get_objects_for_user

from accounts.permissions import is_innovation_unit, liaison_departments

from .enums import OPEN_STATUSES, LabStatus
from .models import DutyRelease, Lab

MEMBER_PERMISSIONS = ("view_lab_log", "write_lab_log", "decide_for_lab")


def lab_perms(user, lab: Lab) -> frozenset[str]:
    """The user's object permissions on the lab (codenames), read in one query."""
    if not user.is_authenticated:
        return frozenset()
    return frozenset(ObjectPermissionChecker(user).get_user_perms(lab))


def can_manage_labs(user) -> bool:
    return is_innovation_unit(user)


def can_view_lab(user) -> bool:
    return user.is_authenticated


def is_member(user, lab: Lab, perms: frozenset[str] | None = None) -> bool:
    perms = lab_perms(user, lab) if perms is None else perms
    return set(MEMBER_PERMISSIONS) <= perms


def can_read_log(user, lab: Lab, perms: frozenset[str] | None = None) -> bool:
    if can_manage_labs(user):
        return True
    perms = lab_perms(user, lab) if perms is None else perms
    return "view_lab_log" in perms


def can_write_log(user, lab: Lab, perms: frozenset[str] | None = None) -> bool:
    perms = lab_perms(user, lab) if perms is None else perms
    return "write_lab_log" in perms and lab.status in OPEN_STATUSES


def can_comment(user, lab: Lab, perms: frozenset[str] | None = None) -> bool:
    return can_read_log(user, lab, perms) and lab.status != LabStatus.CLOSED


def can_decide(user, lab: Lab, perms: frozenset[str] | None = None) -> bool:
    perms = lab_perms(user, lab) if perms is None else perms
    return "decide_for_lab" in perms and lab.status in OPEN_STATUSES


def is_volunteering_open(lab: Lab, today: date) -> bool:
    """Anyone may volunteer while the lab recruits (until the window closes) or is paused."""
    if lab.status == LabStatus.PAUSED:
        return True
    if lab.status != LabStatus.RECRUITING:
        return False
    return lab.recruitment_closes_on is None or today <= lab.recruitment_closes_on


def labs_with_visible_log(user) -> QuerySet[Lab]:
    """Labs whose progress log and joint decisions the user may read."""
    if not user.is_authenticated:
        return Lab.objects.none()
    if can_manage_labs(user):
        return Lab.objects.all()
    return get_objects_for_user(
        user, "labs.view_lab_log", klass=Lab, with_superuser=False, accept_global_perms=False
    )


def can_acknowledge_release(user, release: DutyRelease) -> bool:
    """A liaison of the member's current home department, or the innovation unit."""
    if not user.is_authenticated:
        return False
    if can_manage_labs(user):
        return True
    department_id = release.membership.user.department_id
    return department_id is not None and liaison_departments(user).filter(pk=department_id).exists()


def releases_for(user) -> QuerySet[DutyRelease]:
    """Releases the user answers for: everything for the innovation unit, the members of their
    departments for a liaison, nothing for anyone else."""
    if not user.is_authenticated:
        return DutyRelease.objects.none()
    if can_manage_labs(user):
        return DutyRelease.objects.all()
    departments = liaison_departments(user).values("pk")
    return DutyRelease.objects.filter(
        Q(department__in=departments)
        | Q(acknowledged_at__isnull=True, membership__user__department__in=departments)
    )
