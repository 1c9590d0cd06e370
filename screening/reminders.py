"""The screening-due reminder (kind 3), declared with the notifications registry.

``reminder_screening_due`` — the screening deadline is ``REMINDER_SCREENING_DUE_DAYS`` (2) days
away or less: every board member who still has entries neither scored nor abstained on, once
(where the screening assigns reviews: entries assigned to them; a member with none left, or none
assigned, gets nothing).
The occasion names the deadline, so a moved deadline starts a fresh reminder; a reminder whose
member has since finished (or left the board), whose deadline has passed or moved, or whose
screening has been decided, is dropped at delivery. Like every message to the board it names
only the call, the deadline and a count (blind review covers email too).
"""

from collections.abc import Iterator, Sequence
from datetime import datetime, timedelta

from django.conf import settings
from django.urls import reverse

from accounts.models import User
from notifications.reminders import Due, register
from proposals.enums import CallPhase

from . import permissions, selectors
from .models import Screening

SCREENING_DUE = "reminder_screening_due"


def due_window() -> timedelta:
    return timedelta(days=getattr(settings, "REMINDER_SCREENING_DUE_DAYS", 2))


def remaining_entries(screening: Screening, member: User) -> int:
    """Entries the member may score (with assigned reviews: those assigned to them) and has not
    yet scored or abstained on."""
    return (
        permissions.entries(screening.call)
        .filter(permissions.reviewable_q(member))
        .exclude(reviews__reviewer=member)
        .count()
    )


def _due_screenings(now: datetime):
    return Screening.objects.filter(
        call__stored_phase=CallPhase.SCREENING,
        decided_at__isnull=True,
        deadline__gt=now,
        deadline__lte=now + due_window(),
    ).select_related("call")


def find_screenings_due(now: datetime) -> Iterator[Due]:
    for screening in _due_screenings(now):
        url = reverse("screening:workspace", kwargs={"call_pk": screening.call_id})
        for member in selectors.board_members(screening.call):
            remaining = remaining_entries(screening, member)
            if remaining:
                yield Due(
                    about=screening,
                    recipients=[member],
                    occasion=screening.deadline.isoformat(),
                    context={"screening": screening, "call": screening.call, "remaining": remaining},
                    url=url,
                    expires_at=screening.deadline,
                )


def screenings_due_still_relevant(notifications: Sequence, now: datetime) -> set[int]:
    screenings = Screening.objects.select_related("call").in_bulk({n.about_id for n in notifications})
    members = User.objects.in_bulk({n.recipient_id for n in notifications})
    relevant = set()
    for notification in notifications:
        screening = screenings.get(notification.about_id)
        member = members.get(notification.recipient_id)
        if (
            screening is not None
            and member is not None
            and not screening.is_decided
            and notification.occasion == screening.deadline.isoformat()
            and permissions.is_board_member(member, screening.call)
            and remaining_entries(screening, member)
        ):
            relevant.add(notification.pk)
    return relevant


register(SCREENING_DUE, find_screenings_due, still_relevant=screenings_due_still_relevant)
