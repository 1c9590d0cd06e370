"""Reads for the dashboards: the calls, the program's history, one call's submissions, its
screening scores (innovation unit), the department answers and the labs. Every function runs a
fixed number of queries whatever the number of calls, proposals or labs: counts are aggregated
in the database."""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db import connection
from django.db.models import Count, Exists, F, FloatField, OuterRef, Q, QuerySet, Sum
from django.db.models.functions import Cast, TruncDate
from django.utils import timezone
from django.utils.translation import gettext as _

from labs.enums import DecisionStatus, Outcome
from labs.models import FinalReport, Lab
from proposals.enums import ProposalStatus
from proposals.models import Call, Proposal
from routing.enums import ADOPTED_STATUSES, ANSWERED_STATUSES, RoutingStatus
from routing.models import Routing
from screening.models import Score, Screening
from screening.permissions import ENTRY_STATUSES

from .fates import adopted_reports

COUNTED_STATUSES = (ProposalStatus.SUBMITTED, ProposalStatus.SELECTED, ProposalStatus.NOT_SELECTED)
KEYWORD_LIMIT = 12
DEPARTMENT_LIMIT = 15  # departments per figure: the most submissions or routings
HISTORY_CALLS = 12  # the latest calls in the program's history
LAB_TIMELINE = 12  # the latest labs (by start) on the timeline


# --- Calls and the program's history --------------------------------------------------------


def dashboard_calls() -> list[Call]:
    """Calls that have opened, newest first (the dashboards' call picker), with the columns
    the dashboards read (title, code, phase, creation for the cache key). One query."""
    return list(
        Call.objects.filter(opens_at__lte=timezone.now())
        .only("title", "code", "opens_at", "closes_at", "stored_phase", "created_at")
        .order_by("-opens_at")
    )


def latest_call_with_submissions(calls: list[Call]) -> Call | None:
    """The dashboards' first call: the newest of ``calls`` that has a submitted proposal (a call
    just opened, with nothing in it yet, tells nothing); the newest call when none has. One
    query."""
    if not calls:
        return None
    submitted = Proposal.objects.filter(call=OuterRef("pk"), status__in=COUNTED_STATUSES)
    with_data = set(
        Call.objects.filter(pk__in=[call.pk for call in calls]).filter(Exists(submitted)).values_list("pk", flat=True)
    )
    return next((call for call in calls if call.pk in with_data), calls[0])


@dataclass
class HistoryRow:
    call: Call
    submissions: int
    selected: int
    not_selected: int
    routed: int
    adopted: int
    labs: int
    outcomes: dict[str, int] = field(default_factory=dict)


def program_history() -> list[HistoryRow]:
    """Per call of the latest ``HISTORY_CALLS``, oldest first: submissions, selections, routed
    proposals, adopted answers, labs and the labs' outcomes. Four queries, each a GROUP BY on
    the calls' indexed keys over the rows of these calls only."""
    calls = list(
        Call.objects.filter(opens_at__lte=timezone.now())
        .only("title", "code", "opens_at")
        .order_by("-opens_at", "-pk")[:HISTORY_CALLS]
    )[::-1]
    ids = [c.pk for c in calls]
    counts: dict[int, dict] = defaultdict(dict)
    for row in (
        Proposal.objects.filter(call_id__in=ids)
        .values("call_id")
        .annotate(
            submissions=Count("pk", filter=Q(status__in=COUNTED_STATUSES)),
            selected=Count("pk", filter=Q(status=ProposalStatus.SELECTED)),
            not_selected=Count("pk", filter=Q(status=ProposalStatus.NOT_SELECTED)),
            labs=Count("lab"),
        )
        .order_by()
    ):
        counts[row.pop("call_id")].update(row)
    for row in (
        Routing.objects.filter(proposal__call_id__in=ids)
        .values("proposal__call_id")
        .annotate(
            routed=Count("proposal_id", distinct=True),
            adopted=Count("proposal_id", filter=Q(status__in=ADOPTED_STATUSES), distinct=True),
        )
        .order_by()
    ):
        counts[row.pop("proposal__call_id")].update(row)
    outcomes: dict[int, dict[str, int]] = defaultdict(dict)
    for row in (
        FinalReport.objects.filter(
            decision__status=DecisionStatus.ADOPTED, lab__proposal__call_id__in=ids
        )
        .values("lab__proposal__call_id", "outcome")
        .annotate(n=Count("id"))
        .order_by()
    ):
        outcomes[row["lab__proposal__call_id"]][row["outcome"]] = row["n"]
    zero = dict.fromkeys(
        ("submissions", "selected", "not_selected", "routed", "adopted", "labs"), 0
    )
    return [
        HistoryRow(
            call=c,
            **(zero | counts.get(c.pk, {})),
            outcomes={Outcome(k).label: v for k, v in outcomes.get(c.pk, {}).items()},
        )
        for c in calls
    ]


# --- One call's submissions ------------------------------------------------------------------


def _counted(call: Call) -> QuerySet[Proposal]:
    return Proposal.objects.filter(call=call, status__in=COUNTED_STATUSES)


def submissions_by_day(call: Call) -> dict[date, int]:
    """Submissions per day (Asia/Seoul) of proposals still in the call. One query."""
    rows = (
        _counted(call)
        .filter(submitted_at__isnull=False)
        .annotate(day=TruncDate("submitted_at", tzinfo=timezone.get_current_timezone()))
        .values("day")
        .annotate(n=Count("id"))
        .order_by("day")
    )
    return {row["day"]: row["n"] for row in rows}


