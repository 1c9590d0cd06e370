"""Steps the routing services share: locking a routing, its due date, its history entry, who is
told, and the decision-ledger entries for answers and re-routes."""

from datetime import date, datetime, timedelta

from django.db.models import prefetch_related_objects
from django.utils import timezone

from accounts.models import User
from accounts.selectors import department_liaisons
from core.digest import sha256_text
from ledger.enums import LedgerKind
from ledger.services import ledger_append
from notifications.services import notify
from proposals.models import Call, Proposal
from proposals.selectors import proposal_authors

from ..enums import RoutingEventKind
from ..models import Routing, RoutingEvent
from ..selectors import answer_due_days


def authors(proposal: Proposal) -> list[User]:
    """The proposer and the co-proposers who accepted being named (their users in one query)."""
    prefetch_related_objects([proposal], "coproposers__user")
    return proposal_authors(proposal)


def due_on(call: Call, now: datetime) -> date:
    return timezone.localdate(now) + timedelta(days=answer_due_days(call))


def record_event(
    routing: Routing, *, kind: RoutingEventKind, by: User | None, now: datetime, **fields
) -> RoutingEvent:
    return RoutingEvent.objects.create(
        routing=routing,
        kind=kind,
        status=routing.status,
        department=routing.department,
        by=by,
        created_at=now,
        **fields,
    )


def routing_locked(routing: Routing) -> Routing:
    return (
        Routing.objects.select_for_update(of=("self",))
        .select_related("proposal__call", "proposal__proposer", "department")
        .get(pk=routing.pk)
    )


def notify_assigned(routing: Routing, occasion: str = "") -> None:
    notify(
        kind="routing_assigned",
        recipients=department_liaisons([routing.department_id])[routing.department_id],
        about=routing,
        occasion=occasion,
        context={"routing": routing, "proposal": routing.proposal},
        url=routing.get_absolute_url(),
    )


def notify_authors_of_event(routing: Routing, event: RoutingEvent) -> None:
    notify(
        kind="routing_answered",
        recipients=authors(routing.proposal),
        about=event,
        context={"routing": routing, "proposal": routing.proposal, "event": event},
        url=routing.proposal.get_absolute_url(),
    )


def ledger_answer(routing: Routing, event: RoutingEvent, *, by: User) -> None:
    """``routing.answer``: a department's answer or progress report (``event_kind``)."""
    ledger_append(
        kind=LedgerKind.ROUTING_ANSWER,
        obj=routing,
        actor=by,
        data={
            "routing_id": routing.pk,
            "proposal_id": routing.proposal_id,
            "department_id": routing.department_id,
            "event_id": event.pk,
            "event_kind": event.kind,
            "status": routing.status,
            "target_date": routing.target_date,
            "reroute_to_id": routing.reroute_to_id,
            "text_sha256": sha256_text(event.text),
        },
    )


def ledger_rerouted(
    routing: Routing,
    event: RoutingEvent,
    *,
    by: User,
    from_department_id: int,
    to_department_id: int,
) -> None:
    """``routing.rerouted``: the innovation unit approved or rejected a re-route request, or
    moved the routing itself (``event_kind``)."""
    ledger_append(
        kind=LedgerKind.ROUTING_REROUTED,
        obj=routing,
        actor=by,
        data={
            "routing_id": routing.pk,
            "proposal_id": routing.proposal_id,
            "event_id": event.pk,
            "event_kind": event.kind,
            "from_department_id": from_department_id,
            "to_department_id": to_department_id,
            "department_id": routing.department_id,
            "status": routing.status,
            "due_on": routing.due_on,
            "note_sha256": sha256_text(event.text),
        },
    )
