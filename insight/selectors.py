"""Reads for the insight pages. Every function runs a fixed number of queries whatever the
number of calls, proposals or labs: counts are aggregated in the database."""

import hashlib
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.core.cache import cache
from django.db import connection
from django.db.models import (
    Case,
    Count,
    F,
    FloatField,
    IntegerField,
    Prefetch,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
    Window,
)
from django.db.models.functions import Cast, Greatest, RowNumber, TruncDate
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Department
from accounts.permissions import is_innovation_unit
from labs.enums import DecisionStatus, MembershipStatus, Outcome
from labs.models import FinalReport, Lab, Membership
from proposals.enums import CoProposerStatus, ProposalStatus
from proposals.models import Call, CoProposer, Proposal
from routing.enums import ADOPTED_STATUSES, ANSWERED_STATUSES, ReviewVerdict, RoutingStatus
from routing.models import Review as RoutingReview
from routing.models import Routing
from routing.selectors import tracking_by_department
from screening.models import Score, Screening
from screening.permissions import ENTRY_STATUSES

from . import permissions
from .permissions import SUBMITTED_STATUSES

COUNTED_STATUSES = (ProposalStatus.SUBMITTED, ProposalStatus.SELECTED, ProposalStatus.NOT_SELECTED)
KEYWORD_LIMIT = 12
DEPARTMENT_LIMIT = 15
SIMILAR_LIMIT = 5
SEARCH_LIMIT = 50
SIMILAR_CANDIDATES = 100  # most similar proposals kept per proposal, before the viewer's filter
SIMILAR_CACHE_SECONDS = 3600
SIMILAR_TERMS = 3  # keywords (or title words) compared by the fallback without trigrams
WORD_SIMILARITY_THRESHOLD = 0.35


def uses_trigram() -> bool:
    return connection.vendor == "postgresql"


# --- Calls and the program's history --------------------------------------------------------


