"""Reads for the screening: query shapes with a fixed number of queries, and the aggregate.

The aggregate (``aggregate_entry``) is plain arithmetic over reviews already loaded:
- a review's total is the weighted mean of its criterion scores (Σ wᵢ·sᵢ / Σ wᵢ);
- an entry's score is the mean of the totals of its non-abstaining reviews;
- the per-criterion mean likewise ignores abstentions;
- the spread is the population standard deviation of the review totals, flagged as
  disagreement from a quarter of the scale's range (1.0 on a 1–5 scale) with 2+ reviews.
"""

import statistics
from dataclasses import dataclass, field

from django.db.models import Prefetch, QuerySet

from accounts.models import User
from proposals.enums import ProposalStatus
from proposals.models import Call, Proposal

from . import permissions
from .enums import ReviewState
from .models import Criterion, Review, Screening

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


def aggregate_entry(
    proposal: Proposal, reviews: list[Review], criteria: list[Criterion], scale_max: int
) -> EntryResult:
    weights = {c.pk: c.weight for c in criteria}
    totals = [t for t in (review_total(r, weights) for r in reviews) if t is not None]
    result = EntryResult(
        proposal=proposal,
        reviews=reviews,
        review_count=len(totals),
        abstentions=sum(1 for r in reviews if r.abstained),
    )
    by_criterion: dict[int, list[int]] = {c.pk: [] for c in criteria}
    for review in reviews:
        if not review.abstained:
            for score in review.scores.all():
                by_criterion.setdefault(score.criterion_id, []).append(score.value)
    result.criterion_means = [
        statistics.fmean(by_criterion[c.pk]) if by_criterion[c.pk] else None for c in criteria
    ]
    if totals:
        result.weighted_mean = statistics.fmean(totals)
        result.spread = statistics.pstdev(totals)
        result.disagreement = (
            len(totals) > 1 and result.spread >= DISAGREEMENT_SHARE * (scale_max - 1)
        )
    return result


def rank_results(results: list[EntryResult]) -> list[EntryResult]:
    """Best first; unscored entries last. Equal scores share a rank (1, 2, 2, 4)."""
    ordered = sorted(
        results,
        key=lambda r: (
            r.weighted_mean is None,
            -round(r.weighted_mean or 0, 6),
            -r.review_count,
            r.proposal.reference,
        ),
    )
    previous = None
    for position, result in enumerate(ordered, start=1):
        key = None if result.weighted_mean is None else round(result.weighted_mean, 6)
        if previous is not None and key == previous[0]:
            result.rank = previous[1]
        else:
            result.rank = position
        previous = (key, result.rank)
    return ordered


def screening_criteria(screening: Screening) -> list[Criterion]:
    return list(screening.criteria.all())


def ranking(*, screening: Screening) -> list[EntryResult]:
    """Every entry of the call with its aggregate, ranked. Four queries whatever the size."""
    criteria = screening_criteria(screening)
    proposals = list(
        permissions.entries(screening.call).select_related(
            "proposer__department", "owning_department"
        )
    )
    reviews = (
        Review.objects.filter(screening=screening, proposal__in=[p.pk for p in proposals])
        .select_related("reviewer__department")
        .prefetch_related("scores")
        .order_by("reviewer__full_name", "reviewer_id")
    )
    by_id = {p.pk: p for p in proposals}
    per_proposal: dict[int, list[Review]] = {p.pk: [] for p in proposals}
    for review in reviews:
        review.proposal = by_id[review.proposal_id]
        per_proposal[review.proposal_id].append(review)
    results = [
        aggregate_entry(p, per_proposal[p.pk], criteria, screening.scale_max) for p in proposals
    ]
    return rank_results(results)


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


def review_state(review: Review | None) -> ReviewState:
    if review is None:
        return ReviewState.TODO
    return ReviewState.ABSTAINED if review.abstained else ReviewState.SCORED


@dataclass
class WorkspaceEntry:
    proposal: Proposal
    review: Review | None
    state: ReviewState


def workspace_entries(*, call: Call, user: User) -> list[WorkspaceEntry]:
    """The entries this board member may score, in reference order, with their own review.

    Two queries (entries, the member's reviews with scores come in a third).
    """
    proposals = (
        permissions.entries_for_board_member(user, call)
        .only("pk", "call_id", "title", "reference", "status", "keywords")
        .prefetch_related(
            Prefetch(
                "reviews",
                queryset=Review.objects.filter(reviewer=user).prefetch_related("scores"),
                to_attr="my_reviews",
            )
        )
        .order_by("reference", "pk")
    )
    rows = []
    for proposal in proposals:
        review = proposal.my_reviews[0] if proposal.my_reviews else None
        rows.append(WorkspaceEntry(proposal=proposal, review=review, state=review_state(review)))
    return rows


def board_member_reviews(*, screening: Screening, user: User) -> QuerySet[Review]:
    """The member's own reviews (for their export), without conflicted entries."""
    return (
        Review.objects.filter(screening=screening, reviewer=user)
        .exclude(proposal__in=Proposal.objects.filter(permissions.conflict_q(user)).values("pk"))
        .select_related("proposal")
        .prefetch_related("scores")
        .order_by("proposal__reference")
    )


def other_reviews(*, proposal: Proposal, user: User) -> list[Review]:
    return list(
        Review.objects.filter(proposal=proposal)
        .exclude(reviewer=user)
        .select_related("reviewer")
        .prefetch_related("scores")
        .order_by("reviewer__full_name", "reviewer_id")
    )


def screenings_for(user: User) -> QuerySet[Screening]:
    """The screenings listed on the index: all for the innovation unit, the member's own else."""
    qs = Screening.objects.select_related("call").order_by("-call__closes_at")
    if permissions.can_manage_screening(user):
        return qs
    return qs.filter(call__in=permissions.board_calls(user), opened_at__isnull=False)


def selected_proposals(call: Call) -> QuerySet[Proposal]:
    """The proposals the screening selected (ready to form a lab)."""
    return Proposal.objects.filter(call=call, status=ProposalStatus.SELECTED)


def not_selected_proposals(call: Call) -> QuerySet[Proposal]:
    """The entries not selected: the practical-effect review queue of the routing app."""
    return Proposal.objects.filter(call=call, status=ProposalStatus.NOT_SELECTED)
