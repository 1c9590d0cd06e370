"""Lab reminders (kinds 5–7), declared with the notifications registry. Days are Asia/Seoul
dates; a reminder "on" a day is due from that day's midnight.

``reminder_lab_log_overdue`` (5) — a running lab has written no progress log entry for longer
than its cadence (counted from the last entry, or from the start): every current member, once
per lapse (the occasion names the day the entry fell due), from the day after it fell due.
Dropped at delivery if an entry has been written since, the lab no longer runs, or the recipient
has left.

``reminder_lab_term_ending`` (6) — the term of a running or paused lab ends in
``REMINDER_LAB_TERM_ENDING_DAYS`` (14 and 7) days: every current member. Each is due from its
moment until the next one's, so a dispatcher that was down sends the one that fits now.

``reminder_lab_report_due`` (6) — the lab's end date has come and no final report has been filed
(proposed and not declined): every current member, once per end date, for as long as it stays
due. Both lab-term kinds name the end date in the occasion, so an approved extension starts a
fresh set; they are dropped at delivery once a final report is filed, the end date moved, the lab
left the running/paused phases, or the recipient left.

``reminder_lab_release_starts`` / ``reminder_lab_release_ends`` (7) — a member's release from
routine duties (acknowledged and in effect) starts, or has its last day: the liaisons of the
home department the release is recorded against. Due on that day only. The start reminder is
skipped when the department was told of the release on or after its first day (the "in effect"
notice labs sends then says the same). Dropped at delivery when the release changed: ended
(the lab closed, the member left — labs then sends its own "ended" notice), dates moved by an
extension, moved to another department, or the recipient is no longer its liaison.
"""

from collections.abc import Iterator, Sequence
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.utils import timezone

from accounts.selectors import department_liaisons, liaison_grants
from notifications.reminders import Due, register

from . import selectors
from .enums import STARTED_STATUSES, DecisionStatus, LabStatus, MembershipStatus
from .models import DutyRelease, FinalReport, Lab, Membership

LOG_OVERDUE = "reminder_lab_log_overdue"
TERM_ENDING = "reminder_lab_term_ending"
REPORT_DUE = "reminder_lab_report_due"
RELEASE_STARTS = "reminder_lab_release_starts"
RELEASE_ENDS = "reminder_lab_release_ends"

# A final report in one of these is filed: the members have proposed it (and may be signing it).
FILED_REPORT_STATUSES = (DecisionStatus.PENDING, DecisionStatus.AWAITING_APPROVAL, DecisionStatus.ADOPTED)


def term_ending_days() -> list[int]:
    return sorted(set(getattr(settings, "REMINDER_LAB_TERM_ENDING_DAYS", (14, 7))), reverse=True)


def _midnight(day: date) -> datetime:
    """The start of ``day`` in the current (Asia/Seoul) time zone."""
    return timezone.make_aware(datetime.combine(day, time.min))


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


def _still_member(notifications: Sequence) -> set[tuple[int, int]]:
    return set(
        Membership.objects.filter(
            lab_id__in={n.about_id for n in notifications},
            user_id__in={n.recipient_id for n in notifications},
            status=MembershipStatus.ACTIVE,
        ).values_list("lab_id", "user_id")
    )


def _with_filed_report(lab_ids) -> set[int]:
    return set(
        FinalReport.objects.filter(lab_id__in=set(lab_ids), decision__status__in=FILED_REPORT_STATUSES).values_list(
            "lab_id", flat=True
        )
    )


# --- 5. Progress log overdue ---------------------------------------------------------------


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


# --- 6. The term ends in N days; the final report is due -------------------------------------


def _term_occasion(lab: Lab, days: int) -> str:
    return f"{lab.end_date.isoformat()}/{days}d"


def _unreported_labs(**filters) -> list[Lab]:
    labs = list(Lab.objects.filter(status__in=STARTED_STATUSES, **filters))
    filed = _with_filed_report(lab.pk for lab in labs)
    return [lab for lab in labs if lab.pk not in filed]


def labs_term_ending(today: date) -> Iterator[tuple[Lab, int]]:
    """(lab, N) for every started lab without a filed report whose N-days-before day has come
    and whose next reminder's day (a smaller N, or the end date itself) has not."""
    days_list = term_ending_days()
    for index, days in enumerate(days_list):
        after = days_list[index + 1] if index + 1 < len(days_list) else 0
        labs = _unreported_labs(end_date__lte=today + timedelta(days=days), end_date__gt=today + timedelta(days=after))
        for lab in labs:
            yield lab, days


