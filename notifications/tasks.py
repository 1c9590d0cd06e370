"""Thin tasks: ids in, a service call, nothing else. All are idempotent (the outbox lease and
keys decide what happens) and acknowledged late, so a worker lost mid-task costs a re-run,
never a message."""

import contextlib

from celery import shared_task
from kombu.exceptions import OperationalError as KombuOperationalError

from . import calendar, digest, services


@shared_task(acks_late=True, ignore_result=True)
def deliver_batch(ids: list[int] | None = None) -> dict:
    """Delivers the given notifications, or up to one batch of whatever is claimable. Rows that
    failed with a retry ahead are queued again for when their backoff ends (the dispatcher would
    also find them; this only makes the retry punctual)."""
    report = services.notifications_deliver_batch(ids=ids)
    if report.retrying:
        # With the broker gone the dispatcher re-queues the rows instead.
        with contextlib.suppress(KombuOperationalError):
            deliver_batch.apply_async(
                kwargs={"ids": report.retrying}, countdown=report.retry_in.total_seconds() + 1
            )
    return {
        "sent": len(report.sent),
        "dropped": len(report.dropped),
        "retrying": len(report.retrying),
        "failed": len(report.failed),
    }


@shared_task(acks_late=True, ignore_result=True)
def dispatch_reminders() -> dict:
    """Run by beat every REMINDER_DISPATCH_INTERVAL: writes due reminders to the outbox and
    re-queues notifications that are stuck (never queued, retry due, lease expired)."""
    report = services.reminders_dispatch()
    return {"created": report.created, "requeued": report.requeued, "errors": report.errors}


@shared_task(ignore_result=True)
def purge_calendar_feeds() -> dict:
    """Daily (beat): revokes the calendar addresses of deactivated people and deletes those
    revoked more than CALENDAR_FEED_RETENTION_DAYS ago (``notifications.calendar``)."""
    revoked, deleted = calendar.calendar_feeds_purge()
    return {"revoked": revoked, "deleted": deleted}
@shared_task(acks_late=True, ignore_result=True)
def send_daily_digest() -> dict:
    """Run by beat once a day at NOTIFICATION_DIGEST_AT: each person's digest of the
    notifications waiting for it, written to the outbox once per day (its key)."""
    report = digest.digest_send()
    return {"people": report.people, "items": report.items, "dropped": report.dropped}
