"""The workspace and the ranking run the same number of queries for few and many entries or
board members."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from screening import services
from tests.factories import UserFactory
from tests.factories.screening import ClosedCallFactory, EntryFactory, score_all, setup_screening


def _build(innovation_unit, *, entries: int, members: int):
    call = ClosedCallFactory()
    proposals = [EntryFactory(call=call) for _ in range(entries)]
    board = [UserFactory() for _ in range(members)]
    screening = setup_screening(call=call, by=innovation_unit, members=board)
    for member in board:
        for index, proposal in enumerate(proposals):
            if index % 3 == 2:
                services.review_abstain(proposal=proposal, by=member, reason="사유")
            else:
                score_all(screening=screening, proposal=proposal, by=member, value=1 + index % 5)
    return call, board


def _count(client, user, url) -> int:
    client.force_login(user)
    client.get(url)  # warm the session and the content types
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("name", ["workspace", "my-export-csv"])
def test_workspace_queries_flat(client, innovation_unit, name):
    small_call, small_board = _build(innovation_unit, entries=1, members=1)
    big_call, big_board = _build(innovation_unit, entries=30, members=1)
    small = _count(client, small_board[0], reverse(f"screening:{name}", kwargs={"call_pk": small_call.pk}))
    big = _count(client, big_board[0], reverse(f"screening:{name}", kwargs={"call_pk": big_call.pk}))
    assert small == big


@pytest.mark.parametrize("name", ["ranking", "export-csv", "export-xlsx", "board"])
def test_ranking_queries_flat(client, innovation_unit, name):
    counts = []
    for entries, members in [(1, 1), (30, 1), (1, 7), (30, 7)]:
        call, _board = _build(innovation_unit, entries=entries, members=members)
        counts.append(_count(client, innovation_unit, reverse(f"screening:{name}", kwargs={"call_pk": call.pk})))
    assert len(set(counts)) == 1, counts


def test_entry_page_queries_flat(client, innovation_unit):
    counts = []
    for entries, members in [(2, 2), (30, 7)]:
        call, board = _build(innovation_unit, entries=entries, members=members)
        proposal = call.proposals.order_by("reference").first()
        counts.append(
            _count(client, board[0], reverse("screening:entry", kwargs={"call_pk": call.pk, "pk": proposal.pk}))
        )
    assert counts[0] == counts[1], counts


def test_index_queries_flat(client, innovation_unit, django_assert_max_num_queries):
    _build(innovation_unit, entries=1, members=1)
    one = _count(client, innovation_unit, reverse("screening:screening-list"))
    for _ in range(5):
        _build(innovation_unit, entries=1, members=1)
    assert _count(client, innovation_unit, reverse("screening:screening-list")) == one


@pytest.mark.parametrize("page", ["workspace", "entry"])
def test_board_pages_ask_for_the_seats_once(client, innovation_unit, page):
    """The page's board check reads the member's seats once; the header's one statement reads
    them with the unread count and the roles (glab_portal.header), no query of its own."""
    call, board = _build(innovation_unit, entries=3, members=2)
    kwargs = {"call_pk": call.pk}
    if page == "entry":
        kwargs["pk"] = call.proposals.order_by("reference").first().pk
    client.force_login(board[0])
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse(f"screening:{page}", kwargs=kwargs))
    assert response.status_code == 200
    assert reverse("screening:screening-list") in response.content.decode()
    seats = [q["sql"] for q in queries.captured_queries if "calluserobjectpermission" in q["sql"]]
    assert len([sql for sql in seats if "'unread'" not in sql]) == 1, seats
    assert len(seats) == 2, seats


@pytest.mark.parametrize(("page", "budget"), [("workspace", 8), ("entry", 13)])
def test_board_page_query_budget(client, innovation_unit, page, budget):
    """Issue 15: session, user, call, seats, roles, the header (one statement) and the page's own reads:
    the workspace's counts and rows; the entry, its place, the reviews with their scores, the
    criteria, the attachments and the extra questions (추가 항목) with the entry's answers."""
    call, board = _build(innovation_unit, entries=30, members=7)
    kwargs = {"call_pk": call.pk}
    if page == "entry":
        kwargs["pk"] = call.proposals.order_by("reference").first().pk
    assert _count(client, board[0], reverse(f"screening:{page}", kwargs=kwargs)) == budget
