"""Helpers every endpoint module shares: absolute links and a call's public row."""

from django.conf import settings
from django.utils import timezone

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


def link(path: str) -> str:
    """An absolute address in the portal, from ``PORTAL_BASE_URL`` (never the Host header)."""
    return settings.PORTAL_BASE_URL.rstrip("/") + path


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
        "url": link(call.get_absolute_url()),
    }
