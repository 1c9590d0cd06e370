"""Writes to the decision ledger: appending an entry, verifying the chain, recording a checkpoint.

Appends are serialised so the chain never forks and positions never skip:

- PostgreSQL: ``ledger_append`` takes the transaction-level advisory lock ``LOCK_KEY`` before
  reading the head. The lock is held until the *caller's* transaction ends, so the next
  appender (READ COMMITTED, a fresh snapshot per statement) reads the committed head. A
  decision that rolls back takes its entry with it and frees the position.
- SQLite: one writer at a time; should two appends race anyway, the unique ``position`` and
  ``prev_hash`` columns make the loser fail with ``IntegrityError`` (its whole transaction
  rolls back) rather than fork the chain.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import NamedTuple

from django.core.exceptions import ValidationError
from django.db import connection, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User

from . import anchoring, canonical
from .enums import LedgerKind, VerifyProblem
from .models import LedgerCheckpoint, LedgerEntry

# pg_advisory_xact_lock key for ledger appends ("LEDG" in ASCII); nothing else uses it.
LOCK_KEY = 0x4C454447
VERIFY_CHUNK_SIZE = 2000


def _lock_ledger() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [LOCK_KEY])


def _resolve_object(obj, object_type: str | None, object_id: int | None) -> tuple[str, int]:
    if obj is not None:
        if object_type is not None or object_id is not None:
            raise ValidationError(_("Give the object or its type and id, not both."))
        if obj.pk is None:
            raise ValidationError(_("Only saved objects can be recorded in the ledger."))
        object_type, object_id = obj._meta.label_lower, obj.pk
    if not isinstance(object_type, str) or not canonical.OBJECT_TYPE_PATTERN.fullmatch(object_type):
        raise ValidationError(_("The ledger object type must look like app_label.model."))
    if isinstance(object_id, bool) or not isinstance(object_id, int) or object_id < 1:
        raise ValidationError(_("The ledger object id must be a positive integer."))
    return object_type, object_id


def ledger_append(
    *,
    kind: str,
    obj: models.Model | None = None,
    object_type: str | None = None,
    object_id: int | None = None,
    actor: User | None = None,
    data: dict,
) -> LedgerEntry:
    """Append one decision to the ledger and return the new entry.

    ``kind`` is a ``LedgerKind`` code; the object is ``obj`` (a saved model instance) or
    ``object_type`` ("app_label.model") with ``object_id``; ``actor`` is who decided (``None``
    for the system, e.g. a beat task); ``data`` holds ids and codes only (see
    ``ledger.canonical``) — anything else raises ``ValidationError`` and nothing is written.

    Call it inside the transaction of the decision it records: the entry commits or rolls
    back with it. Side effects: one row in ``ledger_ledgerentry``; on PostgreSQL the ledger's
    advisory lock is held until the surrounding transaction ends, so keep that transaction
    short after appending.
    """
    if kind not in LedgerKind.values:
        raise ValidationError(_("%(kind)s is not a ledger kind."), params={"kind": str(kind)[:64]})
    object_type, object_id = _resolve_object(obj, object_type, object_id)
    if actor is not None and actor.pk is None:
        raise ValidationError(_("The actor of a ledger entry must be a saved user."))
    payload = canonical.canonical_payload(data)
    with transaction.atomic():
        _lock_ledger()
        head = (
            LedgerEntry.objects.order_by("-position").values_list("position", "entry_hash").first()
        )
        position, prev_hash = (head[0] + 1, head[1]) if head else (1, canonical.GENESIS_HASH)
        entry = LedgerEntry(
            position=position,
            recorded_at=timezone.now(),
            kind=kind,
            object_type=object_type,
            object_id=object_id,
            actor_id=actor.pk if actor is not None else None,
            payload=payload,
            prev_hash=prev_hash,
        )
        entry.entry_hash = entry.compute_hash()
        entry.save()
    return entry


@dataclass(frozen=True)
class VerifyResult:
    """What ``ledger_verify`` found. ``problem`` is ``None`` when the chain is intact;
    otherwise ``bad_position`` names the first bad entry."""

    count: int
    head_position: int
    head_hash: str
    problem: VerifyProblem | None = None
    bad_position: int | None = None
    detail: str = ""

    @property
    def ok(self) -> bool:
        return self.problem is None

    @property
    def message(self) -> str:
        if self.ok:
            return f"OK: {self.count} entries, head {self.head_hash}"
        text = f"BAD: entry {self.bad_position}: {self.problem.value}"
        return f"{text} ({self.detail})" if self.detail else text


class _Entry(NamedTuple):
    """A stored entry as ``ledger_verify`` reads it (its fields in ``values_list`` order)."""

    position: int
    kind: str
    object_type: str
    object_id: int
    actor_id: int | None
    recorded_at: datetime
    payload: str
    prev_hash: str
    entry_hash: str


class _Problem(NamedTuple):
    problem: VerifyProblem
    position: int
    detail: str = ""


def _stored_entries(chunk_size: int) -> Iterator[_Entry]:
    rows = LedgerEntry.objects.order_by("position").values_list(*_Entry._fields).iterator(chunk_size=chunk_size)
    return (_Entry(*row) for row in rows)


def _stored_checkpoints(chunk_size: int) -> Iterator[tuple[int, str]]:
    return (
        LedgerCheckpoint.objects.order_by("position", "pk")
        .values_list("position", "entry_hash")
        .iterator(chunk_size=chunk_size)
    )


def _recompute(entry: _Entry, prev_hash: str) -> str:
    """The entry's hash over its stored contents, linked to ``prev_hash``."""
    return canonical.entry_hash(
        position=entry.position,
        kind=entry.kind,
        object_type=entry.object_type,
        object_id=entry.object_id,
        actor_id=entry.actor_id,
        recorded_at=entry.recorded_at,
        payload=entry.payload,
        prev_hash=prev_hash,
    )


