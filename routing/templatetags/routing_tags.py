"""Routing table helpers."""

from django import template
from django.utils.html import format_html
from django.utils.translation import pgettext

from core.templatetags import badge

from ..enums import STATUS_TONES, RoutingStatus

register = template.Library()


@register.simple_tag
def routing_status_badges(routing) -> str:
    """The routing's status badge (``{% badge %}`` with ``get_status_display`` and
    ``status_tone``, danger while overdue), followed by an "Overdue" badge while its answer is late."""
    status = badge(routing.get_status_display(), routing.status_tone)
    if routing.is_overdue:
        return format_html("{} {}", status, badge(pgettext("routing", "Overdue"), "danger"))
    return status


@register.simple_tag
def answer_status_badge(status: str) -> str:
    """The badge of a department answer's status given as its code (the idea bank's list
    reads the lead routing's status as a column, not as a routing). The bank shows a re-route
    request, which is between the department and the unit, as still awaiting an answer."""
    if not status:
        return ""
    value = RoutingStatus(status)
    if value == RoutingStatus.REROUTE_REQUESTED:
        value = RoutingStatus.AWAITING
    return badge(value.label, STATUS_TONES[value])
