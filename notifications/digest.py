"""The daily digest (issue 20, part 3): one email a day to each person who has notifications
waiting for it (``EmailStatus.DIGEST``, set by ``notify`` for a kind they chose to receive
once a day).

Beat runs ``notifications.tasks.send_daily_digest`` at ``NOTIFICATION_DIGEST_AT`` (Asia/Seoul,
08:00 by default). The digest is an ordinary outbox row of kind ``daily_digest`` written by
``notify`` with the occasion set to the day, so its key (``daily_digest:accounts.user:<id>:
<yyyy-mm-dd>``) exists once per person and day: a retried or doubled run, or two at once,
writes and sends nothing twice. Items are marked ``EmailStatus.IN_DIGEST`` in the transaction
that writes the digest; what arrives after the day's digest waits for the next one.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from .enums import EmailStatus, NotificationKind
from .models import Notification
from .services import notify, scheduled_run_record, still_relevant

# The name the digest's runs are recorded under (``ScheduledRun``, the last-run metric).
DIGEST_TASK = "send_daily_digest"
# Items listed in one email; the rest are counted, with a link to the notification list.
MAX_ITEMS = 50
# People handled per transaction.
CHUNK = 100
# Sent digests are copies of notices kept in the list; they are deleted after this many days
# (docs/privacy.md, "Notification settings"). Only today's key must survive for idempotency.
KEEP_DAYS = 30


@dataclass
class DigestReport:
    people: int = 0
    items: int = 0
    dropped: int = 0


def digest_send(*, now: datetime | None = None) -> DigestReport:
    """Writes today's digest (in Asia/Seoul) for every active person with notifications waiting
    for it and marks those items as sent in the digest; delivery is queued on commit, through
    the outbox. Items whose occasion has passed (``expires_at``, or a reminder's relevance
    check) are left out and marked dropped; so are the waiting items of inactive people.
    Digests older than ``KEEP_DAYS`` (30) whose delivery is over are deleted first.
    A person who already had today's digest keeps their items for tomorrow's. Records the run
    (``ScheduledRun``). Returns how many people, items and dropped items."""
    now = now or timezone.now()
    day = timezone.localdate(now)
    report = DigestReport()
    _forget_old_digests(now)
    waiting = Notification.objects.filter(email_status=EmailStatus.DIGEST, created_at__lte=now)
    report.dropped += waiting.filter(recipient__is_active=False).update(
        email_status=EmailStatus.DROPPED
    )
    ids = sorted(set(waiting.values_list("recipient_id", flat=True)))
    for start in range(0, len(ids), CHUNK):
        _digest_chunk(ids[start : start + CHUNK], day=day, now=now, report=report)
    scheduled_run_record(DIGEST_TASK)
    return report


def _forget_old_digests(now: datetime) -> int:
    """Deletes digests older than ``KEEP_DAYS`` whose delivery is over (not pending or sending)."""
    old = Notification.objects.filter(
        kind=NotificationKind.DAILY_DIGEST, created_at__lt=now - timedelta(days=KEEP_DAYS)
    ).exclude(email_status__in=[EmailStatus.PENDING, EmailStatus.SENDING])
    return old.delete()[0]


@transaction.atomic
def _digest_chunk(
    recipient_ids: list[int], *, day: date, now: datetime, report: DigestReport
) -> None:
    """One transaction for a few people. Their user rows are locked first, in id order (a
    concurrent run waits, then finds today's digest written and the items marked), so the check
    for today's digest and the marking of the items cannot interleave with another run's. No
    ``skip_locked``: a person whose row something else holds at that moment (an HR import, a
    token being made) would otherwise miss the day's digest."""
    locked = list(
        get_user_model()
        .objects.select_for_update()
        .filter(pk__in=recipient_ids)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    rows = list(
        Notification.objects.select_for_update(of=("self",))
        .filter(recipient_id__in=locked, email_status=EmailStatus.DIGEST, created_at__lte=now)
        .select_related("recipient")
        .order_by("recipient_id", "created_at", "id")
    )
    keep, dropped = still_relevant(rows, now)
    if dropped:
        Notification.objects.filter(pk__in=dropped).update(email_status=EmailStatus.DROPPED)
        report.dropped += len(dropped)
    by_recipient: dict[int, list[Notification]] = defaultdict(list)
    for row in keep:
        by_recipient[row.recipient_id].append(row)
    for items in by_recipient.values():
        if _write_digest(items, day=day, now=now):
            report.people += 1
            report.items += len(items)


def _write_digest(items: list[Notification], *, day: date, now: datetime) -> bool:
    """Writes one person's digest of ``items`` (False: they had today's already)."""
    recipient = items[0].recipient
    if not recipient.email:
        Notification.objects.filter(pk__in=[n.pk for n in items]).update(
            email_status=EmailStatus.SKIPPED
        )
        return False
    list_url = reverse("notifications:list")
    written = notify(
        kind=NotificationKind.DAILY_DIGEST,
        recipients=[recipient],
        about=None,
        occasion=day.isoformat(),
        context={
            "items": items[:MAX_ITEMS],
            "more": max(len(items) - MAX_ITEMS, 0),
            "count": len(items),
            "day": day,
            "settings_url": reverse("notifications:preferences"),
        },
        url=list_url,
    )
    if not written:
        return False
    # Every item is already in the person's notification list: the digest is not a new notice.
    Notification.objects.filter(key=written[0].key).update(read_at=now)
    Notification.objects.filter(pk__in=[n.pk for n in items]).update(
        email_status=EmailStatus.IN_DIGEST
    )
    return True
