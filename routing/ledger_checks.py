"""The routing's state check for ``verify_ledger --state`` (registered in
``RoutingConfig.ready``): every department answer and progress report the ledger records
(``routing.answer``) is still in the routing's history as recorded: the same routing, kind and
text (by its SHA-256)."""

from collections.abc import Iterator

from core.digest import sha256_text
from ledger.enums import LedgerKind
from ledger.state import Disagreement, recorded

from .models import RoutingEvent

CHECK = "routing.answers"


def answer_disagreements() -> Iterator[Disagreement]:
    answers = list(recorded(LedgerKind.ROUTING_ANSWER))
    events = RoutingEvent.objects.in_bulk({entry.data.get("event_id") for entry in answers} - {None})
    for entry in answers:
        data = entry.data
        event = events.get(data.get("event_id"))
        label = f"routing.routingevent {data.get('event_id')}"
        if event is None:
            yield Disagreement(CHECK, label, f"ledger entry {entry.position} records this answer; the row is gone")
            continue
        differs = [
            name
            for name, stored, kept in (
                ("routing", event.routing_id, data.get("routing_id")),
                ("kind", event.kind, data.get("event_kind")),
                ("text", sha256_text(event.text), data.get("text_sha256")),
            )
            if stored != kept
        ]
        if differs:
            yield Disagreement(
                CHECK, label, f"ledger entry {entry.position} records another {', '.join(differs)} than the row"
            )
