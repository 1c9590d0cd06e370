"""A department's answer to what was routed to it, and its progress reports after adopting it."""

from datetime import date, datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Department, User
from accounts.selectors import innovation_unit_members
from core.history import record_change_author
from notifications.services import notify
from proposals.services import clean_text

from .. import permissions
from ..enums import ANSWER_CHOICES, RoutingEventKind, RoutingStatus
from ..models import Routing, RoutingEvent
from .common import ledger_answer, notify_authors_of_event, record_event, routing_locked
from .ideas import notify_idea_followers


def validate_answer(
    routing: Routing,
    *,
    status: RoutingStatus,
    text: str,
    target_date: date | None,
    reroute_to: Department | None,
    today: date,
) -> None:
    """The answer rules: adopting gives a plan and a target date not in the past, declining
    gives a reason, a re-route request names another open department and says why."""
    if status not in ANSWER_CHOICES:
        raise ValidationError(_("Choose an answer."))
    if status == RoutingStatus.ADOPTED:
        if not text or target_date is None:
            raise ValidationError(_("To adopt the proposal, give the plan and the target date."))
        if target_date < today:
            raise ValidationError(_("The target date cannot be in the past."))
    elif status == RoutingStatus.DECLINED and not text:
        raise ValidationError(_("Give the reason for declining."))
    elif status == RoutingStatus.REROUTE_REQUESTED:
        if reroute_to is None or reroute_to.pk == routing.department_id:
            raise ValidationError(_("Choose the department it should go to instead."))
        if not reroute_to.is_active:
            raise ValidationError(_("A proposal cannot be routed to a closed department."))
        if not text:
            raise ValidationError(_("Say why the proposal belongs to the other department."))


def _liaison_routing_locked(routing: Routing, by: User) -> Routing:
    """The routing, locked, once ``by`` is known to answer for its department."""
    routing = routing_locked(routing)
    if routing.department_id not in permissions.liaison_department_ids(by):
        raise PermissionDenied
    return routing


def _apply_answer(
    routing: Routing,
    *,
    status: RoutingStatus,
    text: str,
    target_date: date | None,
    reroute_to: Department | None,
    now: datetime,
) -> None:
    """Sets the answer on the routing: the plan of an adoption, the department asked for, and
    the moment of the first answer."""
    if status == RoutingStatus.ADOPTED:
        routing.plan = text
        routing.target_date = target_date
    if status == RoutingStatus.REROUTE_REQUESTED:
        routing.reroute_to = reroute_to
    else:
        routing.reroute_to = None
        if routing.answered_at is None:
            routing.answered_at = now
    routing.status = status


def _notify_reroute_requested(routing: Routing, event: RoutingEvent) -> None:
    notify(
        kind="routing_reroute_requested",
        recipients=innovation_unit_members(),
        about=event,
        context={"routing": routing, "proposal": routing.proposal, "event": event},
        url=routing.get_absolute_url(),
    )


@transaction.atomic
def routing_answer(
    *,
    routing: Routing,
    by: User,
    status: RoutingStatus,
    text: str = "",
    target_date: date | None = None,
    reroute_to: Department | None = None,
    now: datetime | None = None,
) -> Routing:
    """A liaison answers for the department: adopt (plan and target date), under study,
    decline (reason), already done, or ask to re-route to another department.

    Side effects: a ``RoutingEvent``; the proposer and accepted co-proposers are notified; the
    idea's followers in the idea bank are told (``idea_answered``, not for a re-route request);
    a re-route request notifies the innovation unit; ``routing.answer`` in the decision ledger.
    """
    now = now or timezone.now()
    routing = _liaison_routing_locked(routing, by)
    if not permissions.can_answer(by, routing):
        raise ValidationError(
            _("This proposal has already been answered; report progress instead.")
        )
    status = RoutingStatus(status)
    text = clean_text(text).strip()
    answer = {"status": status, "text": text, "target_date": target_date, "reroute_to": reroute_to}
    validate_answer(routing, **answer, today=timezone.localdate(now))
    _apply_answer(routing, **answer, now=now)
    record_change_author(routing, by, reason=f"answer → {status}")
    routing.save()
    event = record_event(
        routing,
        kind=RoutingEventKind.ANSWER,
        by=by,
        now=now,
        text=text,
        target_date=target_date if status == RoutingStatus.ADOPTED else None,
        other_department=reroute_to if status == RoutingStatus.REROUTE_REQUESTED else None,
    )
    notify_authors_of_event(routing, event)
    notify_idea_followers(routing, event)
    if status == RoutingStatus.REROUTE_REQUESTED:
        _notify_reroute_requested(routing, event)
    ledger_answer(routing, event, by=by)
    return routing


@transaction.atomic
def routing_progress_update(
    *, routing: Routing, by: User, text: str, implemented: bool = False, now: datetime | None = None
) -> Routing:
    """After adoption, the department reports progress; the last update may mark it
    implemented (완료). Notifies the proposer and accepted co-proposers, and the idea's
    followers in the idea bank (``idea_progress``); appends
    ``routing.answer`` (``event_kind`` "progress") to the decision ledger."""
    now = now or timezone.now()
    routing = _liaison_routing_locked(routing, by)
    if not permissions.can_update_progress(by, routing):
        raise ValidationError(_("Progress is reported on adopted proposals only."))
    text = clean_text(text).strip()
    if not text:
        raise ValidationError(_("Describe the progress."))
    if implemented:
        routing.status = RoutingStatus.IMPLEMENTED
    record_change_author(routing, by, reason="implemented" if implemented else "progress")
    routing.save()
    event = record_event(routing, kind=RoutingEventKind.PROGRESS, by=by, now=now, text=text)
    notify_authors_of_event(routing, event)
    notify_idea_followers(routing, event)
    ledger_answer(routing, event, by=by)
    return routing
