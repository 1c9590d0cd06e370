"""The release from routine duties (일상업무 배제): asked for when a member joins, acknowledged
by the home department, in effect while the lab runs, ended when the member or the lab goes.
The home department's liaisons are told at each step."""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Department, User
from accounts.selectors import department_liaisons
from core.history import record_change_author
from notifications.services import notify
from proposals.services import clean_text

from .. import permissions
from ..enums import STARTED_STATUSES, MembershipStatus
from ..models import DutyRelease, Lab, Membership
from ._common import format_day, lock_lab


def liaisons_of(department: Department | None) -> list[User]:
    """The active liaisons of the department (nobody when there is none)."""
    if department is None:
        return []
    return department_liaisons([department.pk])[department.pk]


def release_url(release: DutyRelease) -> str:
    return reverse("labs:release-acknowledge", kwargs={"pk": release.pk})


def _open_releases(**filters) -> QuerySet[DutyRelease]:
    """Open releases, locked, with what their notices name."""
    return (
        DutyRelease.objects.select_for_update(of=("self",))
        .filter(closed_at__isnull=True, **filters)
        .select_related("membership__user", "department")
    )


def release_request(membership: Membership, *, lab: Lab, by: User) -> DutyRelease:
    """A new member's release, waiting for the home department's acknowledgement."""
    release = DutyRelease(membership=membership)
    record_change_author(release, by)
    release.save()
    notify(
        kind="labs_release_requested",
        recipients=liaisons_of(by.department),
        about=release,
        context={"lab": lab, "member": by, "release": release},
        url=release_url(release),
    )
    return release


@transaction.atomic
def release_acknowledge(*, release: DutyRelease, by: User, order_reference: str = "") -> DutyRelease:
    """The member's home department (a liaison) or the innovation unit acknowledges the
    release, recording the personnel order number when there is one. The home department is
    stored now. If the lab is already running the release takes effect at once."""
    release = (
        DutyRelease.objects.select_for_update(of=("self",))
        .select_related("membership__user__department", "membership__lab")
        .get(pk=release.pk)
    )
    if not permissions.can_acknowledge_release(by, release):
        raise PermissionDenied
    if release.closed_at is not None:
        raise ValidationError(_("This release has ended."))
    if release.is_acknowledged:
        raise ValidationError(_("This release has already been acknowledged."))
    department = release.membership.user.department
    if department is None:
        raise ValidationError(_("The member has no home department on record."))
    release.department = department
    release.order_reference = clean_text(order_reference).strip()
    release.acknowledged_by = by
    release.acknowledged_at = timezone.now()
    record_change_author(release, by, "acknowledged")
    release.save()
    lab = lock_lab(release.membership.lab)
    if lab.status in STARTED_STATUSES:
        release_take_effect(release, lab=lab, starts_on=max(timezone.localdate(), lab.start_date), by=by)
    return release


def releases_for_start(members: list[Membership]) -> list[DutyRelease]:
    """When the lab starts: the open releases of its members (locked), after checking that
    every member's home department has acknowledged theirs."""
    releases = list(_open_releases(membership__in=members))
    acknowledged = {r.membership_id for r in releases if r.is_acknowledged}
    waiting = [m.user.full_name for m in members if m.pk not in acknowledged]
    if waiting:
        raise ValidationError(
            _("The home department has not yet acknowledged the release from routine duties of: %(names)s.")
            % {"names": ", ".join(waiting)}
        )
    return releases


def release_take_effect(release: DutyRelease, *, lab: Lab, starts_on: date, by: User | None) -> None:
    release.starts_on = starts_on
    release.ends_on = lab.end_date
    release.notified_at = timezone.now()
    record_change_author(release, by, "in effect")
    release.save()
    _notify_release(release, lab=lab, occasion=f"{release.department_id}:{format_day(release.ends_on)}")


def _notify_release(release: DutyRelease, *, lab: Lab, occasion: str) -> None:
    notify(
        kind="labs_release_in_effect",
        recipients=liaisons_of(release.department),
        about=release,
        occasion=occasion,
        context={"lab": lab, "member": release.membership.user, "release": release},
        url=lab.get_absolute_url(),
    )


def releases_extend(lab: Lab, *, by: User) -> None:
    """An approved extension: the releases in effect run to the new end date, and each
    department is told again."""
    for release in _open_releases(membership__lab=lab, notified_at__isnull=False):
        release.ends_on = lab.end_date
        record_change_author(release, by, "term extended")
        release.save()
        _notify_release(release, lab=lab, occasion=f"{release.department_id}:{format_day(release.ends_on)}")


def releases_close(*, lab: Lab, by: User | None, membership: Membership | None = None) -> None:
    """Ends the open releases of the lab (or of one of its members)."""
    filters = {"membership": membership} if membership is not None else {"membership__lab": lab}
    for release in _open_releases(**filters):
        _release_close(release, lab=lab, by=by)


def _release_close(release: DutyRelease, *, lab: Lab, by: User | None) -> None:
    was_in_effect = release.notified_at is not None
    release.closed_at = timezone.now()
    record_change_author(release, by, "ended")
    release.save()
    if was_in_effect:
        notify(
            kind="labs_release_ended",
            recipients=liaisons_of(release.department),
            about=release,
            context={"lab": lab, "member": release.membership.user, "release": release},
            url=lab.get_absolute_url(),
        )


@transaction.atomic
def lab_member_home_department_changed(
    *, user: User, new_department: Department, by: User | None = None
) -> list[DutyRelease]:
    """Called when HR moves ``user`` to ``new_department``: every open, acknowledged release
    of theirs moves to the new department, whose liaisons receive the release notice if the
    release is in effect. Unacknowledged releases need nothing: acknowledgement reads the
    home department when it happens. Returns the releases moved."""
    moved = []
    for release in DutyRelease.objects.select_for_update(of=("self",)).filter(
        membership__user=user,
        membership__status=MembershipStatus.ACTIVE,
        closed_at__isnull=True,
        acknowledged_at__isnull=False,
    ).select_related("membership__lab", "membership__user"):
        if release.department_id == new_department.pk:
            continue
        release.department = new_department
        record_change_author(release, by, "home department changed")
        release.save()
        if release.notified_at is not None:
            _notify_release(
                release, lab=release.membership.lab, occasion=f"{new_department.pk}:{format_day(release.ends_on)}"
            )
        moved.append(release)
    return moved
