"""The ledger compared with the rows it describes (``verify_ledger --state``).

The ledger imports no domain app. Each app that records decisions registers, in its
``AppConfig.ready``, a function that reads the ledger (``recorded`` below) and its own rows and
yields a ``Disagreement`` for every row that no longer says what the ledger recorded::

    from ledger.state import register_state_check
    register_state_check(name="screening.selection", func=selection_disagreements)

Only what the ledger records counts: anonymisation (``anonymise_closed_calls``) rewrites
proposers, texts and attachments, none of which a check compares, so it is never a
disagreement.
"""

import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from .models import LedgerEntry


@dataclass(frozen=True)
class Disagreement:
    check: str
    row: str  # e.g. "proposals.proposal 12"
    detail: str

    @property
    def message(self) -> str:
        return f"{self.check}: {self.row}: {self.detail}"


@dataclass(frozen=True)
class Recorded:
    """One ledger entry as a state check reads it: the payload parsed."""

    position: int
    object_type: str
    object_id: int
    data: dict


StateCheck = Callable[[], Iterable[Disagreement]]
_checks: dict[str, StateCheck] = {}


def register_state_check(*, name: str, func: StateCheck) -> None:
    """Registers ``func`` under ``name`` (again for the same name replaces it: ``ready`` may run
    more than once in tests)."""
    _checks[name] = func


def registered_checks() -> list[str]:
    return sorted(_checks)


def recorded(*kinds: str, chunk_size: int = 2000) -> Iterator[Recorded]:
    """The entries of ``kinds`` in position order, streamed."""
    rows = (
        LedgerEntry.objects.filter(kind__in=kinds)
        .order_by("position")
        .values_list("position", "object_type", "object_id", "payload")
        .iterator(chunk_size=chunk_size)
    )
    for position, object_type, object_id, payload in rows:
        yield Recorded(position, object_type, object_id, json.loads(payload))


def state_disagreements() -> list[Disagreement]:
    """Every registered check's disagreements, checks in name order."""
    found: list[Disagreement] = []
    for name in registered_checks():
        found.extend(_checks[name]())
    return found
