"""Cursor pagination for every list of the API (django-ninja's ``CursorPagination``).

A page is ``{"next": url|null, "previous": url|null, "results": [...]}``; ``page_size`` (1 to
``MAX_PAGE_SIZE``) and the opaque ``cursor`` from ``next``/``previous`` are the only
parameters. ``shape`` turns a page of rows into what the endpoint answers, in a fixed number of
queries for the page (e.g. the outcomes of a page of calls). ``ListCursorPagination`` pages a
list already built in memory (the tasks), keyed by each item's ``key``.

``next`` and ``previous`` are on ``PORTAL_BASE_URL`` (``core.links.portal_url``): only the
request's path and query string are kept, never its Host header."""

from typing import Any
from urllib.parse import urlsplit, urlunsplit

from ninja.pagination import CursorPagination

from core.links import portal_url

PAGE_SIZE = 20
MAX_PAGE_SIZE = 100


class ApiCursorPagination(CursorPagination):
    def __init__(self, *, shape=None, page_size: int = PAGE_SIZE, **kwargs: Any) -> None:
        self.shape = shape
        super().__init__(page_size=page_size, max_page_size=MAX_PAGE_SIZE, **kwargs)

    def paginate_queryset(self, queryset, pagination, request, **params):
        page = super().paginate_queryset(queryset, pagination, request, **params)
        if self.shape is not None:
            page["results"] = self.shape(page["results"])
        return page

    @staticmethod
    def _add_cursor_to_URL(url, cursor):  # noqa: N802 (django-ninja's name)
        """The page at ``cursor`` (other parameters kept) on the portal's address: django-ninja
        hands over ``request.build_absolute_uri()``, whose host the client chose."""
        link = CursorPagination._add_cursor_to_URL(url, cursor)
        if link is None:
            return None
        _scheme, _host, path, query, _fragment = urlsplit(link)
        return portal_url(urlunsplit(("", "", path, query, "")))


class ListCursorPagination(ApiCursorPagination):
    """Keyset over ``item.key`` (unique, sortable strings)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(ordering=("key",), **kwargs)

    def paginate_queryset(self, queryset, pagination, request, **params):
        size = self._get_page_size(pagination.page_size)
        cursor = self.Cursor.from_encoded_param(pagination.cursor)
        items = sorted(queryset, key=lambda item: item.key)
        if cursor.p is None:
            before, after = [], items
        else:
            before = [item for item in items if item.key < cursor.p]
            after = [item for item in items if item.key > cursor.p]
        if cursor.r:
            results = before[-size:] if before else []
            has_previous, has_next = len(before) > size, True
        else:
            results = after[:size]
            has_previous, has_next = bool(before) or cursor.p is not None, len(after) > size
        next_cursor = self.Cursor(p=results[-1].key) if results and has_next else None
        previous_cursor = (
            self.Cursor(p=results[0].key, r=True) if results and has_previous else None
        )
        url = request.get_full_path()
        return {
            "next": self._add_cursor_to_URL(url, next_cursor),
            "previous": self._add_cursor_to_URL(url, previous_cursor),
            "results": self.shape(results) if self.shape else results,
        }
