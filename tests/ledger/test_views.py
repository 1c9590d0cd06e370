"""Who sees which ledger page, what the pages show, and their query counts."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ledger.enums import LedgerKind
from ledger.services import ledger_append, ledger_checkpoint_record
from tests.factories import SubmittedProposalFactory, UserFactory

from .conftest import append_decisions

LIST = "list"
OBJECT = "object"
HEAD = "head"


def _url(page: str, proposal) -> str:
    if page == LIST:
        return reverse("ledger:entry-list")
    if page == OBJECT:
        return reverse("ledger:object-entries", args=["proposals.proposal", proposal.pk])
    return reverse("ledger:head")


@pytest.fixture
def recorded(db, innovation_unit):
    proposal = SubmittedProposalFactory()
    ledger_append(
        kind=LedgerKind.PROPOSAL_SUBMITTED,
        obj=proposal,
        actor=proposal.proposer,
        data={"proposal_id": proposal.pk, "call_id": proposal.call_id},
    )
    ledger_append(
        kind=LedgerKind.SCREENING_SELECTED,
        obj=proposal,
        actor=innovation_unit,
        data={"proposal_id": proposal.pk, "rank": 1},
    )
    return proposal


def test_object_page_lists_the_entries_of_that_object_only(iu_client, recorded, innovation_unit):
    other = SubmittedProposalFactory(title="다른 제안")
    ledger_append(
        kind=LedgerKind.PROPOSAL_WITHDRAWN,
        obj=other,
        actor=other.proposer,
        data={"proposal_id": other.pk},
    )
    response = iu_client.get(_url(OBJECT, recorded))
    assert [e.position for e in response.context["entries"]] == [1, 2]
    body = response.content.decode()
    assert recorded.title in body
    assert innovation_unit.full_name in body
    assert "다른 제안" not in body


def test_object_page_of_an_unknown_model_is_404(iu_client, db):
    response = iu_client.get(reverse("ledger:object-entries", args=["proposals.nothing", 1]))
    assert response.status_code == 404


def test_object_page_of_a_deleted_object_still_lists_its_entries(iu_client, db):
    ledger_append(
        kind=LedgerKind.LAB_CLOSED,
        object_type="labs.lab",
        object_id=999999,
        data={"outcome": "achieved"},
    )
    response = iu_client.get(reverse("ledger:object-entries", args=["labs.lab", 999999]))
    assert response.status_code == 200
    assert [e.kind for e in response.context["entries"]] == ["lab.closed"]


def test_entry_list_filters_by_kind(iu_client, recorded):
    response = iu_client.get(_url(LIST, recorded), {"kind": LedgerKind.SCREENING_SELECTED})
    assert [e.kind for e in response.context["entries"]] == ["screening.selected"]
    response = iu_client.get(_url(LIST, recorded), {"kind": "no.such-kind"})
    assert [e.position for e in response.context["entries"]] == [2, 1]


def test_entry_list_paginates(iu_client, db):
    append_decisions(55)
    response = iu_client.get(reverse("ledger:entry-list"), {"page": 2})
    assert [e.position for e in response.context["entries"]] == [5, 4, 3, 2, 1]


def test_head_page_shows_head_and_latest_checkpoint(staff_client, recorded):
    checkpoint = ledger_checkpoint_record()
    append_decisions(1)
    response = staff_client.get(_url(HEAD, recorded))
    body = response.content.decode()
    assert response.context["head"].position == 3
    assert response.context["head"].entry_hash in body
    assert checkpoint.entry_hash in body
    assert f'href="{reverse("ledger:entry-list")}"' not in body


def test_proposal_page_shows_the_ledger_panel_to_the_innovation_unit_only(
    client, recorded, innovation_unit
):
    """A deferred panel (every decision appends to the ledger, so it is not cached with the
    page): the page links it, htmx fetches it; the proposer gets neither."""
    url = recorded.get_absolute_url()
    panel_url = reverse("proposals:proposal-panel", kwargs={"pk": recorded.pk, "slug": "ledger"})
    client.force_login(innovation_unit)
    assert panel_url in client.get(url).content.decode()
    panel = client.get(panel_url, headers={"HX-Request": "true"}).content.decode()
    assert reverse("ledger:object-entries", args=["proposals.proposal", recorded.pk]) in panel
    client.force_login(recorded.proposer)
    response = client.get(url)
    assert response.status_code == 200
    assert (
        'href="/ledger/' not in response.content.decode()
        and panel_url not in response.content.decode()
    )
    assert client.get(panel_url, headers={"HX-Request": "true"}).content == b""


def _count(client, url, params=None) -> int:
    client.get(url, params)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("params", [None, {"kind": LedgerKind.SCREENING_SELECTED}])
def test_entry_list_queries_flat(iu_client, db, params):
    proposal = SubmittedProposalFactory()

    def add(count):
        for _ in range(count):
            ledger_append(
                kind=LedgerKind.SCREENING_SELECTED,
                obj=proposal,
                actor=UserFactory(),
                data={"proposal_id": proposal.pk},
            )

    add(1)
    counts = [
        _count(iu_client, reverse("ledger:entry-list"), params),
        _count(
            iu_client, reverse("ledger:object-entries", args=["proposals.proposal", proposal.pk])
        ),
    ]
    add(29)
    counts += [
        _count(iu_client, reverse("ledger:entry-list"), params),
        _count(
            iu_client, reverse("ledger:object-entries", args=["proposals.proposal", proposal.pk])
        ),
    ]
    assert counts[:2] == counts[2:], counts


def test_entry_list_pages_without_counting_the_entries(iu_client, db):
    append_decisions(101)
    url = reverse("ledger:entry-list")
    iu_client.get(url)
    with CaptureQueriesContext(connection) as queries:
        first = iu_client.get(url)
    assert [e.position for e in first.context["entries"]][:2] == [101, 100]
    assert len(first.context["entries"]) == 50
    assert first.context["page_obj"].has_next() and not first.context["page_obj"].has_previous()
    assert first.context["head"].position == 101  # the total the page shows
    assert not [q["sql"] for q in queries if "COUNT(" in q["sql"].upper() and "ledger_" in q["sql"]]
    last = iu_client.get(url, {"page": 3})
    assert [e.position for e in last.context["entries"]] == [1]
    assert not last.context["page_obj"].has_next()
    assert iu_client.get(url, {"page": 4}).status_code == 404
