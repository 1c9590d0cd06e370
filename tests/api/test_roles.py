"""The permission matrix's roles against every API endpoint: anonymous, then each role with a
token of its own. The same rules as the pages: a person's proposals are the "my proposals"
page's, their tasks their home's; the public endpoints name no person; a board member's answers
carry no proposer during blind review."""

import json

import pytest
from django.db import connection, transaction

from proposals.selectors import my_proposals
from tests.security.matrix_world import ROLES, build_world

from .helpers import bearer

PUBLIC = (
    "/api/v1/calls",
    "/api/v1/outcomes",
    "/api/v1/calls/{open_call}",
    "/api/v1/outcomes/{decided_call}",
)
PERSONAL = ("/api/v1/me/proposals", "/api/v1/me/tasks")
PERSON_KEYS = {
    "proposer",
    "proposers",
    "coproposer",
    "coproposers",
    "author",
    "authors",
    "members",
    "reviewer",
}


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        assert str(connection.settings_dict["NAME"]).startswith("test_") or "memory" in str(
            connection.settings_dict["NAME"]
        )
        yield build_world()
        transaction.set_rollback(True)


@pytest.fixture
def db(world):
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


def _url(template: str, w) -> str:
    return template.format(open_call=w.open_call.pk, decided_call=w.decided_call.pk)


def _keys(value) -> set[str]:
    if isinstance(value, dict):
        return set(value) | {k for v in value.values() for k in _keys(v)}
    if isinstance(value, list):
        return {k for v in value for k in _keys(v)}
    return set()


def _answers(client, w, headers) -> dict[str, dict]:
    found = {}
    for template in PUBLIC + PERSONAL:
        response = client.get(_url(template, w), **headers)
        found[template] = (response.status_code, response.json())
    return found


def _names(w) -> set[str]:
    return {user.full_name for user in w.users.values() if user is not None}


@pytest.mark.parametrize("role", ROLES)
def test_every_role_against_every_endpoint(world, db, client, role):
    user = world.users[role]
    headers = bearer(user) if user is not None else {}
    answers = _answers(client, world, headers)
    for template in PUBLIC:
        assert answers[template][0] == 200, (role, template)
    for template in PERSONAL:
        expected = 401 if user is None else 200
        assert answers[template][0] == expected, (role, template, answers[template])
    # No answer of any endpoint names a person, to anyone; no field is about one.
    text = json.dumps([body for _status, body in answers.values()], ensure_ascii=False)
    own = {user.full_name} if user is not None else set()
    for name in _names(world) - own:
        assert name not in text, (role, name)
    assert not _keys([body for _status, body in answers.values()]) & PERSON_KEYS
    # Writing is not a thing the API does.
    for template in PUBLIC + PERSONAL:
        assert client.post(_url(template, world), **headers).status_code == 405


@pytest.mark.parametrize("role", [r for r in ROLES if r != "anonymous"])
def test_my_proposals_are_the_pages_own(world, db, client, role):
    user = world.users[role]
    response = client.get("/api/v1/me/proposals?page_size=100", **bearer(user))
    ids = {row["id"] for row in response.json()["results"]}
    assert ids == set(my_proposals(user).values_list("pk", flat=True))
    if role in ("proposer", "coproposer"):
        assert {world.proposal.pk, world.entry.pk, world.selected.pk, world.not_selected.pk} <= ids
        roles = {row["id"]: row["role"] for row in response.json()["results"]}
        assert roles[world.proposal.pk] == ("proposer" if role == "proposer" else "coproposer")


def _tasks(client, user) -> list[dict]:
    response = client.get("/api/v1/me/tasks?page_size=100", **bearer(user))
    assert response.status_code == 200
    return response.json()["results"]


def test_each_role_sees_the_work_its_home_shows(world, db, client):
    w = world
    board = _tasks(client, w.users["board"])
    entries = [t for t in board if t["kind"] == "entry_to_score"]
    unscored = w.screening_call.proposals.exclude(pk=w.entry.pk).get()
    assert [t["reference"] for t in entries] == [unscored.reference]  # the scored one is done
    assert any(t["kind"] == "screening" and t["call_id"] == w.screening_call.pk for t in board)
    assert not [t for t in _tasks(client, w.users["board_other"]) if t["kind"] == "entry_to_score"]

    liaison = _tasks(client, w.users["liaison"])
    assert [t["reference"] for t in liaison if t["kind"] == "answer_due"] == [
        w.not_selected.reference
    ]
    assert not [t for t in _tasks(client, w.users["liaison_other"]) if t["kind"] == "answer_due"]

    member = _tasks(client, w.users["member"])
    assert any(t["kind"] == "lab" and t["title"] == w.lab.name for t in member)
    other = _tasks(client, w.users["member_other"])
    assert any(t["kind"] == "lab_invitation" and t["title"] == w.recruiting_lab.name for t in other)
    assert not any(t.get("title") == w.lab.name for t in other)

    unit = _tasks(client, w.users["iu"])
    assert any(t["kind"] == "unit_call_work" and t["call_id"] == w.screening_call.pk for t in unit)
    assert not [t for t in _tasks(client, w.users["proposer"]) if t["kind"].startswith("unit_")]

    staff = _tasks(client, w.users["staff"])
    assert not [t for t in staff if t["kind"] in ("entry_to_score", "answer_due", "lab", "signoff")]


def test_a_board_member_sees_no_proposer_during_blind_review(world, db, client):
    w = world
    assert w.screening_call.screening.is_blind
    board = w.users["board"]
    answers = _answers(client, w, bearer(board))
    text = json.dumps([body for _status, body in answers.values()], ensure_ascii=False)
    proposer, coproposer = w.users["proposer"], w.users["coproposer"]
    for person in (proposer, coproposer):
        assert person.full_name not in text
        assert person.username not in text
        assert f'"{person.pk}"' not in text
    assert not _keys([body for _status, body in answers.values()]) & PERSON_KEYS
    entry_rows = [
        t for t in answers["/api/v1/me/tasks"][1]["results"] if t["kind"] == "entry_to_score"
    ]
    assert entry_rows and set(entry_rows[0]) == {
        "kind", "kind_label", "title", "reference", "call_id", "department", "due", "overdue", "count", "url",
    }  # fmt: skip
