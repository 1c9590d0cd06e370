"""Reads of the privacy app: the innovation unit's queue of correction requests."""

from django.db.models import Count, QuerySet

from .enums import CorrectionStatus
from .models import CorrectionRequest


def correction_queue(*, status: str = "") -> QuerySet[CorrectionRequest]:
    """Requests, waiting ones oldest first (the ten days run from the request), then the
    handled ones newest first; one query a page (the requester and their department joined)."""
    rows = CorrectionRequest.objects.select_related("requester__department")
    if status:
        rows = rows.filter(status=status)
    if status == CorrectionStatus.PENDING:
        return rows.order_by("submitted_at", "pk")
    return rows.order_by("-submitted_at", "-pk")


def correction_status_counts() -> dict[str, int]:
    """Requests per status (1 query)."""
    return dict(CorrectionRequest.objects.values_list("status").annotate(n=Count("pk")).values_list("status", "n"))


def corrections_of(user) -> list[CorrectionRequest]:
    """The person's own requests, newest first (their "my data" page; 1 query)."""
    return list(CorrectionRequest.objects.filter(requester=user).order_by("-submitted_at", "-pk"))
