"""Department answer reminders (kind 4), run by the notifications dispatcher (Celery beat).

* ``routing_answer_due`` — a routing still awaiting its department's answer: its liaisons, once
  from ``REMINDER_ANSWER_DUE_DAYS`` (3) days before the due date, and once more when the answer
  is ``REMINDER_ANSWER_OVERDUE_DAYS`` (1) day overdue.
* ``routing_answer_overdue`` — the overdue moment: the innovation unit too, once per routing.

Days are counted in Asia/Seoul from midnight: a routing due on 10 June is reminded from 7 June
00:00 and is overdue from 11 June 00:00. The occasion names the due date and the stage, so a new
due date makes fresh reminders. At delivery a reminder is dropped when the answer has been given
(the routing no longer awaits one), the due date moved, the "due soon" one has been overtaken by
the overdue stage, or the recipient no longer answers for the department (or is no longer in the
innovation unit).
"""

from collections.abc import Iterator, Sequence
from datetime import date, datetime, timedelta

from django.conf import settings
from django.utils import timezone

from accounts.enums import Role
from accounts.models import User
from accounts.selectors import department_liaisons, innovation_unit_members, liaison_grants
from notifications.reminders import Due, register

from .enums import RoutingStatus
from .models import Routing

KIND = "routing_answer_due"
OVERDUE_KIND = "routing_answer_overdue"
SOON, OVERDUE = "soon", "overdue"


def days_before() -> int:
    return getattr(settings, "REMINDER_ANSWER_DUE_DAYS", 3)


def days_overdue() -> int:
    return getattr(settings, "REMINDER_ANSWER_OVERDUE_DAYS", 1)


def _stage(routing: Routing, today: date) -> str | None:
    """Which reminder fits ``today``: none yet, "soon" until the overdue moment, then "overdue"."""
    if today >= routing.due_on + timedelta(days=days_overdue()):
        return OVERDUE
    if today >= routing.due_on - timedelta(days=days_before()):
        return SOON
    return None


def _occasion(routing: Routing, stage: str) -> str:
    # A moved routing gets a new due date, hence a new occasion and fresh reminders.
    return f"{routing.due_on.isoformat()}:{stage}"


def _awaiting(now: datetime) -> Iterator[tuple[Routing, str]]:
    today = timezone.localdate(now)
    routings = Routing.objects.filter(
        status=RoutingStatus.AWAITING, due_on__lte=today + timedelta(days=days_before())
    ).select_related("proposal", "department")
    for routing in routings:
        if stage := _stage(routing, today):
            yield routing, stage


def _context(routing: Routing, stage: str) -> dict:
    return {"routing": routing, "proposal": routing.proposal, "overdue": stage == OVERDUE}


def _answers_due(now: datetime) -> Iterator[Due]:
    """The liaisons of every routing awaiting an answer whose reminder moment has come."""
    pending = list(_awaiting(now))
    liaisons = department_liaisons(r.department_id for r, _stage in pending)
    for routing, stage in pending:
        yield Due(
            about=routing,
            recipients=liaisons[routing.department_id],
            occasion=_occasion(routing, stage),
            context=_context(routing, stage),
            url=routing.get_absolute_url(),
        )


def _answers_overdue(now: datetime) -> Iterator[Due]:
    """The innovation unit, for every routing whose answer is overdue."""
    overdue = [routing for routing, stage in _awaiting(now) if stage == OVERDUE]
    unit = innovation_unit_members() if overdue else []
    for routing in overdue:
        yield Due(
            about=routing,
            recipients=unit,
            occasion=_occasion(routing, OVERDUE),
            context=_context(routing, OVERDUE),
            url=routing.get_absolute_url(),
        )


def _relevant(notifications: Sequence, now: datetime) -> Iterator[tuple]:
    """(notification, routing) for rows whose routing still awaits the answer with the same due
    date and whose stage is still the current one."""
    today = timezone.localdate(now)
    routings = Routing.objects.in_bulk({n.about_id for n in notifications})
    for n in notifications:
        routing = routings.get(n.about_id)
        if (
            routing is not None
            and routing.status == RoutingStatus.AWAITING
            and (stage := _stage(routing, today)) is not None
            and n.occasion == _occasion(routing, stage)
        ):
            yield n, routing


def _still_awaiting(notifications: Sequence, now: datetime) -> set[int]:
    """At delivery (liaisons): the routing still awaits the answer, at the same stage, and the
    recipient still answers for its department."""
    candidates = list(_relevant(notifications, now))
    grants = set(
        liaison_grants(
            department_ids={r.department_id for _n, r in candidates},
            user_ids={n.recipient_id for n, _r in candidates},
        ).values_list("content_object_id", "user_id")
    )
    return {n.pk for n, routing in candidates if (routing.department_id, n.recipient_id) in grants}


def _still_overdue(notifications: Sequence, now: datetime) -> set[int]:
    """At delivery (innovation unit): still unanswered, same due date, recipient still in the unit."""
    candidates = list(_relevant(notifications, now))
    unit = set(
        User.objects.filter(
            pk__in={n.recipient_id for n, _r in candidates}, groups__name=Role.INNOVATION_UNIT.value
        ).values_list("pk", flat=True)
    )
    return {n.pk for n, _routing in candidates if n.recipient_id in unit}


register(KIND, _answers_due, still_relevant=_still_awaiting)
register(OVERDUE_KIND, _answers_overdue, still_relevant=_still_overdue)
