"""The board's entry page, built for scoring 25 entries in a row: the level meanings beside a
compact scale, "n of N reviewed", previous/next together, save-and-next to the next entry not
yet reviewed, and a query count that does not grow with the entries or the criteria."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from screening import services
from screening.models import Review
from tests.factories import UserFactory
from tests.factories.screening import ClosedCallFactory, EntryFactory, score_all, setup_screening

MEANINGS = ["미흡", "다소 미흡", "보통", "우수", "매우 우수"]


def _entry_url(call, proposal):
    return reverse("screening:entry", kwargs={"call_pk": call.pk, "pk": proposal.pk})


def _scores(screening, value):
    return {f"criterion_{c.pk}": value for c in screening.criteria.all()}


@pytest.fixture
def row(db, innovation_unit):
    """A call of four entries in reference order, one member, meanings on the first criterion."""
    call = ClosedCallFactory(code="2020-R")
    entries = [EntryFactory(call=call) for _ in range(4)]
    member = UserFactory(full_name="심사위원병")
    screening = setup_screening(call=call, by=innovation_unit, members=[member], open_it=False)
    services.criterion_levels_update(criterion=screening.criteria.first(), by=innovation_unit, meanings=MEANINGS)
    services.screening_open(call=call, by=innovation_unit)
    return call, sorted(entries, key=lambda p: p.reference), member, screening


def test_the_page_shows_the_meanings_beside_the_scale(client, row):
    call, entries, member, screening = row
    first = screening.criteria.first()
    client.force_login(member)
    page = client.get(_entry_url(call, entries[0])).content.decode()
    for meaning in MEANINGS:
        assert meaning in page
    # Each level's radio points to its meaning (read with the option by a screen reader).
    radio = re.search(rf'<input type="radio" name="criterion_{first.pk}" value="4"[^>]*>', page).group(0)
    assert f'aria-describedby="id_criterion_{first.pk}_3_meaning"' in radio
    assert f'id="id_criterion_{first.pk}_3_meaning" data-level="4">4 · 우수<' in page
    # A criterion without meanings has its scale and nothing more.
    second = list(screening.criteria.all())[1]
    assert f'name="criterion_{second.pk}"' in page
    assert f"id_criterion_{second.pk}_0_meaning" not in page


def test_the_chosen_level_is_checked_when_the_page_comes_back(client, row):
    call, entries, member, screening = row
    score_all(screening=screening, proposal=entries[0], by=member, value=4)
    client.force_login(member)
    page = client.get(_entry_url(call, entries[0])).content.decode()
    first = screening.criteria.first()
    radio = re.search(rf'<input type="radio" name="criterion_{first.pk}" value="4"[^>]*>', page).group(0)
    assert "checked" in radio


def test_progress_counts_the_members_reviews(client, row):
    call, entries, member, screening = row
    score_all(screening=screening, proposal=entries[1], by=member, value=3)
    services.review_abstain(proposal=entries[2], by=member, reason="같은 팀")
    client.force_login(member)
    page = client.get(_entry_url(call, entries[0])).content.decode()
    assert 'max="4" value="2"' in page  # scored and abstained both count as reviewed
    assert re.search(r"(4건 중 2건 심사|2 of 4 reviewed)", page)
    assert re.search(r"(4건 중 1번째|Entry 1 of 4)", page)


def test_previous_and_next_at_the_ends(client, row):
    call, entries, member, _screening = row
    client.force_login(member)
    first = client.get(_entry_url(call, entries[0])).content.decode()
    assert 'rel="prev"' not in first
    assert f'rel="next" href="{_entry_url(call, entries[1])}"' in first
    middle = client.get(_entry_url(call, entries[1])).content.decode()
    assert f'rel="prev" href="{_entry_url(call, entries[0])}"' in middle
    assert f'rel="next" href="{_entry_url(call, entries[2])}"' in middle
    last = client.get(_entry_url(call, entries[-1])).content.decode()
    assert f'rel="prev" href="{_entry_url(call, entries[-2])}"' in last
    assert 'rel="next"' not in last
    # Both sit in one navigation block, before the proposal text.
    nav = re.search(r'<nav class="portal-entry-pager".*?</nav>', middle, re.S).group(0)
    assert 'rel="prev"' in nav and 'rel="next"' in nav
    assert middle.index("portal-entry-pager") < middle.index("proposal-heading")


def test_save_and_next_goes_to_the_next_entry_not_yet_reviewed(client, row):
    call, entries, member, screening = row
    score_all(screening=screening, proposal=entries[1], by=member, value=3)
    client.force_login(member)
    response = client.post(_entry_url(call, entries[0]), _scores(screening, 4) | {"save_next": "1"})
    # entries[1] is already scored: it goes on to entries[2].
    assert response["Location"] == _entry_url(call, entries[2])
    assert Review.objects.filter(reviewer=member, proposal=entries[0], abstained=False).exists()
    # From the last entry it wraps round to the first not yet reviewed.
    response = client.post(_entry_url(call, entries[3]), _scores(screening, 2) | {"save_next": "1"})
    assert response["Location"] == _entry_url(call, entries[2])


def test_save_and_next_once_everything_is_reviewed(client, row):
    call, entries, member, screening = row
    for proposal in entries:
        score_all(screening=screening, proposal=proposal, by=member, value=3)
    client.force_login(member)
    response = client.post(_entry_url(call, entries[1]), _scores(screening, 5) | {"save_next": "1"})
    assert response["Location"] == _entry_url(call, entries[2])  # revising: simply the next one
    response = client.post(_entry_url(call, entries[3]), _scores(screening, 5) | {"save_next": "1"})
    assert response["Location"] == reverse("screening:workspace", kwargs={"call_pk": call.pk})


def test_save_stays_on_the_entry(client, row):
    call, entries, member, screening = row
    client.force_login(member)
    response = client.post(_entry_url(call, entries[0]), _scores(screening, 4) | {"save": "1"})
    assert response["Location"] == _entry_url(call, entries[0])


def _build(innovation_unit, *, entries: int, criteria: int):
    call = ClosedCallFactory()
    proposals = [EntryFactory(call=call) for _ in range(entries)]
    member = UserFactory()
    screening = setup_screening(call=call, by=innovation_unit, members=[member], open_it=False)
    rows = [{"id": c.pk, "delete": True} for c in screening.criteria.all()]
    rows += [{"id": None, "name": f"기준 {n}", "description": "", "weight": 10} for n in range(criteria)]
    services.rubric_update(screening=screening, by=innovation_unit, rows=rows)
    assert screening.criteria.count() == criteria
    for criterion in screening.criteria.all():
        services.criterion_levels_update(criterion=criterion, by=innovation_unit, meanings=MEANINGS)
    services.screening_open(call=call, by=innovation_unit)
    for proposal in proposals[1:]:
        score_all(screening=screening, proposal=proposal, by=member, value=3)
    return call, proposals[0], member


def test_the_entry_page_query_count_is_flat_in_entries_and_criteria(client, innovation_unit):
    counts = []
    for entries, criteria in [(2, 1), (30, 1), (2, 10), (30, 10)]:
        call, proposal, member = _build(innovation_unit, entries=entries, criteria=criteria)
        client.force_login(member)
        url = _entry_url(call, proposal)
        client.get(url)  # warm the session and the content types
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
    assert len(set(counts)) == 1, counts


def test_the_criteria_page_query_count_is_flat_in_criteria(client, innovation_unit):
    counts = []
    for criteria in (1, 10):
        call, _proposal, _member = _build(innovation_unit, entries=2, criteria=criteria)
        client.force_login(innovation_unit)
        url = reverse("screening:criteria", kwargs={"call_pk": call.pk})
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts
