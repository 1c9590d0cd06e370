"""Row helpers for the ranking and the workspace (50 rows a page: a few microseconds each
instead of an include, ``get_FOO_display``, ``floatformat`` or ``{% url %}`` per row)."""

from functools import lru_cache

from django import template
from django.template.defaultfilters import floatformat
from django.urls import get_script_prefix, reverse
from django.utils.translation import get_language

from core.templatetags import badge
from proposals.enums import ProposalStatus

from ..enums import ReviewState

register = template.Library()

OUTCOME_TONES = {ProposalStatus.SELECTED: "success", ProposalStatus.NOT_SELECTED: "neutral"}
REVIEW_STATE_TONES = {ReviewState.SCORED: "success", ReviewState.ABSTAINED: "neutral"}
_CALL_MARKER = 987654321987
_PK_MARKER = 987654321989
_entry_url_patterns: dict[str, tuple[str, str, str]] = {}


@lru_cache(maxsize=4096)
def _two_places(value, kind: type, language: str | None) -> str:
    # ``kind`` is only part of the key: equal values of other types (4 and 4.0) stay apart.
    return floatformat(value, 2)


@register.filter
def score(value) -> str:
    """``{{ value|floatformat:2 }}``, or "-" for ``None``. A page shows the same few hundred
    scores on every request, so each is formatted once per language (``floatformat`` costs
    tens of microseconds)."""
    if value is None:
        return "-"
    return _two_places(value, type(value), get_language())


@register.simple_tag
def outcome_badge(status: str) -> str:
    """The badge of a decided entry (selected or not), "-" before the decision."""
    tone = OUTCOME_TONES.get(status)
    if tone is None:
        return "-"
    return badge(ProposalStatus(status).label, tone)


@register.simple_tag
def review_state_badge(state: str) -> str:
    """The badge of a board member's progress on an entry (three badges per language)."""
    return _review_state_badge(str(state), get_language())


@lru_cache(maxsize=64)
def _review_state_badge(state: str, language: str | None) -> str:
    return badge(ReviewState(state).label, REVIEW_STATE_TONES.get(state, "warning"))


@register.simple_tag
def entry_url(call_pk, pk) -> str:
    """``{% url "screening:entry" call_pk pk %}``, reversing the pattern once per script prefix."""
    prefix = get_script_prefix()
    parts = _entry_url_patterns.get(prefix)
    if parts is None:
        url = reverse("screening:entry", kwargs={"call_pk": _CALL_MARKER, "pk": _PK_MARKER})
        head, _, rest = url.partition(str(_CALL_MARKER))
        middle, _, tail = rest.partition(str(_PK_MARKER))
        parts = _entry_url_patterns[prefix] = (head, middle, tail)
    return f"{parts[0]}{int(call_pk)}{parts[1]}{int(pk)}{parts[2]}"
