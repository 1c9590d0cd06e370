"""Reads for the outcomes page: per call, its selected tasks with their people and labs, and
what the departments did with the others (counts per answer state, the first answers, the
practical-effect verdicts). Seven queries whatever the number of calls or routings."""

from collections import defaultdict
from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator
from django.db.models import Case, Count, F, Prefetch, Q, QuerySet, Value, When, Window
from django.db.models.functions import RowNumber
from django.utils import timezone

from labs.enums import MembershipStatus
from labs.models import Membership
from proposals.enums import CallPhase, CoProposerStatus, ProposalStatus
from proposals.models import Call, CoProposer, Proposal
from routing.enums import ReviewVerdict, RoutingStatus
from routing.models import Review as RoutingReview
from routing.models import Routing

from .dashboards import COUNTED_STATUSES
from .fates import adopted_reports

OUTCOME_ROUTINGS = 50  # department answers per page of one call's outcomes
OUTCOME_ROUTINGS_OVERVIEW = 5  # per call on the page of every call; the rest behind "more"
OUTCOME_CALLS_PER_PAGE = 10  # calls per page of every call's outcomes


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


def results_first() -> list:
    """The outcomes' order: the decided calls (the ones with results) first, then the calls
    still open or in screening; newest first within each."""
    decided_last = Case(When(stored_phase=CallPhase.DECIDED, then=Value(0)), default=Value(1))
    return [decided_last.asc(), F("opens_at").desc(), F("pk").desc()]


def outcome_calls_page(number) -> Page:
    """A page of the calls that have opened, results first (``results_first``,
    ``OUTCOME_CALLS_PER_PAGE`` a page): their ids only, so ``outcomes(call_ids=…)`` reads the
    rows of these calls alone. Two queries."""
    calls = Call.objects.filter(opens_at__lte=timezone.now()).only("pk").order_by(*results_first())
    return Paginator(calls, OUTCOME_CALLS_PER_PAGE).get_page(number)


def outcomes(
    *,
    call_pk: int | None = None,
    call_ids: list[int] | None = None,
    after: int | None = None,
    per_call: int = OUTCOME_ROUTINGS,
) -> list[CallOutcome]:
    """Every call that has opened (or just ``call_pk``, or those of ``call_ids``, a page of
    ``outcome_calls_page``): its selected tasks with their people and
    labs, and what the departments did with the others — counts per answer state and the first
    ``per_call`` answers (titles, departments, answers; never the proposers), then on
    from the routing ``after`` (keyset, for the "more" link). Seven queries whatever the number
    of calls or routings."""
    calls = _outcome_calls(call_pk, call_ids)
    by_call = {c.pk: CallOutcome(call=c, submissions=c.submissions) for c in calls}
    _add_selected(by_call)
    routed = Routing.objects.filter(
        proposal__status=ProposalStatus.NOT_SELECTED, proposal__call__in=list(by_call)
    )
    _add_answer_counts(by_call, routed)
    _add_routings(by_call, routed, call_pk=call_pk, after=after, per_call=per_call)
    _add_verdicts(by_call, calls)
    return [by_call[c.pk] for c in calls]


def _outcome_calls(call_pk: int | None, call_ids: list[int] | None) -> list[Call]:
    """The calls that have opened (just ``call_pk``, or those of ``call_ids``), results first,
    with their numbers of submissions and of not-selected entries. One query."""
    calls_qs = Call.objects.filter(opens_at__lte=timezone.now())
    if call_pk is not None:
        calls_qs = calls_qs.filter(pk=call_pk)
    if call_ids is not None:
        calls_qs = calls_qs.filter(pk__in=call_ids)
    return list(
        calls_qs.only("title", "code", "opens_at", "closes_at", "stored_phase")
        .annotate(
            submissions=Count("proposals", filter=Q(proposals__status__in=COUNTED_STATUSES)),
            not_selected=Count(
                "proposals", filter=Q(proposals__status=ProposalStatus.NOT_SELECTED)
            ),
        )
        .order_by(*results_first())
    )


def _add_selected(by_call: dict[int, CallOutcome]) -> None:
    """Each call's selected tasks, with their accepted co-proposers, their lab's active members
    and its adopted report. Four queries."""
    selected = (
        Proposal.objects.filter(status=ProposalStatus.SELECTED, call__in=list(by_call))
        .select_related("proposer__department", "lab")
        .prefetch_related(
            Prefetch(
                "coproposers",
                queryset=CoProposer.objects.filter(status=CoProposerStatus.ACCEPTED).select_related(
                    "user__department"
                ),
                to_attr="accepted_coproposers",
            ),
            Prefetch(
                "lab__memberships",
                queryset=Membership.objects.filter(status=MembershipStatus.ACTIVE).select_related(
                    "user"
                ),
                to_attr="active_memberships",
            ),
            adopted_reports("lab__reports"),
        )
        .order_by("reference")
    )
    for proposal in selected:
        by_call[proposal.call_id].selected.append(proposal)


def _add_answer_counts(by_call: dict[int, CallOutcome], routed: QuerySet[Routing]) -> None:
    """Each call's department answers per state, in the states' order. One query."""
    for row in routed.values("proposal__call_id", "status").annotate(n=Count("id")).order_by():
        item = by_call[row["proposal__call_id"]]
        item.answers.append((RoutingStatus(row["status"]), row["n"]))
        item.routing_count += row["n"]
    order = list(RoutingStatus)
    for item in by_call.values():
        item.answers = [
            (str(status.label), n)
            for status, n in sorted(item.answers, key=lambda a: order.index(a[0]))
        ]


def _add_routings(
    by_call: dict[int, CallOutcome],
    routed: QuerySet[Routing],
    *,
    call_pk: int | None,
    after: int | None,
    per_call: int,
) -> None:
    """The first ``per_call`` answers of each call (from the routing ``after`` of call
    ``call_pk``), and where more follow the last one shown. One or two queries."""
    listed = routed
    if after is not None and call_pk is not None:
        cursor = (
            Routing.objects.select_related("proposal")
            .filter(pk=after, proposal__call_id=call_pk)
            .first()
        )
        if cursor is not None:
            listed = listed.filter(_after(cursor))
    # The first per_call + 1 of each call in one query (the extra one tells "more").
    listed = (
        listed.select_related("proposal", "department")
        .only(
            "status",
            "due_on",
            "is_lead",
            "proposal__reference",
            "proposal__title",
            "proposal__call_id",
            "department__name",
        )
        .annotate(
            position=Window(
                RowNumber(), partition_by=[F("proposal__call_id")], order_by=_routing_order()
            )
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


def _add_verdicts(by_call: dict[int, CallOutcome], calls: list[Call]) -> None:
    """Each call's practical-effect verdicts on its not-selected entries, and how many wait for
    one. One query."""
    reviewed: dict[int, int] = defaultdict(int)
    for row in (
        RoutingReview.objects.filter(
            proposal__status=ProposalStatus.NOT_SELECTED, proposal__call__in=list(by_call)
        )
        .values("proposal__call_id", "verdict")
        .annotate(n=Count("id"))
        .order_by("proposal__call_id", "verdict")
    ):
        by_call[row["proposal__call_id"]].verdicts.append(
            (str(ReviewVerdict(row["verdict"]).label), row["n"])
        )
        reviewed[row["proposal__call_id"]] += row["n"]
    for call in calls:
        by_call[call.pk].unreviewed = call.not_selected - reviewed[call.pk]