def _check_entry(entry: _Entry, count: int, prev_hash: str) -> tuple[str, _Problem | None]:
    """The entry's recomputed hash, and what is wrong with it after ``count`` good entries
    ending in ``prev_hash``: a gap before it, a broken link, or altered contents."""
    if entry.position != count + 1:
        return "", _Problem(VerifyProblem.MISSING, count + 1, f"next stored entry is {entry.position}")
    if entry.prev_hash != prev_hash:
        return "", _Problem(VerifyProblem.BROKEN_LINK, entry.position, "prev_hash is not the hash of the entry before")
    computed = _recompute(entry, entry.prev_hash)
    if computed != entry.entry_hash:
        return computed, _Problem(VerifyProblem.ALTERED, entry.position, "stored hash does not match the contents")
    return computed, None


def _pass_checkpoints(
    checkpoint: tuple[int, str] | None, checkpoints: Iterator[tuple[int, str]], position: int, computed: str
) -> tuple[tuple[int, str] | None, _Problem | None]:
    """Moves past the checkpoints up to ``position`` (the first one beyond it is returned) and
    finds one at ``position`` that recorded another hash than ``computed``."""
    while checkpoint is not None and checkpoint[0] <= position:
        if checkpoint[0] == position and checkpoint[1] != computed:
            return checkpoint, _Problem(VerifyProblem.CHECKPOINT_MISMATCH, position, f"checkpoint recorded {checkpoint[1]}")
        checkpoint = next(checkpoints, None)
    return checkpoint, None


def _truncated(checkpoint: tuple[int, str], checkpoints: Iterator[tuple[int, str]], count: int) -> _Problem:
    """A checkpoint beyond the last entry: entries were cut from the end."""
    last = checkpoint[0]
    for later, _hash in checkpoints:
        last = later
    return _Problem(VerifyProblem.TRUNCATED, count + 1, f"last checkpoint is at {last}, head at {count}")


