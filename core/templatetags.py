"""Template helpers every template has (a builtin library): one way to show a date and a status.

- ``{{ value|local_datetime }}`` / ``{{ value|local_date }}``: "2026-11-28 09:30" / "2026-11-28"
  in the portal's time zone, the format every page uses; ``{{ value|iso }}`` for a
  ``<time datetime>`` attribute. ``None`` gives "".
- ``{% badge label tone %}``: the KRDS badge for a status.
- ``{% error_summary form %}``: the box at the top of a form that failed, one link per field
  error to its field (the error-summary pattern of KRDS's 오류 안내 and of GOV.UK), the form's
  own errors as text. Every ``{{ form }}`` shows it (templates/django/forms/div.html); a page
  that lays out its fields one by one puts it at the top of its form.

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
