"""Reads for the outbox page and the metrics. The counts come from ``OutboxCount`` (a few rows
per kind and state, kept by triggers), never from counting the notifications."""

from datetime import datetime

from django.db.models import Min, QuerySet, Sum

from .enums import EmailStatus
from .models import Notification, OutboxCount, ScheduledRun


def outbox(*, status: str = "", kind: str = "") -> QuerySet[Notification]:
    """Every notification, newest first, with its recipient, optionally filtered."""
    qs = Notification.objects.select_related("recipient").defer("body_text", "body_html")
    if status:
        qs = qs.filter(email_status=status)
    if kind:
        qs = qs.filter(kind=kind)
    return qs.order_by("-created_at", "-id")


def outbox_status_counts(*, kind: str = "") -> dict[str, int]:
    """How many notifications are in each email state (of one kind, if given)."""
    rows = OutboxCount.objects.filter(kind=kind) if kind else OutboxCount.objects.all()
    return dict(rows.values_list("email_status").annotate(total=Sum("n")).order_by())


def outbox_kinds() -> list[str]:
    """The kinds of notification there are, for the filter."""
    return list(
        OutboxCount.objects.values_list("kind", flat=True)
        .annotate(total=Sum("n"))
        .filter(total__gt=0)
        .order_by("kind")
    )


def outbox_oldest_pending_created_at() -> datetime | None:
    """When the oldest notification still waiting for its email was written (None: none
    waits). Reads the pending rows only, through the email-status index."""
    pending = Notification.objects.filter(email_status=EmailStatus.PENDING)
    return pending.aggregate(oldest=Min("created_at"))["oldest"]


def scheduled_runs_finished() -> dict[str, datetime]:
    """When each periodic task last finished, by task name."""
    return dict(ScheduledRun.objects.values_list("task", "finished_at"))