def _next_reminder_day(lab: Lab, days: int) -> date:
    """When the reminder after the N-days one is due: a held-back N-days email (SMTP retries)
    is dropped then rather than arriving after its successor."""
    later = [d for d in term_ending_days() if d < days]
    return lab.end_date - timedelta(days=max(later)) if later else lab.end_date


def find_terms_ending(now: datetime) -> Iterator[Due]:
    today = timezone.localdate(now)
    pending = list(labs_term_ending(today))
    members = _members([lab.pk for lab, _days in pending])
    for lab, days in pending:
        yield Due(
            about=lab,
            recipients=members.get(lab.pk, []),
            occasion=_term_occasion(lab, days),
            context={"lab": lab, "days": days, "days_left": lab.days_left(today)},
            url=lab.get_absolute_url(),
            expires_at=_midnight(_next_reminder_day(lab, days)),
        )


def find_reports_due(now: datetime) -> Iterator[Due]:
    labs = _unreported_labs(end_date__lte=timezone.localdate(now))
    members = _members([lab.pk for lab in labs])
    for lab in labs:
        yield Due(
            about=lab,
            recipients=members.get(lab.pk, []),
            occasion=lab.end_date.isoformat(),
            context={"lab": lab},
            url=lab.get_absolute_url(),
        )


def _term_still_relevant(notifications: Sequence, now: datetime) -> set[int]:
    """The lab is still running or paused with the same end date, no final report has been
    filed, and the recipient is still a member."""
    labs = Lab.objects.in_bulk({n.about_id for n in notifications})
    members = _still_member(notifications)
    filed = _with_filed_report(labs)
    return {
        n.pk
        for n in notifications
        if (lab := labs.get(n.about_id)) is not None
        and lab.status in STARTED_STATUSES
        and lab.pk not in filed
        and n.occasion.split("/")[0] == lab.end_date.isoformat()
        and (n.about_id, n.recipient_id) in members
    }


terms_ending_still_relevant = _term_still_relevant
reports_due_still_relevant = _term_still_relevant


# --- 7. A release from routine duties starts and ends ------------------------------------------


def _release_occasion(release: DutyRelease, edge: str) -> str:
    day = release.starts_on if edge == "start" else release.ends_on
    return f"{release.department_id}:{day.isoformat()}"


def _releases_in_effect():
    return DutyRelease.objects.filter(
        closed_at__isnull=True, notified_at__isnull=False, department__isnull=False, starts_on__isnull=False
    ).select_related("membership__user", "membership__lab", "department")


def _release_finder(edge: str):
    def find(now: datetime) -> Iterator[Due]:
        today = timezone.localdate(now)
        if edge == "start":
            releases = [
                r for r in _releases_in_effect().filter(starts_on=today)
                if timezone.localdate(r.notified_at) < r.starts_on
            ]
        else:
            releases = list(_releases_in_effect().filter(ends_on=today))
        liaisons = department_liaisons(r.department_id for r in releases)
        for release in releases:
            lab = release.membership.lab
            yield Due(
                about=release,
                recipients=liaisons[release.department_id],
                occasion=_release_occasion(release, edge),
                context={"lab": lab, "member": release.membership.user, "release": release},
                url=lab.get_absolute_url(),
                expires_at=_midnight(today + timedelta(days=1)),
            )

    return find


def _release_still_relevant(edge: str):
    def check(notifications: Sequence, now: datetime) -> set[int]:
        releases = _releases_in_effect().in_bulk({n.about_id for n in notifications})
        grants = set(
            liaison_grants(
                department_ids={r.department_id for r in releases.values()},
                user_ids={n.recipient_id for n in notifications},
            ).values_list("content_object_id", "user_id")
        )
        return {
            n.pk
            for n in notifications
            if (release := releases.get(n.about_id)) is not None
            and n.occasion == _release_occasion(release, edge)
            and (release.department_id, n.recipient_id) in grants
        }

    return check


register(LOG_OVERDUE, find_logs_overdue, still_relevant=logs_overdue_still_relevant)
register(TERM_ENDING, find_terms_ending, still_relevant=terms_ending_still_relevant)
register(REPORT_DUE, find_reports_due, still_relevant=reports_due_still_relevant)
register(RELEASE_STARTS, _release_finder("start"), still_relevant=_release_still_relevant("start"))
register(RELEASE_ENDS, _release_finder("end"), still_relevant=_release_still_relevant("end"))
