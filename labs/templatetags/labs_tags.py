from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from core.templatetags import fast_url

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


@register.simple_tag
def lab_item_url(name: str, pk, **item) -> str:
    """``{% lab_item_url "labs:entry-update" lab.pk entry_pk=entry.pk %}``: the URL of one item
    of a lab, as ``{% url %}`` gives it, without ``reverse()`` per row (``fast_url``)."""
    return fast_url(name, pk=pk, **item)


@register.filter
def entry_byline(author_name) -> str:
    """"entry by <name>" under a log entry's date: ``{% blocktranslate %}entry by {{ name }}``
    (the same message) without the tag's ~50 us a row. The name is escaped, the message not."""
    return mark_safe(gettext("entry by %(name)s") % {"name": conditional_escape(author_name)})  # noqa: S308