def ledger_verify(*, chunk_size: int = VERIFY_CHUNK_SIZE) -> VerifyResult:
    """Recompute the chain from the stored rows and stop at the first bad entry.

    Streams entries and checkpoints in position order (``iterator()``: constant memory) and
    checks, entry by entry: the position follows the previous one (else an entry is
    *missing*), ``prev_hash`` is the recomputed hash of the previous entry (else the chain
    was *reordered* or rewritten: ``broken_link``), the recomputed hash equals the stored
    ``entry_hash`` (else the row was *altered*), and every checkpoint at this position
    recorded this hash (else ``checkpoint_mismatch``: the chain was rewritten consistently).
    Finally, a checkpoint beyond the last entry means entries were cut from the end
    (``truncated``). Entries appended after the last checkpoint can only be checked for
    internal consistency — checkpoint often. Read-only.
    """
    checkpoints = _stored_checkpoints(chunk_size)
    checkpoint = next(checkpoints, None)
    count, prev_hash = 0, canonical.GENESIS_HASH
    for entry in _stored_entries(chunk_size):
        computed, found = _check_entry(entry, count, prev_hash)
        if found is None:
            checkpoint, found = _pass_checkpoints(checkpoint, checkpoints, entry.position, computed)
        if found is not None:
            break
        count, prev_hash = entry.position, computed
    else:
        found = _truncated(checkpoint, checkpoints, count) if checkpoint is not None else None
    if found is None:
        return VerifyResult(count, count, prev_hash)
    return VerifyResult(
        count, count, prev_hash, problem=found.problem, bad_position=found.position, detail=found.detail
    )


def ledger_checkpoint_record(*, by: User | None = None) -> LedgerCheckpoint | None:
    """Verify the chain and record its head in ``LedgerCheckpoint``.

    Returns the new checkpoint; the latest one unchanged when the head has not moved since;
    ``None`` for an empty ledger. Raises ``ValidationError`` (and records nothing) when the
    chain does not verify — a checkpoint must never vouch for a tampered head. The head
    recorded is the one just verified, so appends running meanwhile are simply covered by the
    next checkpoint. Side effects: at most one ``LedgerCheckpoint`` row, and with a signing key
    an anchor of the head (``ledger.anchoring``) even when the checkpoint is unchanged.
    """
    result = ledger_verify()
    if not result.ok:
        raise ValidationError(
            _("The ledger does not verify, no checkpoint was recorded: %(message)s"),
            params={"message": result.message},
        )
    if result.count == 0:
        return None
    latest = LedgerCheckpoint.objects.order_by("-position", "-created_at").first()
    checkpoint = latest
    if latest is None or latest.position != result.head_position:
        checkpoint = LedgerCheckpoint(
            position=result.head_position,
            entry_hash=result.head_hash,
            created_at=timezone.now(),
            created_by=by,
        )
        checkpoint.save()
    # Every run anchors, even when the head has not moved: auditors expect one a day.
    anchoring.anchor_publish(position=result.head_position, head=result.head_hash)
    return checkpoint


def ledger_heads_at(positions: set[int], *, chunk_size: int = VERIFY_CHUNK_SIZE) -> tuple[dict[int, str], int]:
    """The hashes the chain recomputed from genesis reaches at ``positions``, and the last
    position it reaches without a gap. Each hash is taken over the stored contents and the
    *recomputed* previous hash, so a row altered anywhere before changes every later head
    whatever the stored hashes say. Read-only; streams the entries."""
    heads: dict[int, str] = {}
    reached, prev_hash = 0, canonical.GENESIS_HASH
    for entry in _stored_entries(chunk_size):
        if entry.position != reached + 1:
            break
        prev_hash = _recompute(entry, prev_hash)
        reached = entry.position
        if reached in positions:
            heads[reached] = prev_hash
    return heads, reached