def submissions_by_department(call: Call, *, owning: bool) -> list[tuple[str, int]]:
    """Submissions per department: the owning department (what the idea concerns) or the
    proposer's (who took part; innovation unit only). One query."""
    path = "owning_department__name" if owning else "proposer__department__name"
    rows = _counted(call).values(path).annotate(n=Count("id")).order_by("-n", path)
    return [(row[path] or _("No department"), row["n"]) for row in rows[:DEPARTMENT_LIMIT]]


def submissions_by_keyword(call: Call) -> list[tuple[str, int]]:
    """The ``KEYWORD_LIMIT`` most frequent keywords (comma-separated on each proposal). One
    query: on PostgreSQL the database splits, counts and keeps the top (``_KEYWORD_SQL``);
    elsewhere (the tests' SQLite) the keywords are counted here."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                _KEYWORD_SQL.format(table=Proposal._meta.db_table),
                [call.pk, list(COUNTED_STATUSES), KEYWORD_LIMIT],
            )
            return [(word, n) for word, n in cursor.fetchall()]
    counter: Counter[str] = Counter()
    for keywords in _counted(call).values_list("keywords", flat=True):
        counter.update({k.strip() for k in keywords.split(",") if k.strip()})
    return sorted(counter.items(), key=lambda item: (-item[1], item[0]))[:KEYWORD_LIMIT]


# Each proposal counts a keyword once; ties by code point, as Python sorts them.
_KEYWORD_SQL = """
SELECT word, COUNT(DISTINCT id) AS n
FROM (SELECT p.id, btrim(part, E' \t\n\r') AS word
      FROM {table} p, unnest(string_to_array(p.keywords, ',')) AS part
      WHERE p.call_id = %s AND p.status = ANY(%s)) AS words
WHERE word <> ''
GROUP BY word
ORDER BY n DESC, word COLLATE "C"
LIMIT %s
"""


# --- Screening (innovation unit) -------------------------------------------------------------


def review_totals(call: Call) -> tuple[Screening | None, list[float]]:
    """The call's screening and each non-abstaining review's total (weighted mean of its
    scores, computed in the database). Two queries."""
    screening = Screening.objects.filter(call=call).first()
    if screening is None:
        return None, []
    totals = (
        Score.objects.filter(
            review__screening=screening,
            review__abstained=False,
            review__proposal__status__in=ENTRY_STATUSES,
        )
        .values("review_id")
        .annotate(
            total=Cast(Sum(F("value") * F("criterion__weight")), FloatField())
            / Cast(Sum("criterion__weight"), FloatField())
        )
        .order_by("review_id")
        .values_list("total", flat=True)
    )
    return screening, [float(t) for t in totals if t is not None]


# --- Routing ---------------------------------------------------------------------------------


def _routings(call: Call | None) -> QuerySet[Routing]:
    return Routing.objects.all() if call is None else Routing.objects.filter(proposal__call=call)


@dataclass
class RoutingSummary:
    routed: int
    answered: int
    adopted: int
    overdue: int
    by_status: list[tuple[str, int]] = field(default_factory=list)

    @property
    def adoption_rate(self) -> float | None:
        return round(100 * self.adopted / self.routed, 1) if self.routed else None


def routing_summary(call: Call | None, today: date | None = None) -> RoutingSummary:
    """Routed, answered, adopted and overdue, and the count per answer state (``by_status``,
    in the states' order): one aggregate query with filtered counts."""
    today = today or timezone.localdate()
    counts = _routings(call).aggregate(
        routed=Count("id"),
        answered=Count("id", filter=Q(status__in=ANSWERED_STATUSES)),
        adopted=Count("id", filter=Q(status__in=ADOPTED_STATUSES)),
        overdue=Count("id", filter=Q(status=RoutingStatus.AWAITING, due_on__lt=today)),
        **{
            f"status_{status.value}": Count("id", filter=Q(status=status))
            for status in RoutingStatus
        },
    )
    # Labels as plain strings in the active language: the summary is cached, and a lazy
    # translation is rebuilt (a class per string) each time the cache is read.
    by_status = [
        (str(status.label), counts.pop(f"status_{status.value}")) for status in RoutingStatus
    ]
    return RoutingSummary(**counts, by_status=by_status)


@dataclass
class DepartmentAnswers:
    name: str
    routed: int
    answered: int
    adopted: int
    overdue: int


def routing_by_department(call: Call | None, today: date | None = None) -> list[DepartmentAnswers]:
    """The ``DEPARTMENT_LIMIT`` departments that received the most routings (of ``call``):
    routed, answered, adopted and overdue. One GROUP BY over the call's routings."""
    today = today or timezone.localdate()
    rows = (
        _routings(call)
        .values("department__name")
        .annotate(
            routed=Count("id"),
            answered=Count("id", filter=Q(status__in=ANSWERED_STATUSES)),
            adopted=Count("id", filter=Q(status__in=ADOPTED_STATUSES)),
            overdue=Count("id", filter=Q(status=RoutingStatus.AWAITING, due_on__lt=today)),
        )
        .order_by("-routed", "department__name")[:DEPARTMENT_LIMIT]
    )
    return [DepartmentAnswers(name=row.pop("department__name"), **row) for row in rows]


# --- Labs ------------------------------------------------------------------------------------


def labs_for_timeline() -> list[Lab]:
    """The latest ``LAB_TIMELINE`` labs (by start) with their call, milestones and adopted
    report, oldest first. Three queries."""
    latest = (
        Lab.objects.select_related("proposal__call")
        .prefetch_related("milestones", adopted_reports())
        .order_by("-start_date", "-id")[:LAB_TIMELINE]
    )
    return list(latest)[::-1]
