"""A page's body rendered once and kept in the cache, for the viewer it was rendered for.

The detail pages spend most of their time reading what they show (a proposal with its
co-proposers, attachments and the other apps' panels) and rendering it. When none of it has
changed since the same person last opened the page, ``cached_body`` returns the HTML from then
instead. What makes that safe is the key, which the caller builds with ``page_key``:

- it names the **viewer** (their id, and ``header_changed_at``, which moves whenever their groups
  or board seats change: ``accounts.header``), so one person's buttons, panels or permissions
  are never served to another;
- it carries a **stamp of the data** that changes whenever anything the body shows changes (for
  a proposal, its ``updated_at``, which its own saves move and, for the rows it shows from other
  tables, the receivers of ``proposals.panels.touch_proposal_on_change``, in the same
  transaction as the change), and whatever follows from the clock (the call's phase, today's
  date);
- the language.

Access is never decided from the cache: the view reads the object through the same
permission-filtered queryset on every request (a person who loses access gets 404 at once),
and every action checks again when it is posted.

The CSRF token is per browser session, so it is not kept in the HTML: the body is rendered with
a placeholder token, and each ``{% csrf_token %}`` input it produced is replaced with one holding
this request's token when served. The whole ``<input>`` tag is what is replaced, so text that
people typed (escaped by the template) can never be taken for it.
"""

import hashlib
from collections.abc import Callable, Iterable

from django.core.cache import cache
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

# Fixed, not random per process: with a shared cache backend (CACHES) the web processes share
# bodies.
CSRF_PLACEHOLDER = "glabcsrfplaceholder7f3c9a1e"
_CSRF_INPUT = '<input type="hidden" name="csrfmiddlewaretoken" value="{}">'


def page_key(prefix: str, user, stamp: Iterable) -> str:
    """The cache key of a page body: the viewer, ``stamp`` (the data's version and whatever the
    clock decides), the language and today's date, as a digest."""
    changed = user.header_changed_at.timestamp() if user.header_changed_at else 0
    parts = [user.pk, changed, user.is_superuser, get_language(), timezone.localdate().isoformat(), *stamp]
    return f"glab:page:{prefix}:{hashlib.sha256(repr(parts).encode()).hexdigest()}"


def cached_body(
    request, *, key: str, seconds: int, template_name: str, context: Callable[[], dict]
) -> SafeString:
    """``template_name`` rendered with ``context()`` (only called on a miss) and kept under
    ``key`` for ``seconds`` (0: no cache); the CSRF token filled in for this request."""
    html = cache.get(key) if seconds else None
    if html is None:
        html = render_to_string(template_name, {**context(), "csrf_token": CSRF_PLACEHOLDER}, request=request)
        if seconds:
            cache.set(key, html, seconds)
    placeholder = _CSRF_INPUT.format(CSRF_PLACEHOLDER)
    if placeholder in html:
        html = html.replace(placeholder, format_html(_CSRF_INPUT, get_token(request)))
    return mark_safe(html)  # noqa: S308 - rendered by the template engine (autoescaped) above
