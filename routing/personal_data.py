"""What the routing app holds about a person, for their "my data" download
(``core.personal_data``): what they wrote in a routing's history (a department's answers and
progress updates, a liaison's or the unit's steps) and the practical-effect reviews they
recorded."""

from django.utils.translation import gettext_lazy as _

from core.personal_data import iso, register_personal_data

from .models import IdeaComment, IdeaFollow, IdeaSupport, Review, RoutingEvent


def events_of(user) -> list[dict]:
    """Entries the person wrote in a routing's history (1 query)."""
    events = (
        RoutingEvent.objects.filter(by=user)
        .select_related("routing__proposal", "department")
        .order_by("created_at", "pk")
    )
    return [
        {
            "proposal": e.routing.proposal.title,
            "proposal_reference": e.routing.proposal.reference or None,
            "department": e.department.name if e.department_id else None,
            "kind": str(e.get_kind_display()),
            "status": str(e.get_status_display()),
            "text": e.text or None,
            "target_date": iso(e.target_date),
            "written_at": iso(e.created_at),
        }
        for e in events
    ]


def reviews_of(user) -> list[dict]:
    """Practical-effect reviews the person recorded (1 query)."""
    reviews = Review.objects.filter(reviewed_by=user).select_related("proposal").order_by("reviewed_at", "pk")
    return [
        {
            "proposal": r.proposal.title,
            "proposal_reference": r.proposal.reference or None,
            "verdict": str(r.get_verdict_display()),
            "note": r.note or None,
            "reason": r.reason or None,
            "reviewed_at": iso(r.reviewed_at),
        }
        for r in reviews
    ]


def supports_of(user) -> list[dict]:
    rows = IdeaSupport.objects.filter(user=user).values(
        "proposal_id", "proposal__title", "created_at"
    )
    return [
        {
            "idea_id": r["proposal_id"],
            "idea": r["proposal__title"],
            "supported_at": iso(r["created_at"]),
        }
        for r in rows.order_by("created_at", "pk")
    ]


def comments_of(user) -> list[dict]:
    rows = IdeaComment.objects.filter(author=user).values(
        "proposal_id", "proposal__title", "text", "created_at", "hidden_at", "hidden_reason"
    )
    return [
        {
            "idea_id": r["proposal_id"],
            "idea": r["proposal__title"],
            "text": r["text"],
            "written_at": iso(r["created_at"]),
            "hidden_at": iso(r["hidden_at"]),
            "hidden_reason": r["hidden_reason"],
        }
        for r in rows.order_by("created_at", "pk")
    ]


def follows_of(user) -> list[dict]:
    rows = IdeaFollow.objects.filter(user=user).values(
        "proposal_id", "proposal__title", "created_at"
    )
    return [
        {
            "idea_id": r["proposal_id"],
            "idea": r["proposal__title"],
            "followed_at": iso(r["created_at"]),
        }
        for r in rows.order_by("created_at", "pk")
    ]


def register() -> None:
    register_personal_data(
        order=30,
        slug="department_answers",
        title=_("Department answers and routing steps you wrote"),
        func=events_of,
        covers=("routing.RoutingEvent.by",),
    )
    register_personal_data(
        order=31,
        slug="effect_reviews",
        title=_("Practical-effect reviews you recorded"),
        func=reviews_of,
        covers=("routing.Review.reviewed_by",),
    )
    register_personal_data(
        order=32,
        slug="idea_supports",
        title=_("Ideas you supported"),
        func=supports_of,
        covers=("routing.IdeaSupport.user",),
    )
    register_personal_data(
        order=33,
        slug="idea_comments",
        title=_("Your comments on ideas"),
        func=comments_of,
        covers=("routing.IdeaComment.author",),
    )
    register_personal_data(
        order=34,
        slug="idea_follows",
        title=_("Ideas you follow"),
        func=follows_of,
        covers=("routing.IdeaFollow.user",),
    )
