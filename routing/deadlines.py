"""The routing app's dates for calendars (``core.deadlines``).

``liaison_deadlines(user)``: for a department liaison, every routing to a department they answer
for that still awaits its answer, on its due date (overdue ones too, until answered). The
proposal's title is shown: the liaison already reads it on the routing's page
(``permissions.can_view_routing``). One query (and the departments, kept on the user object).
"""

from django.utils.translation import gettext as _

from core.deadlines import Deadline

from .enums import RoutingStatus
from .models import Routing
from .permissions import liaison_department_ids


def liaison_deadlines(user) -> list[Deadline]:
    departments = liaison_department_ids(user)
    if not departments:
        return []
    routings = (
        Routing.objects.filter(department_id__in=departments, status=RoutingStatus.AWAITING)
        .select_related("proposal")
        .only("id", "due_on", "proposal__id", "proposal__title")
    )
    return [
        Deadline(
            uid=f"routing-{routing.pk}-answer",
            title=_("Department answer due: %(title)s") % {"title": routing.proposal.title},
            start=routing.due_on,
            url=routing.get_absolute_url(),
            description=_("Your department's answer to this proposal is due on this day."),
        )
        for routing in routings
    ]
