"""Lab reminders, declared with the notifications registry.

``reminder_lab_log_overdue`` — a running lab has written no progress log entry for longer than
its cadence (counted from the last entry, or from the start): every current member is nudged
once per lapse (the occasion names the day the entry fell due). Dropped at delivery if an entry
has been written since, the lab no longer runs, or the recipient has left.

``reminder_lab_term_ending`` — the term of a running or paused lab ends within
``TERM_ENDING_WINDOW``: every current member is reminded to prepare the final report. The
occasion names the end date, so an approved extension starts a fresh reminder.
"""

from collections.abc import Iterator, Sequence
from datetime import date, datetime, timedelta

from django.utils import timezone

from notifications.reminders import Due, register

from . import selectors
from .enums import STARTED_STATUSES, LabStatus, MembershipStatus
from .models import Lab, Membership

LOG_OVERDUE = "reminder_lab_log_overdue"
TERM_ENDING = "reminder_lab_term_ending"
TERM_ENDING_WINDOW = timedelta(days=14)


def log_due_date(lab: Lab) -> date:
    """The day by which the next entry is due (``lab.last_log_date`` annotated)."""
    reference = max(lab.last_log_date or lab.start_date, lab.start_date)
    return reference + timedelta(days=lab.log_cadence_days)


def _members(lab_ids) -> dict[int, list]:
    members: dict[int, list] = {}
    for membership in Membership.objects.filter(lab_id__in=lab_ids, status=MembershipStatus.ACTIVE).select_related(
        "user"
    ):
        members.setdefault(membership.lab_id, []).append(membership.user)
    return members


def find_logs_overdue(now: datetime) -> Iterator[Due]:
    today = timezone.localdate(now)
    labs = [
        lab for lab in selectors.overview().filter(status=LabStatus.RUNNING)
        if selectors.is_log_overdue(lab, today)
    ]
    members = _members([lab.pk for lab in labs])
    for lab in labs:
        due = log_due_date(lab)
        yield Due(
            about=lab,
            recipients=members.get(lab.pk, []),
            occasion=due.isoformat(),
            context={"lab": lab, "due": due, "cadence": lab.log_cadence_days},
            url=lab.get_absolute_url(),
        )


def _still_member(notifications: Sequence) -> set[tuple[int, int]]:
    return set(
        Membership.objects.filter(
            lab_id__in={n.about_id for n in notifications},
            user_id__in={n.recipient_id for n in notifications},
            status=MembershipStatus.ACTIVE,
        ).values_list("lab_id", "user_id")
    )


def logs_overdue_still_relevant(notifications: Sequence, now: datetime) -> set[int]:
    labs = selectors.overview().in_bulk({n.about_id for n in notifications})
    members = _still_member(notifications)
    return {
        n.pk
        for n in notifications
        if (lab := labs.get(n.about_id)) is not None
        and lab.status == LabStatus.RUNNING
        and log_due_date(lab).isoformat() == n.occasion
        and (n.about_id, n.recipient_id) in members
    }


def find_terms_ending(now: datetime) -> Iterator[Due]:
    today = timezone.localdate(now)
    labs = list(
        Lab.objects.filter(status__in=STARTED_STATUSES, end_date__gte=today, end_date__lte=today + TERM_ENDING_WINDOW)
    )
    members = _members([lab.pk for lab in labs])
    for lab in labs:
        yield Due(
            about=lab,
            recipients=members.get(lab.pk, []),
            occasion=lab.end_date.isoformat(),
            context={"lab": lab, "days_left": lab.days_left(today)},
            url=lab.get_absolute_url(),
            expires_at=timezone.make_aware(datetime.combine(lab.end_date + timedelta(days=1), datetime.min.time())),
        )


def terms_ending_still_relevant(notifications: Sequence, now: datetime) -> set[int]:
    labs = Lab.objects.in_bulk({n.about_id for n in notifications})
    members = _still_member(notifications)
    return {
        n.pk
        for n in notifications
        if (lab := labs.get(n.about_id)) is not None
        and lab.status in STARTED_STATUSES
        and lab.end_date.isoformat() == n.occasion
        and (n.about_id, n.recipient_id) in members
    }


register(LOG_OVERDUE, find_logs_overdue, still_relevant=logs_overdue_still_relevant)
register(TERM_ENDING, find_terms_ending, still_relevant=terms_ending_still_relevant)
