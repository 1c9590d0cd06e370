"""Fast template helpers for rows of lists, available in every template (a builtin library).

Django's ``date`` filter, ``{% include %}`` and ``reverse()`` each cost tens of microseconds;
in a 50-row list that is several of them per row, and it dominated the time of our list pages
(docs/performance.md). These do the same for the cases rows need, in a few microseconds:

- ``{{ value|local_datetime }}`` / ``{{ value|local_date }}``: "2026-11-28 09:30" / "2026-11-28"
  in the portal's time zone (the formats every list already used); ``{{ value|iso }}`` for a
  ``<time datetime>`` attribute. ``None`` gives "".
- ``{% badge label tone %}``: the KRDS badge of ``includes/status_badge.html``.
- ``{% cached_form form %}``: ``{{ form }}`` for filter forms, kept in the cache under a digest
  of everything its HTML depends on (see the tag).
- ``{% pk_url "app:name" pk %}``: ``reverse(name, kwargs={"pk": pk})``, and
  ``{% fast_url "app:name" pk=… entry_pk=… %}`` for any URL whose arguments are integers, from a
  pattern reversed once per name and script prefix.
"""

import hashlib
from datetime import date, datetime

from django import template
from django.core.cache import cache
from django.urls import get_script_prefix, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

register = template.Library()

BADGE_CLASSES = {
    "info": "bg-light-information",
    "success": "bg-light-success",
    "warning": "bg-light-warning",
    "danger": "bg-light-danger",
}
_MARKER = 987654321000
_url_patterns: dict[tuple, tuple] = {}


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


def fast_url(name: str, **kwargs) -> str:
    """``reverse(name, kwargs=kwargs)`` for URLs whose arguments are all integers, from a
    pattern reversed once per name, argument names and script prefix (each argument is
    reversed as a distinct marker number, then found in the URL)."""
    names = tuple(sorted(kwargs))
    key = (name, names, get_script_prefix())
    pattern = _url_patterns.get(key)
    if pattern is None:
        markers = {arg: _MARKER + i for i, arg in enumerate(names)}
        url = reverse(name, kwargs=markers)
        order = sorted(names, key=lambda arg: url.find(str(markers[arg])))
        pieces, rest = [], url
        for arg in order:
            head, found, rest = rest.partition(str(markers[arg]))
            if not found:  # a converter changed the number: reverse every time
                return reverse(name, kwargs=kwargs)
            pieces.append(head)
        pattern = _url_patterns[key] = (tuple(pieces), rest, tuple(order))
    pieces, tail, order = pattern
    return "".join(f"{piece}{int(kwargs[arg])}" for piece, arg in zip(pieces, order, strict=True)) + tail


def pk_url(name: str, pk) -> str:
    """``reverse(name, kwargs={"pk": pk})``: see :func:`fast_url`."""
    return fast_url(name, pk=pk)


register.simple_tag(fast_url, name="fast_url")
register.simple_tag(pk_url, name="pk_url")


@register.simple_tag
def cached_form(form, seconds: int = 600) -> str:
    """``{{ form }}``, rendered once per distinct form and kept in the cache.

    A form's HTML depends on its class, prefix, the language, each field's value, widget
    attributes and choices, and its errors; the key is a digest of exactly those, so two
    people get the same HTML only when it would have been the same anyway (a choice list
    narrowed to one person's departments gives another key). Computing the key still reads
    the choices (their query runs); what it saves is the rendering, most of a filter form's
    cost. Forms that carry a CSRF token or other per-request markup must not use it.
    """
    digest = hashlib.sha256()
    cls = type(form)
    head = [cls.__module__, cls.__qualname__, form.prefix, form.auto_id, get_language()]
    digest.update(repr(head).encode())
    for name, field in form.fields.items():
        bound = form[name]
        parts = [name, bound.value(), field.label, field.help_text, field.required, field.widget.attrs]
        if hasattr(field, "choices"):
            parts.append([(str(value), str(label)) for value, label in field.choices])
        digest.update(repr(parts).encode())
    if form.is_bound:
        digest.update(repr(sorted((k, [str(e) for e in v]) for k, v in form.errors.items())).encode())
    key = f"glab:form:{digest.hexdigest()}"
    html = cache.get(key)
    if html is None:
        html = str(form)
        cache.set(key, html, seconds)
    return mark_safe(html)  # noqa: S308 - the form's own rendering, cached as it was
