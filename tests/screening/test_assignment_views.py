"""The pages of assigned reviews and conflicts: the unit's assignments page, a board member's
conflict declaration, blind review of the department flag, and flat query counts."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from screening import services
from screening.enums import ConflictDecision, ReviewMode
from screening.models import Assignment, Conflict
from tests.factories import DepartmentFactory, UserFactory
from tests.factories.screening import ClosedCallFactory, EntryFactory, score_all, setup_screening

from .conftest import PROPOSER_DEPT

ASSIGNED_NOTE = (
    "The innovation unit has assigned these entries to you. If you have a conflict of interest on one, "
    "declare it on its page."
)


def url(name, call, **kwargs):
    return reverse(f"screening:{name}", kwargs={"call_pk": call.pk, **kwargs})


def test_the_unit_chooses_assigned_reviews_and_sees_the_progress(
    client, screening, innovation_unit, member, member2
):
    call = screening.call
    client.force_login(innovation_unit)
    page = client.get(url("assignments", call))
    assert page.status_code == 200
    assert member.full_name in page.content.decode()
    response = client.post(
        url("assignments", call), {"review_mode": ReviewMode.ASSIGNED, "reviews_per_entry": 1}
    )
    assert response.status_code == 302
    screening.refresh_from_db()
    assert (screening.review_mode, screening.reviews_per_entry) == (ReviewMode.ASSIGNED, 1)
    assert Assignment.objects.filter(member=member).count() == 1
    assert Assignment.objects.filter(member=member2).count() == 1
    content = client.get(url("assignments", call)).content.decode()
    # The progress table: done / to review per member.
    assert "<td>0</td><td>1</td><td>1</td>" in content


def test_a_bad_mode_is_a_form_error_and_writes_nothing(client, screening, innovation_unit):
    client.force_login(innovation_unit)
    response = client.post(
        url("assignments", screening.call), {"review_mode": "everyone", "reviews_per_entry": 0}
    )
    assert response.status_code == 200
    assert response.context["form"].errors
    screening.refresh_from_db()
    assert screening.review_mode == ReviewMode.ALL
    assert not Assignment.objects.exists()


def test_a_board_member_sees_only_their_assigned_entries(
    client, screening, innovation_unit, member, entry, other_entry
):
    services.review_mode_set(
        call=screening.call, by=innovation_unit, mode=ReviewMode.ASSIGNED, per_entry=1
    )
    mine = Assignment.objects.get(member=member).proposal
    theirs = other_entry if mine == entry else entry
    client.force_login(member)
    workspace = client.get(url("workspace", screening.call)).content.decode()
    assert mine.reference in workspace
    assert theirs.reference not in workspace
    with translation.override("ko"):
        assert gettext(ASSIGNED_NOTE) in workspace
    assert client.get(url("entry", screening.call, pk=mine.pk)).status_code == 200
    assert client.get(url("entry", screening.call, pk=theirs.pk)).status_code == 404
    # The home panel counts the one assigned entry, not the call's two.
    assert 'max="1" value="0"' in client.get(reverse("home")).content.decode()


def test_a_board_member_declares_a_conflict(client, screening, member, entry):
    client.force_login(member)
    page = client.get(url("entry", screening.call, pk=entry.pk)).content.decode()
    assert url("entry-conflict", screening.call, pk=entry.pk) in page
    refused = client.post(
        url("entry-conflict", screening.call, pk=entry.pk), {"conflict-reason": ""}
    )
    assert refused.status_code == 200
    assert not Conflict.objects.exists()
    response = client.post(
        url("entry-conflict", screening.call, pk=entry.pk),
        {"conflict-reason": "같은 팀 동료입니다"},
    )
    assert response.status_code == 302
    assert response["Location"] == url("workspace", screening.call)
    assert Conflict.objects.get(member=member, proposal=entry).reason == "같은 팀 동료입니다"
    assert client.get(url("entry", screening.call, pk=entry.pk)).status_code == 404
    # The unit sees the declaration and its reason.
    client.force_login(screening.created_by)
    assert "같은 팀 동료입니다" in client.get(url("assignments", screening.call)).content.decode()


def test_the_department_flag_is_shown_to_the_unit_and_never_to_the_member(
    client, screening, innovation_unit, member, entry
):
    member.department = DepartmentFactory(code="MEMBER", name="심사위원소속과")
    member.save()
    entry.proposer.department = member.department
    entry.proposer.save()
    client.force_login(innovation_unit)
    unit_page = client.get(url("assignments", screening.call)).content.decode()
    assert (
        url("conflict-decide", screening.call, proposal_pk=entry.pk, user_pk=member.pk) in unit_page
    )
    client.force_login(member)
    for page in (
        client.get(url("workspace", screening.call)),
        client.get(url("entry", screening.call, pk=entry.pk)),
        client.get(reverse("home")),
    ):
        content = page.content.decode()
        assert page.status_code == 200
        assert entry.proposer.full_name not in content
        assert PROPOSER_DEPT not in content
        assert (
            url("conflict-decide", screening.call, proposal_pk=entry.pk, user_pk=member.pk)
            not in content
        )
    # The unit confirms: the entry leaves the member's list, and nothing names the reason.
    client.force_login(innovation_unit)
    response = client.post(
        url("conflict-decide", screening.call, proposal_pk=entry.pk, user_pk=member.pk),
        {"decision": ConflictDecision.CONFIRMED},
    )
    assert response.status_code == 302
    client.force_login(member)
    workspace = client.get(url("workspace", screening.call)).content.decode()
    assert entry.reference not in workspace
    assert "심사위원소속과" not in workspace


def test_the_ranking_shows_reviews_of_assigned(client, screening, innovation_unit, member, entry):
    services.review_mode_set(
        call=screening.call, by=innovation_unit, mode=ReviewMode.ASSIGNED, per_entry=2
    )
    score_all(screening=screening, proposal=entry, by=member, value=4)
    client.force_login(innovation_unit)
    rows = {r.proposal.pk: r for r in client.get(url("ranking", screening.call)).context["results"]}
    assert (rows[entry.pk].review_count, rows[entry.pk].assigned) == (1, 2)
    assert rows[entry.pk].weighted_mean == 4


def test_deciding_a_pair_that_is_not_flagged_is_refused(
    client, screening, innovation_unit, member, entry
):
    client.force_login(innovation_unit)
    response = client.post(
        url("conflict-decide", screening.call, proposal_pk=entry.pk, user_pk=member.pk),
        {"decision": ConflictDecision.CONFIRMED},
        follow=True,
    )
    assert response.status_code == 200
    assert not Conflict.objects.exists()


def _build(innovation_unit, *, entries: int, members: int, mode: str):
    department = DepartmentFactory()
    call = ClosedCallFactory()
    board = [UserFactory(department=department) for _ in range(members)]
    proposals = [
        EntryFactory(call=call, proposer=UserFactory(department=department if n % 2 else None))
        for n in range(entries)
    ]
    screening = setup_screening(call=call, by=innovation_unit, members=board)
    services.review_mode_set(call=call, by=innovation_unit, mode=mode, per_entry=2)
    for member in board:
        mine = list(services.permissions.entries_for_board_member(member, call)[:2])
        if mine:
            score_all(screening=screening, proposal=mine[0], by=member, value=3)
        if len(mine) > 1:
            services.conflict_declare(proposal=mine[1], by=member, reason="사유")
    flagged = next((p for p in proposals if p.proposer.department_id), None)
    if flagged is not None:
        services.conflict_decide(
            call=call,
            proposal=flagged,
            member=board[0],
            by=innovation_unit,
            decision=ConflictDecision.DISMISSED,
        )
    return call, board


def _count(client, user, address) -> int:
    client.force_login(user)
    client.get(address)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(address)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("name", ["assignments", "ranking"])
@pytest.mark.parametrize("mode", [ReviewMode.ALL, ReviewMode.ASSIGNED])
def test_the_unit_pages_queries_are_flat(client, innovation_unit, mode, name):
    counts = []
    for entries, members in [(2, 1), (12, 1), (2, 5), (12, 5)]:
        call, _board = _build(innovation_unit, entries=entries, members=members, mode=mode)
        counts.append(_count(client, innovation_unit, url(name, call)))
    assert len(set(counts)) == 1, counts


def test_the_board_pages_queries_are_flat_with_assigned_reviews(client, innovation_unit):
    counts = {}
    for entries in (3, 15):
        call, board = _build(innovation_unit, entries=entries, members=3, mode=ReviewMode.ASSIGNED)
        counts[entries] = [
            _count(client, board[0], url("workspace", call)),
            _count(client, board[0], reverse("home")),
        ]
    assert counts[3] == counts[15], counts


def test_declaring_on_an_entry_not_assigned_is_a_404_and_writes_nothing(
    client, screening, innovation_unit, member, entry, other_entry
):
    services.review_mode_set(
        call=screening.call, by=innovation_unit, mode=ReviewMode.ASSIGNED, per_entry=1
    )
    theirs = other_entry if Assignment.objects.get(member=member).proposal == entry else entry
    client.force_login(member)
    response = client.post(
        url("entry-conflict", screening.call, pk=theirs.pk), {"conflict-reason": "이유"}
    )
    assert response.status_code == 404
    assert not Conflict.objects.exists()
