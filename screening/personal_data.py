"""What the screening app holds about a person, for their "my data" download
(``core.personal_data``): board seats, the entries assigned to them, the reviews they wrote
(the entry's title and their own scores and comment) and the conflicts of interest they
declared.

Blind review: nothing here names a proposer or tells their department. An entry is its title
and reference; a conflict found by department match (the unit's finding, which tells the
proposer's department) is left out, only the conflicts the member declared are listed."""

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _

from core.personal_data import iso, register_personal_data
from proposals.models import CallUserObjectPermission

from .enums import ConflictSource
from .models import Assignment, Conflict, OutsideEvaluator, Review, Score
from .permissions import BOARD_CODENAME


def _entry(proposal) -> dict:
    return {"call": proposal.call.title, "entry": proposal.title, "entry_reference": proposal.reference or None}


def reviews_of(user) -> list[dict]:
    """Reviews the person wrote: per entry their scores by criterion, comment or abstention
    (2 queries)."""
    scores = Prefetch("scores", queryset=Score.objects.select_related("criterion").order_by("criterion__position"))
    reviews = (
        Review.objects.filter(reviewer=user)
        .select_related("proposal__call")
        .prefetch_related(scores)
        .order_by("created_at", "pk")
    )
    return [
        {
            **_entry(review.proposal),
            "abstained": review.abstained,
            "abstain_reason": review.abstain_reason or None,
            "scores": {score.criterion.name: score.value for score in review.scores.all()},
            "comment": review.comment or None,
            "created_at": iso(review.created_at),
            "updated_at": iso(review.updated_at),
        }
        for review in reviews
    ]


def seats_of(user) -> list[dict]:
    """The calls on whose screening board the person sits (1 query)."""
    seats = (
        CallUserObjectPermission.objects.filter(user=user, permission__codename=BOARD_CODENAME)
        .select_related("content_object")
        .order_by("content_object__closes_at", "pk")
    )
    return [{"call": seat.content_object.title} for seat in seats]


def assignments_of(user) -> list[dict]:
    """The entries assigned to the person to review (1 query)."""
    rows = Assignment.objects.filter(member=user).select_related("proposal__call").order_by("created_at", "pk")
    return [{**_entry(a.proposal), "assigned_at": iso(a.created_at)} for a in rows]


def conflicts_of(user) -> list[dict]:
    """Conflicts of interest the person declared (1 query)."""
    rows = (
        Conflict.objects.filter(member=user, source=ConflictSource.DECLARED)
        .select_related("proposal__call")
        .order_by("created_at", "pk")
    )
    return [{**_entry(c.proposal), "reason": c.reason, "declared_at": iso(c.created_at)} for c in rows]


def outside_evaluator_of(user) -> list[dict]:
    """The affiliation kept for a board member from outside the office (1 query)."""
    return [
        {"affiliation": row.affiliation, "registered_at": iso(row.created_at)}
        for row in OutsideEvaluator.objects.filter(user=user)
    ]


def register() -> None:
    for order, slug, title, func, covers in (
        (20, "board_seats", _("Screening boards you sit on"), seats_of, ("proposals.CallUserObjectPermission.user",)),
        (21, "board_assignments", _("Entries assigned to you to review"), assignments_of, ("screening.Assignment.member",)),
        (22, "reviews", _("Reviews you wrote"), reviews_of, ("screening.Review.reviewer",)),
        (23, "conflicts_declared", _("Conflicts of interest you declared"), conflicts_of, ("screening.Conflict.member",)),
        (24, "outside_evaluator", _("Outside evaluator"), outside_evaluator_of, ("screening.OutsideEvaluator.user",)),
    ):
        register_personal_data(order=order, slug=slug, title=title, func=func, covers=covers)
