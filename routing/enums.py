from django.db import models
from django.utils.translation import pgettext_lazy


class ReviewVerdict(models.TextChoices):
    """The innovation unit's practical-effect review (실효성 검토) of a not-selected proposal."""

    ROUTE = "route", pgettext_lazy("review verdict", "Route to departments")
    ALREADY_DONE = "already_done", pgettext_lazy("review verdict", "Already being done")
    NOT_FEASIBLE = "not_feasible", pgettext_lazy("review verdict", "Not feasible")
    MERGE = "merge", pgettext_lazy("review verdict", "Merge into another proposal")


class RoutingStatus(models.TextChoices):
    """Where a department's answer to a routed proposal stands."""

    AWAITING = "awaiting", pgettext_lazy("department answer", "Awaiting answer")
    UNDER_STUDY = "under_study", pgettext_lazy("department answer", "Under study")
    ADOPTED = "adopted", pgettext_lazy("department answer", "Adopted")
    DECLINED = "declined", pgettext_lazy("department answer", "Declined")
    ALREADY_DONE = "already_done", pgettext_lazy("department answer", "Already done")
    REROUTE_REQUESTED = (
        "reroute_requested",
        pgettext_lazy("department answer", "Re-route requested"),
    )
    IMPLEMENTED = "implemented", pgettext_lazy("department answer", "Implemented")


# What a department liaison may answer while the routing is open.
ANSWER_CHOICES = (
    RoutingStatus.ADOPTED,
    RoutingStatus.UNDER_STUDY,
    RoutingStatus.DECLINED,
    RoutingStatus.ALREADY_DONE,
    RoutingStatus.REROUTE_REQUESTED,
)
# A routing can be answered (again) only from these.
ANSWERABLE_STATUSES = (RoutingStatus.AWAITING, RoutingStatus.UNDER_STUDY)
# Counted as "answered" in the tracking.
ANSWERED_STATUSES = (
    RoutingStatus.UNDER_STUDY,
    RoutingStatus.ADOPTED,
    RoutingStatus.DECLINED,
    RoutingStatus.ALREADY_DONE,
    RoutingStatus.IMPLEMENTED,
)
# Still the department's business (not finished); a closed department flags these.
OPEN_STATUSES = (
    RoutingStatus.AWAITING,
    RoutingStatus.UNDER_STUDY,
    RoutingStatus.ADOPTED,
    RoutingStatus.REROUTE_REQUESTED,
)
ADOPTED_STATUSES = (RoutingStatus.ADOPTED, RoutingStatus.IMPLEMENTED)

STATUS_TONES = {
    RoutingStatus.AWAITING: "neutral",
    RoutingStatus.UNDER_STUDY: "info",
    RoutingStatus.ADOPTED: "success",
    RoutingStatus.DECLINED: "danger",
    RoutingStatus.ALREADY_DONE: "info",
    RoutingStatus.REROUTE_REQUESTED: "warning",
    RoutingStatus.IMPLEMENTED: "success",
}


class RoutingEventKind(models.TextChoices):
    """One entry of a routing's history, shown to the department, the unit and the proposers."""

    ROUTED = "routed", pgettext_lazy("routing history", "Routed")
    ANSWER = "answer", pgettext_lazy("routing history", "Answer")
    PROGRESS = "progress", pgettext_lazy("routing history", "Progress update")
    REROUTE_APPROVED = "reroute_approved", pgettext_lazy("routing history", "Re-route approved")
    REROUTE_REJECTED = "reroute_rejected", pgettext_lazy("routing history", "Re-route rejected")
    MOVED = "moved", pgettext_lazy("routing history", "Moved to another department")
    DEPARTMENT_CLOSED = "department_closed", pgettext_lazy("routing history", "Department closed")
