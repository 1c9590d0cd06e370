"""Reads for the outbox page."""

from django.db.models import Count, QuerySet

from .models import Notification


def outbox(*, status: str = "", kind: str = "") -> QuerySet[Notification]:
    """Every notification, newest first, with its recipient, optionally filtered."""
    qs = Notification.objects.select_related("recipient").defer("body_text", "body_html")
    if status:
        qs = qs.filter(email_status=status)
    if kind:
        qs = qs.filter(kind=kind)
    return qs.order_by("-created_at", "-id")


def outbox_status_counts() -> dict[str, int]:
    return dict(Notification.objects.values_list("email_status").annotate(n=Count("id")).order_by())


def outbox_kinds() -> list[str]:
    return list(Notification.objects.order_by("kind").values_list("kind", flat=True).distinct())
