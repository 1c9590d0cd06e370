"""Every list of the API runs the same number of queries with few rows as with many, and pages
with a cursor: following ``next`` visits every row once."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from labs import services as lab_services
from labs.enums import DecisionKind
from proposals import services as proposal_services
from proposals.enums import CoProposerStatus
from tests.factories import (
    CallFactory,
    CoProposerFactory,
    DepartmentFactory,
    ProposalFactory,
    SubmittedProposalFactory,
    UserFactory,
    innovation_unit_user,
)
from tests.factories.labs import SelectedProposalFactory, running_lab
from tests.factories.routing import NotSelectedProposalFactory, RoutingFactory, liaison_user
from tests.factories.screening import ClosedCallFactory, EntryFactory, score_all, setup_screening

from .helpers import bearer

pytestmark = pytest.mark.django_db


def _count(client, url, headers) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **headers)
    assert response.status_code == 200, response.content
    return len(queries.captured_queries), "\n".join(q["sql"] for q in queries.captured_queries)


def assert_flat(client, url, add_rows, headers=None):
    headers = headers or {}
    _count(client, url, headers)
    few, _ = _count(client, url, headers)
    add_rows()
    many, sql = _count(client, url, headers)
    assert few == many, sql


def test_calls(client):
    CallFactory()
    assert_flat(client, "/api/v1/calls", lambda: [CallFactory() for _ in range(12)])


def _decided_call():
    call = ClosedCallFactory(stored_phase="decided")
    SelectedProposalFactory(call=call)
    for _ in range(3):
        RoutingFactory(proposal=NotSelectedProposalFactory(call=call))
    return call


def test_outcomes(client):
    _decided_call()
    assert_flat(client, "/api/v1/outcomes", lambda: [_decided_call() for _ in range(5)])


def test_my_proposals(client):
    person = UserFactory()
    ProposalFactory(proposer=person)

    def more():
        for _ in range(8):
            call = CallFactory()
            SubmittedProposalFactory(proposer=person, call=call)
            CoProposerFactory(
                proposal=ProposalFactory(call=call), user=person, status=CoProposerStatus.ACCEPTED
            )

    assert_flat(client, "/api/v1/me/proposals", more, bearer(person))


def test_my_tasks_as_every_role_at_once(client):
    iu = innovation_unit_user()
    department = DepartmentFactory()
    person = liaison_user(department)
    today = timezone.localdate()

    def work():
        RoutingFactory(department=department, due_on=today + timedelta(days=3))
        other = UserFactory()
        lab = running_lab(person, other, iu=iu)
        lab_services.milestone_create(
            lab=lab, by=other, title="시범", target_date=today + timedelta(days=9)
        )
        lab_services.decision_propose(
            lab=lab,
            by=other,
            kind=DecisionKind.SCOPE_CHANGE,
            summary="조정",
            new_mission="한 종만.",
        )
        call = ClosedCallFactory(created_by=iu)
        entries = [EntryFactory(call=call) for _ in range(3)]
        screening = setup_screening(call=call, by=iu, members=[person])
        score_all(screening=screening, proposal=entries[0], by=person, value=3)
        open_call = CallFactory(created_by=iu)
        ProposalFactory(proposer=person, call=open_call)
        CoProposerFactory(
            proposal=ProposalFactory(call=open_call), user=person, status=CoProposerStatus.INVITED
        )

    work()
    assert_flat(client, "/api/v1/me/tasks", lambda: [work() for _ in range(3)], bearer(person))


def test_my_tasks_as_the_unit(client):
    iu = innovation_unit_user()

    def calls(n):
        for _ in range(n):
            screened = ClosedCallFactory(created_by=iu)
            EntryFactory(call=screened)
            setup_screening(call=screened, by=iu, members=[UserFactory()])
            decided = ClosedCallFactory(created_by=iu, stored_phase="decided")
            NotSelectedProposalFactory(call=decided)
            SelectedProposalFactory(call=decided)
            RoutingFactory(due_on=timezone.localdate() - timedelta(days=1))

    calls(1)
    assert_flat(client, "/api/v1/me/tasks", lambda: calls(3), bearer(iu))


def test_the_token_page(client, staff):
    from accounts.services import api_token_create

    api_token_create(user=staff, name="처음")
    client.force_login(staff)
    url = reverse("accounts:api-tokens")
    assert_flat(client, url, lambda: [api_token_create(user=staff, name=f"t{i}") for i in range(8)])


def _walk(client, url, headers=None) -> list:
    seen, pages = [], 0
    while url:
        response = client.get(url, **(headers or {}))
        assert response.status_code == 200, response.content
        body = response.json()
        seen += body["results"]
        url, pages = body["next"], pages + 1
        assert pages < 50
    return seen


def test_following_next_visits_every_call_once(client):
    calls = [CallFactory() for _ in range(7)]
    seen = _walk(client, "/api/v1/calls?page_size=3")
    assert sorted(row["id"] for row in seen) == sorted(c.pk for c in calls)
    # And back: previous from the last page returns the page before it.
    last = client.get("/api/v1/calls?page_size=3").json()["next"]
    last = client.get(last).json()
    back = client.get(last["previous"]).json()
    assert [r["id"] for r in back["results"]] == [r["id"] for r in seen[:3]]


def test_following_next_visits_every_task_once(client, settings):
    department = DepartmentFactory()
    person = liaison_user(department)
    routings = [
        RoutingFactory(department=department, due_on=timezone.localdate() + timedelta(days=i % 3))
        for i in range(7)
    ]
    headers = bearer(person)
    seen = _walk(client, "/api/v1/me/tasks?page_size=2", headers)
    assert sorted(row["url"] for row in seen) == sorted(
        f"{settings.PORTAL_BASE_URL.rstrip('/')}/routing/routings/{r.pk}/" for r in routings
    )
    dues = [row["due"] for row in seen]
    assert dues == sorted(dues)
    first = client.get("/api/v1/me/tasks?page_size=2", **headers).json()
    second = client.get(first["next"], **headers).json()
    back = client.get(second["previous"], **headers).json()
    assert back["results"] == first["results"]


def test_a_broken_cursor_is_a_json_error(client):
    response = client.get("/api/v1/calls?cursor=not-base64!!")
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_request"
    assert client.get("/api/v1/calls?page_size=abc").json()["code"] == "invalid_request"
    assert client.get("/api/v1/calls/99999").json()["code"] == "not_found"
    assert client.get("/api/v1/outcomes/99999").status_code == 404


def test_an_outcome_names_only_the_ideas_whose_authors_agreed_to_the_bank(client):
    """Anonymous callers see a not-selected proposal's title only where every author agreed to
    show it to all staff (the idea bank), and never its reference number; the rest are counted."""
    call = ClosedCallFactory(stored_phase="decided")
    banked, private = (NotSelectedProposalFactory(call=call, title=t) for t in ("공개 아이디어", "비공개 아이디어"))
    for proposal in (banked, private):
        RoutingFactory(proposal=proposal)
    proposal_services.idea_bank_consent_set(proposal=banked, by=banked.proposer, agreed=True)
    outcome = client.get(f"/api/v1/outcomes/{call.pk}").json()
    assert [a["title"] for a in outcome["answers"]] == ["공개 아이디어"]
    assert sum(c["count"] for c in outcome["department_answers"]) == 2
    assert "reference" not in outcome["answers"][0]
    assert "비공개 아이디어" not in str(outcome)


def test_paging_links_are_on_the_portal_address_whatever_the_host(client, settings):
    """``next``/``previous`` are built on PORTAL_BASE_URL, not on the Host header the client
    sent, for lists from the database (calls) and lists built in memory (tasks), and keep the
    query string: following them still pages."""
    settings.PORTAL_BASE_URL = "https://glab.example.go.kr/"
    calls = [CallFactory() for _ in range(5)]
    first = client.get("/api/v1/calls?page_size=2", HTTP_HOST="evil.example.com").json()
    assert first["next"].startswith("https://glab.example.go.kr/api/v1/calls?cursor=")
    assert "page_size=2" in first["next"] and "evil" not in first["next"]
    second = client.get(first["next"], HTTP_HOST="evil.example.com").json()
    assert second["previous"].startswith("https://glab.example.go.kr/api/v1/calls?cursor=")
    seen = {row["id"] for row in first["results"] + second["results"]}
    assert len(seen) == 4 and seen <= {c.pk for c in calls}

    department = DepartmentFactory()
    headers = {**bearer(liaison_user(department)), "HTTP_HOST": "evil.example.com"}
    for _ in range(3):
        RoutingFactory(department=department)
    tasks = client.get("/api/v1/me/tasks?page_size=2", **headers).json()
    assert tasks["next"].startswith("https://glab.example.go.kr/api/v1/me/tasks?cursor=")
    assert "page_size=2" in tasks["next"]
    rest = client.get(tasks["next"], **headers).json()
    assert rest["previous"].startswith("https://glab.example.go.kr/api/v1/me/tasks?cursor=")
    assert len(rest["results"]) == 1 and rest["next"] is None
