"""Reads for the outbox page. The counts come from ``OutboxCount`` (a few rows per kind and
state, kept by triggers), never from counting the notifications."""

from django.db.models import QuerySet, Sum

from .models import Notification, OutboxCount


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
