"""Template helpers every template has (a builtin library): one way to show a date and a status.

- ``{{ value|local_datetime }}`` / ``{{ value|local_date }}``: "2026-11-28 09:30" / "2026-11-28"
  in the portal's time zone, the format every page uses; ``{{ value|iso }}`` for a
  ``<time datetime>`` attribute. ``None`` gives "".
- ``{% badge label tone %}``: the KRDS badge for a status.
- ``{% error_summary form %}``: the box at the top of a form that failed, one link per field
  error to its field (the error-summary pattern of KRDS's 오류 안내 and of GOV.UK), the form's
  own errors as text. Every ``{{ form }}`` shows it (templates/django/forms/div.html); a page
  that lays out its fields one by one puts it at the top of its form.
- ``{% table_scroll %}<table>…</table>{% endtable_scroll %}``: every data table's wrapper. It
  scrolls sideways instead of widening the page, can be scrolled by keyboard (a focusable
  region named after the table's ``<caption>``), shows shadows at an edge with more columns
  behind it and, where it overflows, the cue "옆으로 밀어 더 보기" (static/css/portal.css and
  static/js/portal.js).

URLs and forms use Django's own ``{% url %}`` and ``{{ form }}``.
"""

import re
from datetime import date, datetime
from html import unescape

from django import template
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

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


@register.inclusion_tag("includes/error_summary.html")
def error_summary(form) -> dict:
    """The error summary's items: ``(anchor, label, message)`` for each field error (anchor:
    the id of the field's first input), then ``("", "", message)`` for the form's own errors
    and those of hidden fields, which have no place to link to."""
    items = []
    if form is None or not form.errors:
        return {"items": items}
    for name, errors in form.errors.items():
        if name == "__all__" or name not in form.fields or form[name].is_hidden:
            continue
        field = form[name]
        anchor = field.id_for_label or field.auto_id or ""
        items.extend((anchor, field.label, message) for message in errors)
    own = [(name, message) for name, errors in form.errors.items() for message in errors
           if name == "__all__" or name not in form.fields or form[name].is_hidden]
    items.extend(("", "", message) for _name, message in own)
    return {"items": items}


@register.simple_tag
def badge(label, tone="neutral") -> str:
    return format_html('<span class="krds-badge {}">{}</span>', BADGE_CLASSES.get(tone, "bg-light-gray"), label)


CAPTION = re.compile(r"<caption\b[^>]*>(.*?)</caption>", re.IGNORECASE | re.DOTALL)
TAG = re.compile(r"<[^>]+>")


def caption_text(html: str) -> str:
    """The plain text of the first ``<caption>`` in ``html`` ("" when there is none)."""
    match = CAPTION.search(html)
    return " ".join(unescape(TAG.sub(" ", match.group(1))).split()) if match else ""


class TableScrollNode(template.Node):
    def __init__(self, nodelist):
        self.nodelist = nodelist

    def render(self, context):
        table = self.nodelist.render(context)
        return format_html(
            '<div class="portal-table"><p class="portal-table-hint" aria-hidden="true">{}</p>'
            '<div class="krds-table-wrap" tabindex="0" role="region" aria-label="{}">{}</div></div>',
            gettext("Slide sideways to see more"),
            caption_text(table) or gettext("Table"),
            mark_safe(table),  # noqa: S308 - the rendered template output, escaped by its own tags
        )


@register.tag
def table_scroll(parser, _token):
    nodelist = parser.parse(("endtable_scroll",))
    parser.delete_first_token()
    return TableScrollNode(nodelist)
