"""Reads for routing: query shapes that keep every page at a fixed number of queries."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from accounts.models import Department, DepartmentUserObjectPermission
from accounts.selectors import liaison_grants
from proposals.enums import ProposalStatus
from proposals.models import Call, Proposal

from .enums import ADOPTED_STATUSES, ANSWERED_STATUSES, RoutingStatus
from .models import (
    DEFAULT_ANSWER_DUE_DAYS,
    CallRoutingSettings,
    Review,
    ReviewTally,
    Routing,
    RoutingEvent,
)
from .permissions import liaison_department_ids


def answer_due_days(call: Call) -> int:
    row = CallRoutingSettings.objects.filter(call=call).only("answer_due_days").first()
    return row.answer_due_days if row else DEFAULT_ANSWER_DUE_DAYS


def review_queue(call: Call) -> QuerySet[Proposal]:
    """Not-selected proposals of the call that have no verdict yet."""
    return (
        Proposal.objects.filter(call=call, status=ProposalStatus.NOT_SELECTED)
        .exclude(Exists(Review.objects.filter(proposal=OuterRef("pk"))))
        .select_related("proposer", "owning_department")
        .order_by("reference", "id")
    )


def reviewed_proposals(call: Call) -> QuerySet[Review]:
    return (
        Review.objects.filter(proposal__call=call)
        .select_related("proposal", "merged_into", "reviewed_by")
        .prefetch_related(
            Prefetch(
                "proposal__routings",
                queryset=Routing.objects.select_related("department").order_by("-is_lead", "id"),
            )
        )
        .order_by("proposal__reference", "proposal_id")
    )


def calls_with_not_selected() -> QuerySet[Call]:
    """Calls that have not-selected proposals, with how many still await review (from the
    review tally: no proposal is counted)."""
    tally = "review_tally__"
    return (
        Call.objects.filter(**{f"{tally}not_selected__gt": 0})
        .annotate(
            not_selected_count=F(f"{tally}not_selected"),
            unreviewed_count=F(f"{tally}not_selected") - F(f"{tally}reviewed"),
        )
        .only("pk", "title", "code", "opens_at")
        .order_by("-opens_at", "-id")
    )


def routing_list(queryset: QuerySet[Routing]) -> QuerySet[Routing]:
    """The shape every routing table uses."""
    return queryset.select_related(
        "proposal__call", "proposal__proposer", "department", "reroute_to"
    ).order_by("due_on", "id")


def routing_table(queryset: QuerySet[Routing]) -> QuerySet[Routing]:
    """``routing_list`` narrowed to the columns ``routing/_routing_table.html`` shows.

    The wide proposal text, the call and the proposer stay in the database: joining them for
    every routing of a department before the page is cut was most of the inbox query's time.
    """
    return (
        queryset.select_related("proposal", "department", "reroute_to")
        .only(
            "proposal__reference",
            "proposal__title",
            "department__name",
            "department_closed",
            "reroute_to__name",
            "routed_at",
            "due_on",
            "status",
        )
        .order_by("due_on", "id")
    )


def routing_detail(queryset: QuerySet[Routing]) -> QuerySet[Routing]:
    """A routing's page: its proposal, departments and events (the verdict is
    ``proposal_review``'s: five more joined tables made planning the query the page's largest
    database cost)."""
    return queryset.select_related(
        "proposal__call",
        "proposal__proposer",
        "proposal__owning_department",
        "department",
        "reroute_to",
    ).prefetch_related(
        Prefetch(
            "events",
            queryset=RoutingEvent.objects.select_related("by", "department", "other_department"),
        ),
    )


def other_routings(routing: Routing) -> QuerySet[Routing]:
    return (
        Routing.objects.filter(proposal_id=routing.proposal_id)
        .exclude(pk=routing.pk)
        .select_related("department")
    )


def proposal_review(proposal: Proposal) -> Review | None:
    """The proposal's verdict, with the proposal it was merged into."""
    return Review.objects.filter(proposal=proposal).select_related("merged_into").first()


