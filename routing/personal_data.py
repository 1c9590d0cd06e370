"""What the routing app holds about a person, for their "my data" download
(``core.personal_data``): what they wrote in a routing's history (a department's answers and
progress updates, a liaison's or the unit's steps) and the practical-effect reviews they
recorded."""

from django.utils.translation import gettext_lazy as _

from core.personal_data import iso, register_personal_data

from .models import Review, RoutingEvent


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
