"""Badges of the ranking and the workspace: each picks a label and a tone for ``{% badge %}``."""

from django import template

from core.templatetags import badge
from proposals.enums import ProposalStatus

from ..enums import ReviewState

register = template.Library()

OUTCOME_TONES = {ProposalStatus.SELECTED: "success", ProposalStatus.NOT_SELECTED: "neutral"}
REVIEW_STATE_TONES = {ReviewState.SCORED: "success", ReviewState.ABSTAINED: "neutral"}


@register.simple_tag
def outcome_badge(status: str) -> str:
    """The badge of a decided entry (selected or not), "-" before the decision."""
    tone = OUTCOME_TONES.get(status)
    if tone is None:
        return "-"
    return badge(ProposalStatus(status).label, tone)


@register.simple_tag
def review_state_badge(state: str) -> str:
    """The badge of a board member's progress on an entry."""
    return badge(ReviewState(state).label, REVIEW_STATE_TONES.get(state, "warning"))
