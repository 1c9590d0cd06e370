"""What the routing app holds about a person in the idea bank (core.personal_data): their
supports, comments and follows. One query per section; the idea is named by its title only."""

from django.utils.translation import gettext_lazy as _

from core.personal_data import register_personal_data

from .models import IdeaComment, IdeaFollow, IdeaSupport


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def supports_of(user) -> list[dict]:
    rows = IdeaSupport.objects.filter(user=user).values(
        "proposal_id", "proposal__title", "created_at"
    )
    return [
        {
            "idea_id": r["proposal_id"],
            "idea": r["proposal__title"],
            "supported_at": _iso(r["created_at"]),
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
            "written_at": _iso(r["created_at"]),
            "hidden_at": _iso(r["hidden_at"]),
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
            "followed_at": _iso(r["created_at"]),
        }
        for r in rows.order_by("created_at", "pk")
    ]


def register() -> None:
    register_personal_data(
        order=60, slug="idea_supports", title=_("supports of ideas"), func=supports_of
    )
    register_personal_data(
        order=61, slug="idea_comments", title=_("comments on ideas"), func=comments_of
    )
    register_personal_data(
        order=62, slug="idea_follows", title=_("ideas followed"), func=follows_of
    )
