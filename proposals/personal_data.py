"""What the proposals app holds about a person for the idea bank (core.personal_data): each
consent they gave or withdrew, with its history. One query."""

from django.utils.translation import gettext_lazy as _

from core.personal_data import register_personal_data

from .models import IdeaBankConsent


def idea_bank_consents_of(user) -> list[dict]:
    """Every change of the person's own consents (the history rows they are the subject of),
    oldest first; the current answer is the last one per proposal."""
    rows = IdeaBankConsent.history.filter(user_id=user.pk).values(
        "proposal_id", "proposal__title", "agreed", "changed_at", "history_date", "history_type"
    )
    return [
        {
            "proposal_id": r["proposal_id"],
            "proposal": r["proposal__title"],
            "agreed": r["agreed"],
            "changed_at": r["changed_at"].isoformat() if r["changed_at"] else None,
            "recorded_at": r["history_date"].isoformat(),
            "change": {"+": "created", "~": "changed", "-": "deleted"}[r["history_type"]],
        }
        for r in rows.order_by("history_date", "history_id")
    ]


def register() -> None:
    register_personal_data(
        order=25,
        slug="idea_bank_consents",
        title=_("consents to the idea bank"),
        func=idea_bank_consents_of,
    )