def dashboard_calls() -> list[Call]:
    """Calls that have opened, newest first (the dashboards' call picker), with the columns
    the dashboards read (title, code, phase, creation for the cache key). One query."""
    return list(
        Call.objects.filter(opens_at__lte=timezone.now())
        .only("title", "code", "opens_at", "closes_at", "stored_phase", "created_at")
        .order_by("-opens_at")
    )


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
    """Per call, oldest first: submissions, selections, routed proposals, adopted answers, labs
    and the labs' outcomes. Two queries."""
    proposals = "proposals"
    calls = (
        Call.objects.filter(opens_at__lte=timezone.now())
        .annotate(
            submissions=Count(proposals, filter=Q(proposals__status__in=COUNTED_STATUSES), distinct=True),
            selected=Count(proposals, filter=Q(proposals__status=ProposalStatus.SELECTED), distinct=True),
            not_selected=Count(
                proposals, filter=Q(proposals__status=ProposalStatus.NOT_SELECTED), distinct=True
            ),
            routed=Count(proposals, filter=Q(proposals__routings__isnull=False), distinct=True),
            adopted=Count(
                proposals, filter=Q(proposals__routings__status__in=ADOPTED_STATUSES), distinct=True
            ),
            labs=Count("proposals__lab", distinct=True),
        )
        .order_by("opens_at")
    )
    outcomes: dict[int, dict[str, int]] = defaultdict(dict)
    for row in (
        FinalReport.objects.filter(decision__status=DecisionStatus.ADOPTED)
        .values("lab__proposal__call_id", "outcome")
        .annotate(n=Count("id"))
    ):
        outcomes[row["lab__proposal__call_id"]][row["outcome"]] = row["n"]
    return [
        HistoryRow(
            call=c,
            submissions=c.submissions,
            selected=c.selected,
            not_selected=c.not_selected,
            routed=c.routed,
            adopted=c.adopted,
            labs=c.labs,
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
    """The most frequent keywords (comma-separated on each proposal). One query."""
    counter: Counter[str] = Counter()
    for keywords in _counted(call).values_list("keywords", flat=True):
        counter.update({k.strip() for k in keywords.split(",") if k.strip()})
    return sorted(counter.items(), key=lambda item: (-item[1], item[0]))[:KEYWORD_LIMIT]


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


def routing_by_status(call: Call | None) -> list[tuple[str, int]]:
    """Department answers by state, in the states' order. One query."""
    counts = dict(_routings(call).values_list("status").annotate(n=Count("id")).order_by())
    return [(status.label, counts.get(status.value, 0)) for status in RoutingStatus]


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
        **{f"status_{status.value}": Count("id", filter=Q(status=status)) for status in RoutingStatus},
    )
    # Labels as plain strings in the active language: the summary is cached, and a lazy
    # translation is rebuilt (a class per string) each time the cache is read.
    by_status = [(str(status.label), counts.pop(f"status_{status.value}")) for status in RoutingStatus]
    return RoutingSummary(**counts, by_status=by_status)


def routing_by_department(call: Call | None) -> QuerySet[Department]:
    return tracking_by_department(call)


# --- Labs ------------------------------------------------------------------------------------


def _adopted_reports() -> Prefetch:
    return Prefetch(
        "reports",
        queryset=FinalReport.objects.filter(decision__status=DecisionStatus.ADOPTED),
        to_attr="adopted_reports",
    )


def labs_for_timeline() -> list[Lab]:
    """Every lab with its call, milestones and adopted report, by start. Three queries."""
    return list(
        Lab.objects.select_related("proposal__call")
        .prefetch_related("milestones", _adopted_reports())
        .order_by("start_date", "id")
    )


def lab_outcome(lab: Lab) -> str:
    reports = getattr(lab, "adopted_reports", [])
    return reports[0].get_outcome_display() if reports else ""


# --- What became of a proposal ---------------------------------------------------------------


@dataclass
class Fate:
    label: str
    tone: str
    lab: Lab | None = None
    routings: list[Routing] = field(default_factory=list)


def fate(proposal: Proposal) -> Fate:
    """What became of a proposal, from relations prefetched by ``with_fate``."""
    status = proposal.status
    if status == ProposalStatus.SELECTED:
        lab = getattr(proposal, "lab", None)
        if lab is None:
            return Fate(label=_("Selected; no lab formed yet"), tone="success")
        outcome = lab_outcome(lab)
        label = _("Selected → lab %(name)s (%(status)s)") % {"name": lab.name, "status": lab.get_status_display()}
        if outcome:
            label = f"{label}: {outcome}"
        return Fate(label=label, tone="success", lab=lab)
    if status == ProposalStatus.NOT_SELECTED:
        review = getattr(proposal, "routing_review", None)
        if review is None:
            return Fate(label=_("Not selected; practical-effect review pending"), tone="neutral")
        routings = list(proposal.routings.all())
        if review.verdict == ReviewVerdict.ROUTE and routings:
            answers = ", ".join(f"{r.department.name}: {r.get_status_display()}" for r in routings)
            return Fate(label=_("Not selected → %(answers)s") % {"answers": answers}, tone="info", routings=routings)
        return Fate(label=_("Not selected: %(verdict)s") % {"verdict": review.get_verdict_display()}, tone="neutral")
    if status == ProposalStatus.WITHDRAWN:
        return Fate(label=_("Withdrawn"), tone="neutral")
    return Fate(label=_("Under screening"), tone="info")


def with_fate(queryset: QuerySet[Proposal]) -> QuerySet[Proposal]:
    """The relations ``fate`` reads, plus what the lists show. Four extra queries at most."""
    return queryset.select_related(
        "call", "proposer__department", "owning_department", "routing_review", "lab"
    ).prefetch_related(
        Prefetch("routings", queryset=Routing.objects.select_related("department").order_by("-is_lead", "id")),
        Prefetch("lab__reports", queryset=FinalReport.objects.filter(decision__status=DecisionStatus.ADOPTED), to_attr="adopted_reports"),
    )


# --- Search and similar proposals ------------------------------------------------------------


def search_terms(text: str) -> list[str]:
    """At most eight words of the query; control characters (a NUL breaks PostgreSQL) are
    separators, not part of a word."""
    return [t for t in re.split(r"[\s,·/\x00-\x1f\x7f]+", text.strip()) if t][:8]


def search(user, query: str, *, call: Call | None = None) -> list[Proposal]:
    """Proposals of every call matching ``query``, among those the user may find.

    On PostgreSQL titles are matched by trigram word similarity (robust for Korean, where
    word stemming does not help) as well as by substring; elsewhere by substring of the title,
    keywords and idea. The idea text is searched only where the user may read it."""
    terms = search_terms(query)
    if not terms:
        return []
    queryset = permissions.searchable_proposals(user)
    if call is not None:
        queryset = queryset.filter(call=call)
    readable = (
        Q() if permissions.can_view_full_dashboard(user)
        else Q(pk__in=permissions.printable_proposals(user).values("pk"))
    )
    def matches(term: str) -> Q:
        return Q(title__icontains=term) | Q(keywords__icontains=term) | (Q(idea__icontains=term) & readable)

    if uses_trigram():
        from django.contrib.postgres.search import TrigramWordSimilarity

        # Every term must appear, or something close to it must appear in the title.
        names = [f"similarity_{n}" for n in range(len(terms))]
        queryset = queryset.annotate(
            **{name: TrigramWordSimilarity(term, "title") for name, term in zip(names, terms, strict=True)}
        )
        for name, term in zip(names, terms, strict=True):
            queryset = queryset.filter(matches(term) | Q(**{f"{name}__gte": WORD_SIMILARITY_THRESHOLD}))
        queryset = queryset.annotate(similarity=sum((F(name) for name in names), Value(0.0)))
        ordering = ("-similarity", "-call__opens_at", "reference")
    else:
        for term in terms:
            queryset = queryset.filter(matches(term))
        ordering = ("-call__opens_at", "reference")
    return list(with_fate(queryset.order_by(*ordering))[:SEARCH_LIMIT])


def _rank_similar(proposal: Proposal, candidates: QuerySet[Proposal]) -> list[tuple]:
    """``candidates`` like ``proposal`` as sortable tuples (−similarity, −opening time,
    reference, id), best first, at most ``SIMILAR_CANDIDATES``.

    On PostgreSQL: the trigram operator ``%`` on the title or the keywords (GIN trigram indexes
    ``insight_proposal_title_trgm`` and ``insight_proposal_keywords_trgm`` serve it; the bar is
    ``pg_trgm.similarity_threshold``, 0.3 unless the database sets it), ordered by the better of
    the two similarities. Elsewhere: the proposals sharing one of the first keywords (or title
    words), by how many they share."""
    candidates = candidates.filter(
        status__in=SUBMITTED_STATUSES, call__opens_at__lt=proposal.call.opens_at
    ).exclude(call_id=proposal.call_id)
    if uses_trigram():
        from django.contrib.postgres.lookups import TrigramSimilar
        from django.contrib.postgres.search import TrigramSimilarity

        keywords = proposal.keywords or proposal.title
        candidates = candidates.filter(
            Q(TrigramSimilar(F("title"), proposal.title)) | Q(TrigramSimilar(F("keywords"), keywords))
        ).annotate(
            similarity=Greatest(TrigramSimilarity("title", proposal.title), TrigramSimilarity("keywords", keywords))
        )
    else:
        words = [w for w in search_terms(proposal.title) if len(w) >= 2]
        terms = list(dict.fromkeys(proposal.keyword_list[:SIMILAR_TERMS] or words[:SIMILAR_TERMS]))
        if not terms:
            return []
        matched = sum(
            (
                Case(
                    When(Q(title__icontains=t) | Q(keywords__icontains=t), then=Value(1)),
                    default=Value(0),
                    output_field=IntegerField(),
                )
                for t in terms
            ),
            Value(0),
        )
        candidates = candidates.annotate(similarity=matched).filter(similarity__gt=0)
    return [
        (-float(similarity), -opens_at.timestamp(), reference, pk)
        for pk, similarity, opens_at, reference in candidates.order_by(
            "-similarity", "-call__opens_at", "reference"
        ).values_list("pk", "similarity", "call__opens_at", "reference")[:SIMILAR_CANDIDATES]
    ]


def _shared_candidates(proposal: Proposal, *, outcome_level: bool) -> list[tuple]:
    """``_rank_similar`` among every submitted proposal, or with ``outcome_level`` among those
    every staff member may know of. No person's rights enter here, so the list is cached per
    proposal (and per version of its title and keywords) for ``SIMILAR_CACHE_SECONDS``;
    ``similar_earlier`` filters it by what the viewer may find on every request."""
    digest = hashlib.sha256(f"{proposal.title}\x00{proposal.keywords}".encode()).hexdigest()[:16]
    key = f"insight:similar:{int(outcome_level)}:{proposal.pk}:{proposal.created_at.timestamp()}:{digest}"
    ranked = cache.get(key)
    if ranked is None:
        candidates = Proposal.objects.all()
        if outcome_level:
            candidates = candidates.filter(permissions.outcome_level_q())
        ranked = _rank_similar(proposal, candidates)
        cache.set(key, ranked, SIMILAR_CACHE_SECONDS)
    return ranked


def similar_earlier(user, proposal: Proposal) -> list[Proposal]:
    """Up to ``SIMILAR_LIMIT`` proposals of earlier calls like ``proposal`` (by title and
    keywords), among those the user may find, most similar first.

    The candidates: the most similar among all proposals (cached, then filtered by what the
    user may find); for anyone but the innovation unit also the most similar among the
    outcome-level ones (cached: every staff member may see them) and among the user's own and
    their departments' routed proposals (not cached: a few rows, found by id) — so a viewer
    who may see few proposals still gets the best of those. Three to five queries once cached.
    """
    ranked = set(_shared_candidates(proposal, outcome_level=False))
    if not is_innovation_unit(user):
        ranked |= set(_shared_candidates(proposal, outcome_level=True))
        # Ids first (small lists): as subqueries the planner would rank every proposal first.
        personal = set(permissions.visible_proposals(user).values_list("pk", flat=True))
        department_ids = permissions.liaison_department_ids(user)
        if department_ids:
            personal |= set(
                Routing.objects.filter(department_id__in=department_ids).values_list("proposal_id", flat=True)
            )
        if personal:
            ranked |= set(_rank_similar(proposal, Proposal.objects.filter(pk__in=personal)))
    if not ranked:
        return []
    visible = set(
        permissions.searchable_proposals(user).filter(pk__in=[r[-1] for r in ranked]).values_list("pk", flat=True)
    )
    ids = [r[-1] for r in sorted(ranked) if r[-1] in visible][:SIMILAR_LIMIT]
    found = {p.pk: p for p in with_fate(Proposal.objects.filter(pk__in=ids))}
    return [found[pk] for pk in ids if pk in found]


# --- Outcomes page ---------------------------------------------------------------------------


OUTCOME_ROUTINGS = 50  # department answers per page of one call's outcomes
OUTCOME_ROUTINGS_OVERVIEW = 5  # per call on the page of every call; the rest behind "more"


@dataclass
class CallOutcome:
    call: Call
    submissions: int
    selected: list[Proposal] = field(default_factory=list)
    routings: list[Routing] = field(default_factory=list)
    routing_count: int = 0
    answers: list[tuple[str, int]] = field(default_factory=list)  # routings per answer state
    verdicts: list[tuple[str, int]] = field(default_factory=list)
    unreviewed: int = 0
    more_after: int | None = None  # the last routing shown, when more follow


def _routing_order() -> list:
    return [F("proposal__reference").asc(), F("is_lead").desc(), F("id").asc()]


def _after(routing: Routing) -> Q:
    """Keyset: the routings after ``routing`` in (reference, lead first, id) order."""
    reference = routing.proposal.reference
    return Q(proposal__reference__gt=reference) | Q(proposal__reference=reference) & (
        Q(is_lead__lt=routing.is_lead) | Q(is_lead=routing.is_lead, id__gt=routing.pk)
    )


def outcomes(*, call_pk: int | None = None, after: int | None = None, per_call: int = OUTCOME_ROUTINGS) -> list[CallOutcome]:
    """Every call that has opened (or just ``call_pk``): its selected tasks with their people and
    labs, and what the departments did with the others — counts per answer state and the first
    ``per_call`` answers (titles, departments, answers; never the proposers), then on
    from the routing ``after`` (keyset, for the "more" link). Seven queries whatever the number
    of calls or routings."""
    calls_qs = Call.objects.filter(opens_at__lte=timezone.now())
    if call_pk is not None:
        calls_qs = calls_qs.filter(pk=call_pk)
    calls = list(
        calls_qs.only("title", "code", "opens_at", "closes_at", "stored_phase")
        .annotate(
            submissions=Count("proposals", filter=Q(proposals__status__in=COUNTED_STATUSES)),
            not_selected=Count("proposals", filter=Q(proposals__status=ProposalStatus.NOT_SELECTED)),
        ).order_by("-opens_at")
    )
    by_call = {c.pk: CallOutcome(call=c, submissions=c.submissions) for c in calls}
    selected = (
        Proposal.objects.filter(status=ProposalStatus.SELECTED, call__in=[c.pk for c in calls])
        .select_related("proposer__department", "lab")
        .prefetch_related(
            Prefetch(
                "coproposers",
                queryset=CoProposer.objects.filter(status=CoProposerStatus.ACCEPTED).select_related("user__department"),
                to_attr="accepted_coproposers",
            ),
            Prefetch(
                "lab__memberships",
                queryset=Membership.objects.filter(status=MembershipStatus.ACTIVE).select_related("user"),
                to_attr="active_memberships",
            ),
            Prefetch("lab__reports", queryset=FinalReport.objects.filter(decision__status=DecisionStatus.ADOPTED), to_attr="adopted_reports"),
        )
        .order_by("reference")
    )
    for proposal in selected:
        by_call[proposal.call_id].selected.append(proposal)
    routed = Routing.objects.filter(proposal__status=ProposalStatus.NOT_SELECTED, proposal__call__in=list(by_call))
    for row in routed.values("proposal__call_id", "status").annotate(n=Count("id")).order_by():
        item = by_call[row["proposal__call_id"]]
        item.answers.append((RoutingStatus(row["status"]), row["n"]))
        item.routing_count += row["n"]
    order = list(RoutingStatus)
    for item in by_call.values():
        item.answers = [(str(status.label), n) for status, n in sorted(item.answers, key=lambda a: order.index(a[0]))]
    listed = routed
    if after is not None and call_pk is not None:
        cursor = Routing.objects.select_related("proposal").filter(pk=after, proposal__call_id=call_pk).first()
        if cursor is not None:
            listed = listed.filter(_after(cursor))
    # The first per_call + 1 of each call in one query (the extra one tells "more").
    listed = (
        listed.select_related("proposal", "department")
        .only(
            "status", "due_on", "is_lead", "proposal__reference", "proposal__title", "proposal__call_id",
            "department__name",
        )
        .annotate(
            position=Window(RowNumber(), partition_by=[F("proposal__call_id")], order_by=_routing_order())
        )
        .filter(position__lte=per_call + 1)
        .order_by(*_routing_order())
    )
    for routing in listed:
        item = by_call[routing.proposal.call_id]
        if len(item.routings) < per_call:
            item.routings.append(routing)
        else:
            item.more_after = item.routings[-1].pk
    reviewed: dict[int, int] = defaultdict(int)
    for row in (
        RoutingReview.objects.filter(proposal__status=ProposalStatus.NOT_SELECTED, proposal__call__in=list(by_call))
        .values("proposal__call_id", "verdict")
        .annotate(n=Count("id"))
        .order_by("proposal__call_id", "verdict")
    ):
        by_call[row["proposal__call_id"]].verdicts.append((str(ReviewVerdict(row["verdict"]).label), row["n"]))
        reviewed[row["proposal__call_id"]] += row["n"]
    for call in calls:
        by_call[call.pk].unreviewed = call.not_selected - reviewed[call.pk]
    return [by_call[c.pk] for c in calls]

