"""core.paging: pages of a window without counting (used by the routing, outbox and ledger
lists)."""

import pytest
from django.core.paginator import EmptyPage, PageNotAnInteger
from django.test import RequestFactory
from django.urls import reverse

from core.paging import WindowPaginator, window_page


def test_a_page_knows_its_neighbours_from_one_extra_row():
    paginator = WindowPaginator(list(range(7)), 3)
    first, last = paginator.page(1), paginator.page(3)
    assert (list(first), first.has_next(), first.has_previous()) == ([0, 1, 2], True, False)
    assert (list(last), last.has_next(), last.previous_page_number()) == ([6], False, 2)
    assert paginator.page(2).start_index() == 4
    with pytest.raises(EmptyPage):
        last.next_page_number()


def test_bad_and_out_of_range_numbers():
    paginator = WindowPaginator([], 3)
    assert list(paginator.page(1)) == [] and not paginator.page(1).has_other_pages()
    with pytest.raises(EmptyPage):
        paginator.page(2)
    with pytest.raises(PageNotAnInteger):
        paginator.page("last")
    with pytest.raises(EmptyPage):
        paginator.page(0)
    assert WindowPaginator(list(range(5)), 3).get_page("x").number == 1
    assert WindowPaginator(list(range(5)), 3).get_page(9).number == 1


@pytest.mark.django_db
def test_a_page_number_past_any_list_is_not_found_without_asking_the_database(client, innovation_unit):
    """A huge ?page= would overflow SQL's OFFSET (a 500): it is a 404 like Django's own."""
    with pytest.raises(EmptyPage):
        WindowPaginator([], 50).validate_number("99999999999999999999")
    client.force_login(innovation_unit)
    response = client.get(reverse("ledger:entry-list"), {"page": "99999999999999999999"})
    assert response.status_code == 404


def test_window_page_keeps_the_other_parameters():
    request = RequestFactory().get("/", {"page": "2", "reviewed_page": "2", "call": "7"})
    page = window_page(request, list(range(5)), per_page=2, page_kwarg="reviewed_page")
    assert list(page) == [2, 3]
    assert page.previous_query.dict() == {"page": "2", "reviewed_page": "1", "call": "7"}
    assert page.next_query.dict() == {"page": "2", "reviewed_page": "3", "call": "7"}
