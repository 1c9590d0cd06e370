"""Reads for the screening: query shapes with a fixed number of queries, and the aggregate.

The aggregate is kept as a summary row per entry (``EntryScore``, ``screening.summaries``) and
read ranked in SQL (``ranked_entries``); the test of the ranking
(``tests/screening/test_ranking_sql.py``) states the same arithmetic in Python over reviews
already loaded, as the reference the summary is tested against:
- a review's total is the weighted mean of its criterion scores (Σ wᵢ·sᵢ / Σ wᵢ);
- an entry's score is the mean of the totals of its non-abstaining reviews;
- the per-criterion mean likewise ignores abstentions;
- the spread is the population standard deviation of the review totals, flagged as
  disagreement from a quarter of the scale's range (1.0 on a 1–5 scale) with 2+ reviews.
"""

import math
from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import (
    BooleanField,
    Count,
    Exists,
    F,
    FilteredRelation,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Window,
)
from django.db.models.fields.files import FieldFile
from django.db.models.functions import Coalesce, Rank
from django.utils import timezone

from accounts.models import User
from accounts.permissions import is_innovation_unit
from proposals.enums import BoardCopyStatus, CallPhase, ProposalStatus
from proposals.extra_answers import hidden_answer_attachment_ids
from proposals.models import Attachment, Call, Proposal
from proposals.selectors import days_left

from . import permissions
from .enums import ReviewState
from .models import Criterion, EntryScore, Review, Screening

DISAGREEMENT_SHARE = 0.25


@dataclass
class EntryResult:
    proposal: Proposal
    reviews: list[Review] = field(default_factory=list)
    review_count: int = 0
    abstentions: int = 0
    weighted_mean: float | None = None
    criterion_means: list[float | None] = field(default_factory=list)
    spread: float | None = None
    disagreement: bool = False
    rank: int | None = None


def review_total(review: Review, weights: dict[int, int]) -> float | None:
    """The weighted mean of one review's scores (None for an abstention or no scores)."""
    if review.abstained:
        return None
    scored = [(weights[s.criterion_id], s.value) for s in review.scores.all() if s.criterion_id in weights]
    weight_sum = sum(w for w, _v in scored)
    if not weight_sum:
        return None
    return sum(w * v for w, v in scored) / weight_sum


def screening_criteria(screening: Screening) -> list[Criterion]:
    return list(screening.criteria.all())


def rubric(screening: Screening) -> list[Criterion]:
    """The criteria, each with ``levels_written``: how many of its levels have a meaning."""
    criteria = screening_criteria(screening)
    for criterion in criteria:
        criterion.levels_written = sum(1 for _level, meaning in criterion.level_meanings(screening.scale_max) if meaning)
    return criteria


def criterion_key(criterion: Criterion) -> str:
    return f"criterion_mean_{criterion.pk}"


def _ranking_order() -> list:
    return [
        F("entry_score__score").desc(nulls_last=True),
        F("review_count").desc(),
        "reference",
        "pk",
    ]


def ranked_entries(
    *, screening: Screening, criteria: list[Criterion] | None = None
) -> QuerySet[Proposal]:
    """The call's entries with their summary row (``EntryScore``, kept by ``screening.summaries``)
    ranked best first: one row per entry, ordered and sliced in SQL.

    Annotations: ``review_count`` (non-abstaining reviews with scores), ``abstentions``,
    ``total_sum`` and ``total_square_sum`` (of the review totals; NULL without a review),
    ``criterion_sums`` and ``rank`` (equal rounded scores share a rank; unscored entries come
    last). ``entry_result`` turns a row into the figures. ``criteria`` is not needed any more
    (the sums are per criterion pk) and kept for the callers' symmetry.
    """
    del criteria
    return (
        permissions.entries(screening.call)
        .annotate(
            review_count=Coalesce(F("entry_score__review_count"), 0, output_field=IntegerField()),
            abstentions=Coalesce(F("entry_score__abstentions"), 0, output_field=IntegerField()),
            total_sum=F("entry_score__total_sum"),
            total_square_sum=F("entry_score__total_square_sum"),
            criterion_sums=F("entry_score__criterion_sums"),
            rank=Window(Rank(), order_by=F("entry_score__score").desc(nulls_last=True)),
        )
        .order_by(*_ranking_order())
    )


def entry_result(
    proposal: Proposal,
    criteria: list[Criterion],
    scale_max: int,
    reviews: list[Review] | None = None,
) -> EntryResult:
    """An ``EntryResult`` from a proposal annotated by ``ranked_entries`` (or any object with
    the summary's fields and ``rank``)."""
    sums = proposal.criterion_sums or {}
    result = EntryResult(
        proposal=proposal,
        reviews=reviews or [],
        review_count=proposal.review_count or 0,
        abstentions=proposal.abstentions or 0,
        criterion_means=[_mean(sums.get(str(c.pk))) for c in criteria],
        rank=proposal.rank,
    )
    if result.review_count:
        result.weighted_mean = proposal.total_sum / result.review_count
        mean_square = proposal.total_square_sum / result.review_count
        # Rounded so that equal totals give exactly 0 (floating-point noise aside).
        variance = round(max(mean_square - result.weighted_mean**2, 0.0), 9)
        result.spread = math.sqrt(variance)
        result.disagreement = result.review_count > 1 and result.spread >= DISAGREEMENT_SHARE * (
            scale_max - 1
        )
    return result


def _mean(pair: list | None) -> float | None:
    return pair[0] / pair[1] if pair and pair[1] else None


def ranking_page(
    *, screening: Screening, criteria: list[Criterion], proposals
) -> list[EntryResult]:
    """``EntryResult`` rows for a page (or any slice) of ``ranked_entries``."""
    return [entry_result(p, criteria, screening.scale_max) for p in proposals]


def ranking(*, screening: Screening, with_reviews: bool = True) -> list[EntryResult]:
    """Every entry of the call with its aggregate, ranked (from the summary rows). With
    ``with_reviews`` each result carries its reviews with scores (for the exports). Three or
    five queries whatever the size."""
    criteria = screening_criteria(screening)
    proposals = list(
        ranked_entries(screening=screening).select_related(
            "proposer__department", "owning_department"
        )
    )
    per_proposal: dict[int, list[Review]] = {p.pk: [] for p in proposals}
    if with_reviews:
        by_id = {p.pk: p for p in proposals}
        reviews = (
            Review.objects.filter(screening=screening, proposal__in=list(by_id))
            .select_related("reviewer__department")
            .prefetch_related("scores")
            .order_by("reviewer__full_name", "reviewer_id")
        )
        for review in reviews:
            review.proposal = by_id[review.proposal_id]
            per_proposal[review.proposal_id].append(review)
    return [entry_result(p, criteria, screening.scale_max, per_proposal[p.pk]) for p in proposals]


def entry_rank(*, screening: Screening, proposal: Proposal) -> tuple[EntryResult | None, int]:
    """One entry's aggregate and rank, and the number of entries (the proposal page's panel).

    Three queries, none reading a review: the criteria, the entry's summary row, and one
    aggregate over the call's entries (how many, whether this is one, how many score higher:
    the rank is one more, as ``Rank()`` gives it).
    """
    criteria = screening_criteria(screening)
    row = EntryScore.objects.filter(proposal_id=proposal.pk, screening=screening).first()
    if row is not None and row.score is not None:
        higher = Q(entry_score__score__gt=row.score)
    else:
        higher = Q(entry_score__score__isnull=False)
    counts = permissions.entries(screening.call).aggregate(
        n=Count("pk"),
        found=Count("pk", filter=Q(pk=proposal.pk)),
        higher=Count("pk", filter=higher),
    )
    if not counts["found"]:
        return None, counts["n"]
    row = row or EntryScore(proposal_id=proposal.pk, screening=screening)
    row.rank = counts["higher"] + 1
    result = entry_result(row, criteria, screening.scale_max)
    result.proposal = proposal
    return result, counts["n"]


def board_members(call: Call) -> QuerySet[User]:
    return (
        User.objects.filter(
            calluserobjectpermission__content_object=call,
            calluserobjectpermission__permission__codename=permissions.BOARD_CODENAME,
        )
        .select_related("department", "outside_evaluator")
        .distinct()
        .order_by("full_name", "username")
    )


def board_reviewer_ids(call: Call) -> set[int]:
    """The board members who have filed a review on the call (they can no longer be removed)."""
    return set(Review.objects.filter(proposal__call=call).values_list("reviewer_id", flat=True))


@dataclass
class WorkspaceEntry:
    proposal: Proposal
    review: Review | None
    state: ReviewState


def workspace_entries(
    *, call: Call, user: User, state: str = "", entries: QuerySet[Proposal] | None = None
) -> QuerySet[Proposal]:
    """The entries this board member may score, in reference order, each annotated with
    ``my_abstained`` (None: not reviewed yet; False: scored; True: abstained). ``state`` (a
    ``ReviewState`` value) filters in SQL, so the page slices with LIMIT/OFFSET. ``entries``:
    ``permissions.entries_for_board_member(user, call)`` when the caller already has it (its
    board check is a query)."""
    if entries is None:
        entries = permissions.entries_for_board_member(user, call)
    mine = Review.objects.filter(proposal=OuterRef("pk"), reviewer=user).order_by().values("abstained")[:1]
    qs = (
        entries.only("pk", "call_id", "title", "reference", "status")
        .annotate(my_abstained=Subquery(mine, output_field=BooleanField()))
        .order_by("reference", "pk")
    )
    if state == ReviewState.TODO:
        qs = qs.filter(my_abstained__isnull=True)
    elif state == ReviewState.SCORED:
        qs = qs.filter(my_abstained=False)
    elif state == ReviewState.ABSTAINED:
        qs = qs.filter(my_abstained=True)
    return qs


def review_state_of(abstained: bool | None) -> ReviewState:
    """The state for a ``my_abstained`` annotation (None: no review yet)."""
    if abstained is None:
        return ReviewState.TODO
    return ReviewState.ABSTAINED if abstained else ReviewState.SCORED


def workspace_row(proposal: Proposal) -> WorkspaceEntry:
    return WorkspaceEntry(proposal=proposal, review=None, state=review_state_of(proposal.my_abstained))


def workspace_counts(*, call: Call, user: User, entries: QuerySet[Proposal] | None = None) -> dict[str, int]:
    """Entries per ``ReviewState`` for this member, in one query: the entries joined to the
    member's review (at most one, ``review_one_per_member``) and grouped by its abstention.
    ``entries`` as for ``workspace_entries``."""
    if entries is None:
        entries = permissions.entries_for_board_member(user, call)
    counts = dict.fromkeys(ReviewState.values, 0)
    grouped = (
        entries.annotate(mine=FilteredRelation("reviews", condition=Q(reviews__reviewer=user)))
        .order_by()
        .values_list("mine__abstained")
        .annotate(n=Count("pk"))
    )
    for abstained, n in grouped:
        counts[review_state_of(abstained)] = n
    return counts


# What an entry page shows of the proposal; the proposer's fields join only when not blind.
ENTRY_FIELDS = ("pk", "call_id", "title", "reference", "status", "problem", "idea", "effect", "keywords")
IDENTITY_FIELDS = (
    "proposer__full_name",
    "proposer__department__name",
    "owning_department__name",
)


def board_entry(*, entries: QuerySet[Proposal], pk: int, identities: bool) -> Proposal | None:
    """One of the member's entries (``entries``: ``permissions.unconflicted_entries``) with only
    the shown columns; the proposer and departments joined only when ``identities``."""
    qs = entries.only(*ENTRY_FIELDS)
    if identities:
        qs = qs.select_related("proposer__department", "owning_department").only(*ENTRY_FIELDS, *IDENTITY_FIELDS)
    return qs.filter(pk=pk).first()


@dataclass(frozen=True)
class BoardAttachment:
    """An entry's attachment as the board sees it: its number, the name it is shown and
    downloaded under, and the file the board may download (``None``: listed, not served)."""

    number: int
    attachment: Attachment
    name: str
    file: FieldFile | None

    @property
    def pending(self) -> bool:
        return self.attachment.board_status == BoardCopyStatus.PENDING


def board_attachments(*, screening: Screening, proposal: Proposal) -> list[BoardAttachment]:
    """The entry's attachments in upload order. Under blind review each has a neutral name
    (``<reference>-<n>.<kind>``; the original name may carry the proposer's) and only its board
    copy is served; one without a board copy (not scrubbable, or not built yet) is listed
    without a file. Without blind review: the original names and files."""
    scrubbed = permissions.board_files_scrubbed(screening)
    rows = []
    # Files answering an extra question hidden from the board (추가 항목) are not the board's.
    attachments = list(proposal.attachments.all())
    hidden = hidden_answer_attachment_ids(proposal) if attachments else set()
    shown = [a for a in attachments if a.pk not in hidden]
    for number, attachment in enumerate(shown, start=1):
        if not scrubbed:
            rows.append(BoardAttachment(number, attachment, attachment.original_name, attachment.file))
            continue
        name = f"{proposal.reference}-{number}.{attachment.kind}"
        rows.append(BoardAttachment(number, attachment, name, attachment.board_file if attachment.board_copy_ready else None))
    return rows


@dataclass(frozen=True)
class EntryPlace:
    """Where an entry stands in the member's workspace order (reference, pk), and the member's
    progress: ``done`` entries scored or abstained on of ``total``; ``next_todo`` the first
    entry after this one (wrapping round) the member has not reviewed, as (pk, reference)."""

    position: int
    total: int
    previous_pk: int | None
    next_pk: int | None
    done: int = 0
    next_todo: tuple[int, str] | None = None


def entry_place(*, entries: QuerySet[Proposal], pk: int, user: User) -> EntryPlace:
    """The entry's place among ``entries`` in workspace order and the member's progress: one
    query of their ids, references and whether ``user`` reviewed each (cheaper to build and run
    than a subquery per neighbour, measured at ~1,000 entries a call)."""
    reviewed = Review.objects.filter(proposal=OuterRef("pk"), reviewer=user)
    rows = list(
        entries.order_by("reference", "pk")
        .annotate(reviewed=Exists(reviewed))
        .values_list("pk", "reference", "reviewed")
    )
    ids = [row[0] for row in rows]
    index = ids.index(pk)
    todo = [(row[0], row[1]) for row in rows[index + 1 :] + rows[:index] if not row[2]]
    return EntryPlace(
        position=index + 1,
        total=len(ids),
        previous_pk=ids[index - 1] if index > 0 else None,
        next_pk=ids[index + 1] if index + 1 < len(ids) else None,
        done=sum(1 for row in rows if row[2]),
        next_todo=todo[0] if todo else None,
    )


def board_member_reviews(*, screening: Screening, user: User) -> QuerySet[Review]:
    """The member's own reviews (for their export), without conflicted entries."""
    return (
        Review.objects.filter(screening=screening, reviewer=user)
        .exclude(proposal__in=Proposal.objects.filter(permissions.conflict_q(user)).values("pk"))
        .select_related("proposal")
        .prefetch_related("scores")
        .order_by("proposal__reference")
    )


def entry_reviews(*, proposal: Proposal, user: User, others: bool) -> tuple[Review | None, list[Review]]:
    """The member's own review of the entry (or None) and, with ``others``, the other members'
    reviews by name (else an empty list), each with its scores: two queries for both."""
    reviews = (
        Review.objects.filter(proposal=proposal)
        .select_related("reviewer")
        .only("pk", "proposal_id", "reviewer_id", "abstained", "abstain_reason", "comment", "reviewer__full_name")
        .prefetch_related("scores")
        .order_by("reviewer__full_name", "reviewer_id")
    )
    if not others:
        reviews = reviews.filter(reviewer=user)
    mine, rest = None, []
    for review in reviews:
        if review.reviewer_id == user.pk:
            mine = review
        else:
            rest.append(review)
    return mine, rest


def listed_calls(user: User) -> QuerySet[Call]:
    """The calls on the screening index, latest deadline first: every call for the innovation
    unit; for anyone else the calls whose board they sit on, once the screening has opened."""
    calls = Call.objects.select_related("screening").order_by("-closes_at")
    if is_innovation_unit(user):
        return calls
    return calls.filter(pk__in=permissions.seated_call_ids(user), stored_phase__in=permissions.BOARD_PHASES)


def selected_proposals(call: Call) -> QuerySet[Proposal]:
    """The proposals the screening selected (ready to form a lab)."""
    return Proposal.objects.filter(call=call, status=ProposalStatus.SELECTED)



# --- The homes (core.panels) ---------------------------------------------------------------


def _count(queryset: QuerySet, group: str) -> Coalesce:
    """``COUNT(*)`` of a correlated ``queryset`` (one group: ``group``), 0 when it is empty."""
    counted = queryset.order_by().values(group).annotate(n=Count("*")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def board_home(user: User, *, now: datetime | None = None) -> list[Call]:
    """The screenings open now whose board the user sits on, deadline first, each call with
    ``screening``, ``entry_count`` (the entries they may score: ``permissions.reviewable_q``),
    ``scored_count``, ``abstained_count``, ``done_count`` (the two), ``left_count`` and ``days_left`` (to the screening's
    deadline). One query (and the seats, kept for the request)."""
    seats = permissions.seated_call_ids(user)
    if not seats:
        return []
    reviewable = Proposal.objects.filter(permissions.reviewable_q(user)).values("pk")
    entries = Proposal.objects.filter(call=OuterRef("pk"), status__in=permissions.ENTRY_STATUSES)
    mine = Review.objects.filter(
        proposal__call=OuterRef("pk"), reviewer=user, proposal__status__in=permissions.ENTRY_STATUSES
    ).filter(proposal__in=reviewable)
    calls = list(
        Call.objects.filter(pk__in=seats, stored_phase=CallPhase.SCREENING)
        .select_related("screening")
        .only("id", "title", "code", "stored_phase", "opens_at", "closes_at", "screening__deadline")
        .annotate(
            entry_count=_count(entries.filter(pk__in=reviewable), "call"),
            scored_count=_count(mine.filter(abstained=False), "reviewer"),
            abstained_count=_count(mine.filter(abstained=True), "reviewer"),
        )
        .order_by("screening__deadline", "pk")
    )
    now = now or timezone.now()
    for call in calls:
        call.done_count = call.scored_count + call.abstained_count
        call.left_count = max(call.entry_count - call.done_count, 0)
        call.days_left = days_left(call.screening.deadline, now=now)
    return calls


def unit_screenings(calls: list[Call]) -> dict[int, Screening]:
    """The screenings of these calls by call pk, each with ``review_count`` (reviews filed,
    abstentions included) and ``feedback_released_at`` (the messages to the proposers). One
    query."""
    reviews = Review.objects.filter(screening=OuterRef("pk"))
    screenings = (
        Screening.objects.filter(call__in=[call.pk for call in calls])
        .only("id", "call_id", "deadline", "opened_at", "decided_at")
        .annotate(review_count=_count(reviews, "screening"), feedback_released_at=F("feedback_set__released_at"))
    )
    return {screening.call_id: screening for screening in screenings}