def proposal_routing_overview(proposal: Proposal) -> tuple[Review | None, list[Routing]]:
    """What the proposer sees: the verdict and each department's routing with its history."""
    review = proposal_review(proposal)
    routings = list(
        Routing.objects.filter(proposal=proposal)
        .select_related("department")
        .prefetch_related(
            Prefetch(
                "events",
                queryset=RoutingEvent.objects.select_related("department", "other_department"),
            )
        )
        .order_by("-is_lead", "id")
    )
    return review, routings


def _counts(relation: str, today: date, scope: Q | None = None) -> dict:
    """Annotated counts of the routings reached through ``relation`` (e.g. "routings"),
    optionally narrowed by ``scope`` (lookups relative to the annotated model)."""
    scope = scope or Q()

    def count(**lookups) -> Count:
        return Count(
            relation,
            filter=scope & Q(**{f"{relation}__{key}": value for key, value in lookups.items()}),
        )

    return {
        "routed": count(),
        "answered": count(status__in=ANSWERED_STATUSES),
        "overdue": count(status=RoutingStatus.AWAITING, due_on__lt=today),
        "adopted": count(status__in=ADOPTED_STATUSES),
        "implemented": count(status=RoutingStatus.IMPLEMENTED),
    }


def _tallied(prefix: str) -> dict:
    """Sums of the tally rows reached through ``prefix`` (e.g. "routing_tallies")."""

    def total(statuses=None) -> Sum:
        scope = Q(**{f"{prefix}__status__in": statuses}) if statuses else None
        return Coalesce(Sum(f"{prefix}__n", filter=scope), 0)

    return {
        "routed": total(),
        "answered": total(ANSWERED_STATUSES),
        "adopted": total(ADOPTED_STATUSES),
        "implemented": total([RoutingStatus.IMPLEMENTED]),
    }


def tracking_by_call() -> QuerySet[Call]:
    """Per call: routed, answered, adopted, implemented, from the call tally (one query; the
    overdue count is ``with_overdue``'s, for the rows shown)."""
    return (
        Call.objects.annotate(**_tallied("routing_tallies"))
        .filter(routed__gt=0)
        .only("pk", "title", "code", "opens_at")
        .order_by("-opens_at", "-id")
    )


def department_tallies() -> QuerySet[Department]:
    """Per department that received anything: routed, answered, adopted, implemented, from
    the department tally (one query; the overdue count is ``with_overdue``'s, for the rows
    shown)."""
    return (
        Department.objects.annotate(**_tallied("routing_tallies"))
        .filter(routed__gt=0)
        .order_by("name", "id")
    )


def tracking_by_department(
    call: Call | None = None, today: date | None = None
) -> QuerySet[Department]:
    """Per department that received anything (optionally for one call), overdue included,
    by counting the routings — one query. For all calls, pages use ``department_tallies``."""
    today = today or timezone.localdate()
    scope = Q(routings__proposal__call=call) if call is not None else None
    return (
        Department.objects.annotate(**_counts("routings", today, scope))
        .filter(routed__gt=0)
        .order_by("name", "id")
    )


def with_overdue(rows, *, key: str, today: date | None = None):
    """Sets ``overdue`` on each row (calls: ``key="proposal__call_id"``, departments:
    ``key="department_id"``) that has none yet, reading only the late routings of those rows.
    One query."""
    pending = {row.pk: row for row in rows if not hasattr(row, "overdue")}
    if not pending:
        return rows
    late = (
        Routing.objects.filter(
            status=RoutingStatus.AWAITING,
            due_on__lt=today or timezone.localdate(),
            **{f"{key}__in": list(pending)},
        )
        .values_list(key)
        .annotate(n=Count("id"))
        .order_by()
    )
    counts = dict(late)
    for pk, row in pending.items():
        row.overdue = counts.get(pk, 0)
    return rows


