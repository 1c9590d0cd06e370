from django import template

register = template.Library()

TONES = {
    # lab phases
    "recruiting": "info",
    "running": "success",
    "paused": "warning",
    "closing": "info",
    "closed": "neutral",
    # decisions
    "pending": "info",
    "awaiting_approval": "info",
    "adopted": "success",
    "declined": "neutral",
    "rejected": "neutral",
    "void": "neutral",
}


@register.filter
def tone(status: str) -> str:
    """Badge tone for a lab phase or decision status. Outcomes are all shown neutrally: a lab
    that did not achieve its aim but learned is a legitimate result, not a failure state."""
    return TONES.get(str(status), "neutral")
