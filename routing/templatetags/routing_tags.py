"""Row helpers for routing tables: one tag where an include per badge cost ~120 us a row."""

from django import template
from django.utils.html import format_html
from django.utils.translation import get_language, pgettext

from core.templatetags import badge

from ..enums import STATUS_TONES, RoutingStatus

register = template.Library()

# (language, status, overdue) → badge HTML. Only translated enum labels: the same for everyone.
_status_badges: dict[tuple[str | None, str, bool], str] = {}


@register.simple_tag
def routing_status_badges(routing) -> str:
    """The routing's status badge, followed by an "Overdue" badge while its answer is late.

    The markup of ``includes/status_badge.html`` with ``routing.get_status_display`` and
    ``routing.status_tone`` (danger while overdue), plus the danger badge for an overdue routing.
    """
    overdue = routing.is_overdue
    key = (get_language(), routing.status, overdue)
    html = _status_badges.get(key)
    if html is None:
        label = RoutingStatus(routing.status).label
        if overdue:
            html = format_html(
                "{} {}", badge(label, "danger"), badge(pgettext("routing", "Overdue"), "danger")
            )
        else:
            html = badge(label, STATUS_TONES[routing.status])
        _status_badges[key] = html
    return html
