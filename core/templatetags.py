"""Template helpers every template has (a builtin library): one way to show a date and a status.

- ``{{ value|local_datetime }}`` / ``{{ value|local_date }}``: "2026-11-28 09:30" / "2026-11-28"
  in the portal's time zone, the format every page uses; ``{{ value|iso }}`` for a
  ``<time datetime>`` attribute. ``None`` gives "".
- ``{% badge label tone %}``: the KRDS badge for a status.

URLs and forms use Django's own ``{% url %}`` and ``{{ form }}``.
"""

from datetime import date, datetime

from django import template
from django.utils import timezone
from django.utils.html import format_html

register = template.Library()

BADGE_CLASSES = {
    "info": "bg-light-information",
    "success": "bg-light-success",
    "warning": "bg-light-warning",
    "danger": "bg-light-danger",
}


def _local(value):
    if isinstance(value, datetime) and timezone.is_aware(value):
        return timezone.localtime(value)
    return value


@register.filter(expects_localtime=False)
def local_datetime(value) -> str:
    if not value:
        return ""
    return _local(value).strftime("%Y-%m-%d %H:%M")


@register.filter(expects_localtime=False)
def local_date(value) -> str:
    if not value:
        return ""
    if isinstance(value, datetime):
        value = _local(value).date()
    return value.strftime("%Y-%m-%d") if isinstance(value, date) else str(value)


@register.filter(expects_localtime=False)
def iso(value) -> str:
    if not value:
        return ""
    return _local(value).isoformat()


@register.simple_tag
def badge(label, tone="neutral") -> str:
    return format_html('<span class="krds-badge {}">{}</span>', BADGE_CLASSES.get(tone, "bg-light-gray"), label)
