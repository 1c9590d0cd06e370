"""Department answer reminders, run by the notifications dispatcher (Celery beat)."""

from collections import defaultdict
from collections.abc import Iterator, Sequence
from datetime import datetime, timedelta

from django.utils import timezone

from accounts.models import DepartmentUserObjectPermission
from notifications.reminders import Due, register

from .enums import RoutingStatus
from .models import Routing

KIND = "routing_answer_due"
DAYS_BEFORE = 3


def _occasion(routing: Routing, today) -> str:
    # A moved routing gets a new due date, hence a new occasion and fresh reminders.
    return f"{routing.due_on.isoformat()}:{'overdue' if routing.due_on < today else 'soon'}"


def _answers_due(now: datetime) -> Iterator[Due]:
    """Liaisons of routings still awaiting an answer: once three days before the due date,
    once more when it has passed."""
    today = timezone.localdate(now)
    routings = list(
        Routing.objects.filter(
            status=RoutingStatus.AWAITING, due_on__lte=today + timedelta(days=DAYS_BEFORE)
        ).select_related("proposal", "department")
    )
    liaisons = defaultdict(list)
    grants = DepartmentUserObjectPermission.objects.filter(
        permission__codename="act_as_liaison",
        content_object_id__in={r.department_id for r in routings},
    ).select_related("user")
    for grant in grants:
        liaisons[grant.content_object_id].append(grant.user)
    for routing in routings:
        yield Due(
            about=routing,
            recipients=liaisons[routing.department_id],
            occasion=_occasion(routing, today),
            context={
                "routing": routing,
                "proposal": routing.proposal,
                "overdue": routing.due_on < today,
            },
            url=routing.get_absolute_url(),
        )


def _still_awaiting(notifications: Sequence, now: datetime) -> set[int]:
    """At delivery: only routings that are still unanswered, with the same due date."""
    today = timezone.localdate(now)
    routings = Routing.objects.in_bulk({n.about_id for n in notifications})
    return {
        n.pk
        for n in notifications
        if (routing := routings.get(n.about_id)) is not None
        and routing.status == RoutingStatus.AWAITING
        and n.occasion.startswith(routing.due_on.isoformat())
        and (routing.due_on < today or not n.occasion.endswith("overdue"))
    }


register(KIND, _answers_due, still_relevant=_still_awaiting)
