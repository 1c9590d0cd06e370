"""Reads of the decision ledger. Every function runs a fixed number of queries."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import QuerySet

from accounts.models import User

from .models import LedgerAnchor, LedgerCheckpoint, LedgerEntry


@dataclass(frozen=True)
class LedgerHead:
    position: int
    entry_hash: str
    recorded_at: datetime


def ledger_head() -> LedgerHead | None:
    """The latest entry's position and hash (``None`` while the ledger is empty): what the
    outcomes page publishes so anyone can later check the record was not rewritten. One query."""
    row = (
        LedgerEntry.objects.order_by("-position")
        .values_list("position", "entry_hash", "recorded_at")
        .first()
    )
    return LedgerHead(*row) if row else None


def latest_checkpoint() -> LedgerCheckpoint | None:
    return (
        LedgerCheckpoint.objects.select_related("created_by")
        .order_by("-position", "-created_at")
        .first()
    )


def entries(*, kind: str = "") -> QuerySet[LedgerEntry]:
    """All entries, newest first, optionally of one kind."""
    queryset = LedgerEntry.objects.order_by("-position")
    return queryset.filter(kind=kind) if kind else queryset


def entries_for_object(*, object_type: str, object_id: int) -> QuerySet[LedgerEntry]:
    """The entries about one object, oldest first (its history as decided)."""
    return LedgerEntry.objects.filter(object_type=object_type, object_id=object_id).order_by(
        "position"
    )


def actors_by_id(rows) -> dict[int, User]:
    """The users who acted in ``rows`` (one query), for the innovation unit's pages; the
    ledger itself holds only their ids."""
    ids = {row.actor_id for row in rows if row.actor_id is not None}
    return User.objects.select_related("department").in_bulk(ids) if ids else {}


def latest_anchor() -> LedgerAnchor | None:
    """The latest anchor the portal published (``None`` when none yet). One query."""
    return LedgerAnchor.objects.order_by("-created_at", "-pk").first()