def tracked_routings(
    *,
    call: Call | None = None,
    department: Department | None = None,
    overdue: bool = False,
    flagged: bool = False,
    reroute_requested: bool = False,
    today: date | None = None,
) -> QuerySet[Routing]:
    """The routings of a tracking list, unshaped: ``routing_table`` for the page,
    ``export_rows`` for a download."""
    today = today or timezone.localdate()
    queryset = Routing.objects.all()
    if call is not None:
        queryset = queryset.filter(proposal__call=call)
    if department is not None:
        queryset = queryset.filter(department=department)
    if overdue:
        queryset = queryset.filter(status=RoutingStatus.AWAITING, due_on__lt=today)
    if flagged:
        queryset = queryset.filter(department_closed=True)
    if reroute_requested:
        queryset = queryset.filter(status=RoutingStatus.REROUTE_REQUESTED)
    return queryset


def export_rows(queryset: QuerySet[Routing]) -> QuerySet[Routing]:
    """Routings with the last event's text, for CSV/XLSX."""
    return routing_list(queryset).prefetch_related(
        Prefetch("events", queryset=RoutingEvent.objects.order_by("created_at", "id"))
    )


def liaison_table() -> QuerySet[DepartmentUserObjectPermission]:
    """Every liaison grant, by department and name, for the unit's list of liaisons."""
    return (
        liaison_grants()
        .select_related("content_object", "user__department")
        .order_by("content_object__name", "user__full_name")
    )


# --- The homes (core.panels) ---------------------------------------------------------------

DUE_SOON_DAYS = 7
HOME_NEXT_ROUTINGS = 3


def due_soon_q(today: date) -> Q:
    """Routings awaiting an answer due from today to ``DUE_SOON_DAYS`` days ahead."""
    return Q(status=RoutingStatus.AWAITING, due_on__gte=today, due_on__lte=today + timedelta(days=DUE_SOON_DAYS))


def overdue_q(today: date) -> Q:
    return Q(status=RoutingStatus.AWAITING, due_on__lt=today)


@dataclass
class LiaisonHome:
    """A liaison's inbox at a glance: what awaits an answer (``to_answer``), of which due within
    ``DUE_SOON_DAYS`` days and overdue, the adopted ones whose progress they report, and the
    first few to answer, earliest due first."""

    to_answer: int
    due_soon: int
    overdue: int
    adopted: int
    next_up: list[Routing]


def liaison_home(user, *, today: date | None = None) -> LiaisonHome | None:
    """``None`` for someone who answers for no department; else two queries (and the
    departments, kept for the request)."""
    departments = liaison_department_ids(user)
    if not departments:
        return None
    today = today or timezone.localdate()
    routings = Routing.objects.filter(department_id__in=departments)
    counts = routings.aggregate(
        to_answer=Count("pk", filter=Q(status=RoutingStatus.AWAITING)),
        due_soon=Count("pk", filter=due_soon_q(today)),
        overdue=Count("pk", filter=overdue_q(today)),
        adopted=Count("pk", filter=Q(status=RoutingStatus.ADOPTED)),
    )
    next_up = list(routing_table(routings.filter(status=RoutingStatus.AWAITING))[:HOME_NEXT_ROUTINGS])
    return LiaisonHome(next_up=next_up, **counts)


def unit_review_queues(calls: list[Call]) -> dict[int, int]:
    """``{call pk: not-selected proposals still to review}`` for these calls, from the review
    tally (one query, no proposal counted)."""
    tallies = ReviewTally.objects.filter(call__in=[call.pk for call in calls]).values_list(
        "call_id", "not_selected", "reviewed"
    )
    return {call_id: not_selected - reviewed for call_id, not_selected, reviewed in tallies}


def unit_answer_work(*, today: date | None = None) -> dict[str, int]:
    """What waits on the innovation unit in the departments' answers, over every call:
    ``overdue`` answers, ``reroute`` requests to decide and routings ``flagged`` by a closed
    department (the tracking's lists). One query."""
    return Routing.objects.aggregate(
        overdue=Count("pk", filter=overdue_q(today or timezone.localdate())),
        reroute=Count("pk", filter=Q(status=RoutingStatus.REROUTE_REQUESTED)),
        flagged=Count("pk", filter=Q(department_closed=True)),
    )
