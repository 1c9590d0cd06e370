"""Who may do what with labs: the one place these rights are decided.

- Every signed-in person may read a lab's page: mission, members, milestones, final report.
  Once the decision is made, blind review no longer hides the selected proposal's people.
- Membership is the one truth of a member's rights: an active ``Membership`` (reached only
  by the person's own acceptance) gives every member the same rights — read the log, write it
  and its milestones, propose and sign joint decisions; there is no leader or role, and no
  separate grant kept in step. A member who leaves or is removed loses them at once, since
  every check reads the membership afresh (one query; a view asks once per request and passes
  the answer on as ``member``).
- The innovation unit forms, starts and closes labs, reads every log and may comment on it,
  approves extensions, but does not write entries or sign decisions.
- A department liaison acknowledges the release from routine duties of members whose home
  department they answer for.
"""

from datetime import date

from django.db.models import Q, QuerySet

from accounts.permissions import is_innovation_unit, is_liaison, liaison_departments

from .enums import OPEN_STATUSES, LabStatus, MembershipStatus
from .models import DutyRelease, Lab, Membership

# A person in one of these is already volunteering, invited or a member: no second volunteering.
VOLUNTEERED_STATUSES = (MembershipStatus.VOLUNTEERED, MembershipStatus.INVITED, MembershipStatus.ACTIVE)


def is_member(user, lab: Lab) -> bool:
    """A current member: the user's membership of the lab is active (one query)."""
    if not user.is_authenticated:
        return False
    return Membership.objects.filter(lab=lab, user=user, status=MembershipStatus.ACTIVE).exists()


def is_active_membership(membership: Membership | None) -> bool:
    """Whether this (already loaded) membership makes its person a current member."""
    return membership is not None and membership.status == MembershipStatus.ACTIVE


def _member(user, lab: Lab, member: bool | None) -> bool:
    return is_member(user, lab) if member is None else member


def can_read_log(user, lab: Lab, member: bool | None = None) -> bool:
    """Members and the innovation unit. ``member``: the caller's answer of ``is_member``."""
    return is_innovation_unit(user) or _member(user, lab, member)


def can_write_log(user, lab: Lab, member: bool | None = None) -> bool:
    return lab.status in OPEN_STATUSES and _member(user, lab, member)


def can_comment(user, lab: Lab, member: bool | None = None) -> bool:
    return lab.status != LabStatus.CLOSED and can_read_log(user, lab, member)


def can_decide(user, lab: Lab, member: bool | None = None) -> bool:
    return lab.status in OPEN_STATUSES and _member(user, lab, member)


def is_volunteering_open(lab: Lab, today: date) -> bool:
    """Anyone may volunteer while the lab recruits (until the window closes) or is paused."""
    if lab.status == LabStatus.PAUSED:
        return True
    if lab.status != LabStatus.RECRUITING:
        return False
    return lab.recruitment_closes_on is None or today <= lab.recruitment_closes_on


def has_volunteered(membership: Membership | None) -> bool:
    """Already volunteering, invited or a member (so not volunteering again)."""
    return membership is not None and membership.status in VOLUNTEERED_STATUSES


def can_volunteer(lab: Lab, today: date, membership: Membership | None) -> bool:
    """Whether the person whose ``membership`` (or ``None``) this is may volunteer now."""
    return is_volunteering_open(lab, today) and not has_volunteered(membership)


def can_list_releases(user) -> bool:
    """The list of releases from routine duties: the innovation unit and the liaisons."""
    return is_innovation_unit(user) or is_liaison(user)


def can_acknowledge_release(user, release: DutyRelease) -> bool:
    """A liaison of the member's current home department, or the innovation unit."""
    if not user.is_authenticated:
        return False
    if is_innovation_unit(user):
        return True
    department_id = release.membership.user.department_id
    return department_id is not None and liaison_departments(user).filter(pk=department_id).exists()


def releases_for(user) -> QuerySet[DutyRelease]:
    """Releases the user answers for: everything for the innovation unit, the members of their
    departments for a liaison, nothing for anyone else."""
    if not user.is_authenticated:
        return DutyRelease.objects.none()
    if is_innovation_unit(user):
        return DutyRelease.objects.all()
    # The department ids first: a list keeps the paged query and its count simple to plan.
    departments = list(liaison_departments(user).values_list("pk", flat=True))
    return DutyRelease.objects.filter(
        Q(department__in=departments)
        | Q(acknowledged_at__isnull=True, membership__user__department__in=departments)
    )
