"""Moving a routing between departments: the innovation unit decides re-route requests, moves a
routing itself, and finds the open routings of a department that was closed."""

from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Department, User
from accounts.permissions import is_innovation_unit
from core.history import record_change_author
from proposals.services import clean_text

from ..enums import OPEN_STATUSES, RoutingEventKind, RoutingStatus
from ..models import Routing
from .common import (
    due_on,
    ledger_rerouted,
    notify_assigned,
    notify_authors_of_event,
    record_event,
    routing_locked,
)


def _move(
    routing: Routing,
    *,
    to_department: Department,
    by: User,
    now: datetime,
    kind: RoutingEventKind,
    text: str,
) -> None:
    if not to_department.is_active:
        raise ValidationError(_("A proposal cannot be routed to a closed department."))
    if to_department.pk == routing.department_id:
        raise ValidationError(_("The proposal is already routed to that department."))
    if Routing.objects.filter(proposal_id=routing.proposal_id, department=to_department).exists():
        raise ValidationError(_("The proposal is already routed to that department."))
    previous = routing.department
    routing.department = to_department
    routing.status = RoutingStatus.AWAITING
    routing.reroute_to = None
    routing.department_closed = False
    routing.answered_at = None
    routing.plan = ""
    routing.target_date = None
    routing.routed_at = now
    routing.due_on = due_on(routing.proposal.call, now)
    record_change_author(routing, by, reason=f"{kind}: {previous.code} → {to_department.code}")
    routing.save()
    event = record_event(
        routing,
        kind=kind,
        by=by,
        now=now,
        text=text,
        other_department=previous,
        due_on=routing.due_on,
    )
    notify_authors_of_event(routing, event)
    notify_assigned(routing, occasion=f"event-{event.pk}")
    ledger_rerouted(
        routing, event, by=by, from_department_id=previous.pk, to_department_id=to_department.pk
    )


def _reject_reroute(routing: Routing, *, by: User, now: datetime, note: str) -> None:
    """The department keeps the routing and must answer, by the due date it already had."""
    if not note:
        raise ValidationError(_("Give the reason for rejecting the re-route request."))
    rejected_to = routing.reroute_to
    routing.status = RoutingStatus.AWAITING
    routing.reroute_to = None
    record_change_author(routing, by, reason="re-route rejected")
    routing.save()
    event = record_event(
        routing,
        kind=RoutingEventKind.REROUTE_REJECTED,
        by=by,
        now=now,
        text=note,
        other_department=rejected_to,
    )
    notify_assigned(routing, occasion=f"event-{event.pk}")
    # The request's target is recorded; ``department_id`` shows the routing stayed put.
    ledger_rerouted(
        routing,
        event,
        by=by,
        from_department_id=routing.department_id,
        to_department_id=rejected_to.pk,
    )


@transaction.atomic
def routing_reroute_decide(
    *, routing: Routing, by: User, approve: bool, note: str = "", now: datetime | None = None
) -> Routing:
    """The innovation unit approves a department's re-route request (the routing moves to the
    requested department with a new due date) or rejects it (the department must answer,
    by the due date it already had). Notifies proposers and, on approval, the new liaisons.
    Either way appends ``routing.rerouted`` to the decision ledger."""
    now = now or timezone.now()
    routing = routing_locked(routing)
    if not is_innovation_unit(by):
        raise PermissionDenied
    if routing.status != RoutingStatus.REROUTE_REQUESTED or routing.reroute_to_id is None:
        raise ValidationError(_("There is no re-route request to decide."))
    note = clean_text(note).strip()
    if approve:
        _move(
            routing,
            to_department=routing.reroute_to,
            by=by,
            now=now,
            kind=RoutingEventKind.REROUTE_APPROVED,
            text=note,
        )
    else:
        _reject_reroute(routing, by=by, now=now, note=note)
    return routing


@transaction.atomic
def routing_move(
    *,
    routing: Routing,
    to_department: Department,
    by: User,
    note: str = "",
    now: datetime | None = None,
) -> Routing:
    """The innovation unit moves a routing to another department itself (for example after
    the department was closed). Same effects as an approved re-route request (the ledger
    entry's ``event_kind`` is "moved")."""
    now = now or timezone.now()
    routing = routing_locked(routing)
    if not is_innovation_unit(by):
        raise PermissionDenied
    if routing.status not in OPEN_STATUSES:
        raise ValidationError(_("The department has already answered; the routing cannot move."))
    _move(
        routing,
        to_department=to_department,
        by=by,
        now=now,
        kind=RoutingEventKind.MOVED,
        text=clean_text(note).strip(),
    )
    return routing


@transaction.atomic
def department_closed_flag_routings(
    *, department: Department, by: User | None, now: datetime | None = None
) -> int:
    """Flags every open routing of a department that was closed (for the HR sync), so the
    innovation unit finds them on the tracking page and re-routes them. Returns how many."""
    now = now or timezone.now()
    routings = list(
        Routing.objects.select_for_update()
        .select_related("department")
        .filter(department=department, status__in=OPEN_STATUSES, department_closed=False)
    )
    for routing in routings:
        routing.department_closed = True
        record_change_author(routing, by, reason="department closed")
        routing.save(update_fields=["department_closed"])
        record_event(routing, kind=RoutingEventKind.DEPARTMENT_CLOSED, by=by, now=now)
    return len(routings)
