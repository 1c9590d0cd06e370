"""Keeping the outbox counts (``OutboxCount``) small and right.

The triggers of migration 0003 add a row per change; ``fold`` replaces the rows written so far
by one row per (kind, status) with their sum, so the outbox page reads a few dozen rows
however many notifications there are. ``rebuild`` recomputes every count from the
notifications themselves (``manage.py rebuild_outbox_counts``): after restoring a backup, or
whenever a check finds them apart.
"""

from collections import Counter

from django.db import connection, transaction
from django.db.models import Count

from .models import Notification, OutboxCount


@transaction.atomic
def fold() -> int:
    """Sums the count rows into one per (kind, status), dropping those that sum to zero.

    Rows are locked and deleted by id, so a change committed meanwhile is neither lost nor
    counted twice, and two folds at once only wait for each other. Returns how many rows were
    folded."""
    rows = list(
        OutboxCount.objects.select_for_update()
        .order_by("id")
        .values_list("id", "kind", "email_status", "n")
    )
    if len(rows) <= 1:
        return 0
    totals: Counter = Counter()
    for _id, kind, status, n in rows:
        totals[(kind, status)] += n
    OutboxCount.objects.filter(id__in=[row[0] for row in rows]).delete()
    OutboxCount.objects.bulk_create(
        OutboxCount(kind=kind, email_status=status, n=n)
        for (kind, status), n in sorted(totals.items())
        if n
    )
    return len(rows)


@transaction.atomic
def rebuild() -> dict[tuple[str, str], int]:
    """Recomputes the counts from the notifications, writes being held back meanwhile on
    PostgreSQL (a SHARE lock: reads go on). Returns the counts written."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"LOCK TABLE {Notification._meta.db_table} IN SHARE MODE")
    totals = fresh_counts()
    OutboxCount.objects.all().delete()
    OutboxCount.objects.bulk_create(
        OutboxCount(kind=kind, email_status=status, n=n)
        for (kind, status), n in sorted(totals.items())
    )
    return totals


def fresh_counts() -> dict[tuple[str, str], int]:
    """The counts per (kind, status) computed from every notification (reads them all)."""
    rows = (
        Notification.objects.values_list("kind", "email_status").annotate(n=Count("id")).order_by()
    )
    return {(kind, status): n for kind, status, n in rows}


def kept_counts() -> dict[tuple[str, str], int]:
    """The counts per (kind, status) as the count rows hold them (zero left out)."""
    totals: Counter = Counter()
    for kind, status, n in OutboxCount.objects.values_list("kind", "email_status", "n"):
        totals[(kind, status)] += n
    return {key: n for key, n in totals.items() if n}
