"""A paginator that never counts: each page fetches ``per_page + 1`` rows, the extra row only
telling whether there is a next page.

Django's ``Paginator`` runs ``COUNT(*)`` over the whole filtered queryset for every page and
``includes/pagination.html`` loops over every page number, so a list's first view grows with
its table. ``WindowPaginator`` costs one query of at most ``per_page + 1`` rows however large
the table is; the page offers Previous and Next only (``includes/pager.html``). Pages are
numbered as Django's (``?page=2``), so links and ``ListView`` work unchanged: set
``paginator_class = WindowPaginator`` on the view.
"""

from collections.abc import Sequence

from django.core.paginator import EmptyPage, PageNotAnInteger
from django.http import HttpRequest, QueryDict
from django.utils.translation import gettext_lazy as _


class WindowPage(Sequence):
    """One page: its rows and whether a page follows (the API of Django's ``Page`` that a
    Previous/Next pager needs)."""

    def __init__(
        self, object_list: list, number: int, paginator: "WindowPaginator", has_next: bool
    ):
        self.object_list = object_list
        self.number = number
        self.paginator = paginator
        self._has_next = has_next
        # Set by ``window_page`` for a list whose page parameter is not "page".
        self.previous_query: QueryDict | None = None
        self.next_query: QueryDict | None = None

    def __repr__(self) -> str:
        return f"<Page {self.number} (window)>"

    def __len__(self) -> int:
        return len(self.object_list)

    def __getitem__(self, index):
        return self.object_list[index]

    def has_next(self) -> bool:
        return self._has_next

    def has_previous(self) -> bool:
        return self.number > 1

    def has_other_pages(self) -> bool:
        return self.has_next() or self.has_previous()

    def next_page_number(self) -> int:
        if not self._has_next:
            raise EmptyPage(_("That page contains no results"))
        return self.number + 1

    def previous_page_number(self) -> int:
        if self.number <= 1:
            raise EmptyPage(_("That page number is less than 1"))
        return self.number - 1

    def start_index(self) -> int:
        """The 1-based position of the page's first row (0 on an empty page)."""
        return (self.number - 1) * self.paginator.per_page + 1 if self.object_list else 0


MAX_OFFSET = 10**9


class WindowPaginator:
    """``Paginator``'s constructor and ``page()``, without ``count`` or ``num_pages``.

    A page past the end raises ``EmptyPage`` (a 404 in ``ListView``), except the first page,
    which may be empty. ``num_pages`` is ``None``: the number of pages is never known, so
    ``?page=last`` is refused as not a number.
    """

    num_pages = None

    def __init__(self, object_list, per_page, orphans=0, allow_empty_first_page=True):
        self.object_list = object_list
        self.per_page = int(per_page)
        self.orphans = orphans  # accepted for ListView; a window has no last page to merge into
        self.allow_empty_first_page = allow_empty_first_page

    def validate_number(self, number) -> int:
        try:
            if isinstance(number, float) and not number.is_integer():
                raise ValueError
            number = int(number)
        except (TypeError, ValueError) as error:
            raise PageNotAnInteger(_("That page number is not an integer")) from error
        if number < 1:
            raise EmptyPage(_("That page number is less than 1"))
        if (number - 1) * self.per_page > MAX_OFFSET:  # past any real list, and past SQL's bigint
            raise EmptyPage(_("That page contains no results"))
        return number

    def page(self, number) -> WindowPage:
        number = self.validate_number(number)
        offset = (number - 1) * self.per_page
        rows = list(self.object_list[offset : offset + self.per_page + 1])
        if not rows and (number > 1 or not self.allow_empty_first_page):
            raise EmptyPage(_("That page contains no results"))
        return WindowPage(rows[: self.per_page], number, self, len(rows) > self.per_page)

    def get_page(self, number) -> WindowPage:
        """Like ``Paginator.get_page``: a bad number gives the first page, one past the end
        the first page too (the last page is unknown without counting)."""
        try:
            return self.page(number)
        except (PageNotAnInteger, EmptyPage):
            return self.page(1)


def window_page(
    request: HttpRequest, queryset, *, per_page: int, page_kwarg: str = "page"
) -> WindowPage:
    """The page of ``queryset`` that ``request.GET[page_kwarg]`` asks for (the first page for
    a bad number), for a page with more than one list. ``previous_query``/``next_query`` hold
    the query strings of its neighbours, every other parameter kept, for ``includes/pager.html``.
    """
    page = WindowPaginator(queryset, per_page).get_page(request.GET.get(page_kwarg, 1))
    if page.has_previous():
        page.previous_query = _with_page(request, page_kwarg, page.number - 1)
    if page.has_next():
        page.next_query = _with_page(request, page_kwarg, page.number + 1)
    return page


def _with_page(request: HttpRequest, page_kwarg: str, number: int) -> QueryDict:
    query = request.GET.copy()
    query[page_kwarg] = str(number)
    return query
