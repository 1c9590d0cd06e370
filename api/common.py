"""Helpers every endpoint module shares: absolute links and a call's public row."""

from django.utils import timezone

from core.links import portal_url
from proposals.models import Call

from .schemas import ErrorOut

# The error answers every endpoint may give (400 token in the address or bad parameters, 401
# bad token, 429 rate limit).
ERRORS = {400: ErrorOut, 401: ErrorOut, 429: ErrorOut}
CALL_FIELDS = (
    "id",
    "code",
    "title",
    "opens_at",
    "closes_at",
    "results_expected_on",
    "stored_phase",
)


def call_row(call: Call) -> dict:
    """What the API says of a call everywhere (``CallOut``)."""
    phase = call.phase
    return {
        "id": call.pk,
        "code": call.code,
        "title": call.title,
        "year": timezone.localtime(call.opens_at).year,
        "opens_at": call.opens_at,
        "closes_at": call.closes_at,
        "results_expected_on": call.results_expected_on,
        "phase": phase.value,
        "phase_label": str(phase.label),
        "url": portal_url(call.get_absolute_url()),
    }
