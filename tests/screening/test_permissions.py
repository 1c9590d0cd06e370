"""Screening rights beyond the permission matrix's status codes: the board's pages before the
opening, conflicts of interest, and refused writes that leave everything as it was."""

import pytest
from django.urls import reverse

from proposals.enums import ProposalStatus
from screening.models import Criterion, Review, Screening
from tests.factories import UserFactory
from tests.factories.screening import (
    ClosedCallFactory,
    EntryFactory,
    attach_pdf,
    score_all,
    setup_screening,
)


@pytest.fixture
def world(screening, entry, member, innovation_unit):
    other_call = ClosedCallFactory(code="2019-X")
    EntryFactory(call=other_call)
    other_member = UserFactory(full_name="다른위원")
    setup_screening(call=other_call, by=innovation_unit, members=[other_member])
    attachment = attach_pdf(entry, name="홍길동제안자_제안서.pdf")
    return {
        "anonymous": None,
        "staff": UserFactory(),
        "other_board": other_member,
        "member": member,
        "innovation_unit": innovation_unit,
        "attachment": attachment,
    }


def _url(name, screening, entry, attachment):
    kwargs = {"call_pk": screening.call_id}
    if name in ("entry", "entry-abstain"):
        kwargs["pk"] = entry.pk
    if name == "entry-attachment":
        kwargs.update(pk=entry.pk, attachment_pk=attachment.pk)
    return reverse(f"screening:{name}", kwargs=kwargs)


def test_board_pages_hidden_before_the_screening_opens(client, call, entry, innovation_unit, member):
    setup_screening(call=call, by=innovation_unit, members=[member], open_it=False)
    client.force_login(member)
    assert client.get(reverse("screening:workspace", kwargs={"call_pk": call.pk})).status_code == 404
    assert client.get(reverse("screening:screening-list")).content.decode().count(call.title) == 0


@pytest.mark.parametrize("name", ["entry", "entry-attachment"])
def test_conflicted_entry_is_404_by_url(client, call, entry, other_entry, innovation_unit, name):
    attachment = attach_pdf(entry, name="제안서.pdf")
    screening = setup_screening(call=call, by=innovation_unit, members=[entry.proposer])
    client.force_login(entry.proposer)
    url = _url(name, screening, entry, attachment)
    assert client.get(url).status_code == 404
    response = client.post(url, {f"criterion_{c.pk}": 5 for c in screening.criteria.all()})
    assert response.status_code in (404, 405)
    assert not Review.objects.exists()
    workspace = client.get(reverse("screening:workspace", kwargs={"call_pk": call.pk})).content.decode()
    assert entry.reference not in workspace and other_entry.reference in workspace


def test_coproposer_never_sees_the_entry(client, screening, entry):
    coproposer = entry.coproposers.get().user
    from screening import services

    services.board_member_add(call=screening.call, user=coproposer, by=screening.created_by)
    client.force_login(coproposer)
    assert client.get(_url("entry", screening, entry, None)).status_code == 404
    response = client.post(reverse("screening:entry-abstain", kwargs={"call_pk": screening.call_id, "pk": entry.pk}), {"reason": "x"})
    assert response.status_code == 404
    assert not Review.objects.exists()


def _post_cases(screening, entry, member, innovation_unit):
    call_pk = screening.call_id
    return {
        "open": (reverse("screening:open", kwargs={"call_pk": call_pk}), {}),
        "setup": (reverse("screening:setup", kwargs={"call_pk": call_pk}), {"deadline": "2030-01-01T10:00", "selection_count": 3, "score_visibility": "always", "scale_max": 5}),
        "criteria": (reverse("screening:criteria", kwargs={"call_pk": call_pk}), {"form-TOTAL_FORMS": 1, "form-INITIAL_FORMS": 0, "form-0-name": "새 기준", "form-0-weight": 10}),
        "board-add": (reverse("screening:board-add", kwargs={"call_pk": call_pk}), {"employee_number": innovation_unit.username}),
        "board-remove": (reverse("screening:board-remove", kwargs={"call_pk": call_pk, "user_pk": member.pk}), {}),
        "outside-evaluator": (reverse("screening:outside-evaluator", kwargs={"call_pk": call_pk}), {"full_name": "외부", "email": "o@x.kr", "affiliation": "대학"}),
        "ranking": (reverse("screening:ranking", kwargs={"call_pk": call_pk}), {"selected": [entry.pk], "rationale": "이유"}),
    }


def _state(screening, entry):
    screening.refresh_from_db()
    entry.refresh_from_db()
    from screening import selectors

    return (
        screening.selection_count,
        screening.score_visibility,
        Criterion.objects.count(),
        sorted(selectors.board_members(screening.call).values_list("pk", flat=True)),
        entry.status,
        Screening.objects.filter(decided_at__isnull=False).count(),
        UserFactory._meta.model.objects.count(),
    )


@pytest.mark.parametrize("role", ["anonymous", "staff", "other_board", "member"])
@pytest.mark.parametrize("action", ["setup", "criteria", "board-add", "board-remove", "outside-evaluator", "ranking"])
def test_refused_manager_posts_write_nothing(client, world, screening, entry, member, innovation_unit, role, action):
    url, data = _post_cases(screening, entry, member, innovation_unit)[action]
    before = _state(screening, entry)
    if world[role] is not None:
        client.force_login(world[role])
    response = client.post(url, data)
    assert response.status_code == (302 if role == "anonymous" else 403)
    assert _state(screening, entry) == before
    assert entry.status == ProposalStatus.SUBMITTED


def test_refused_open_writes_nothing(client, call, entry, innovation_unit, member, staff):
    setup_screening(call=call, by=innovation_unit, members=[member], open_it=False)
    client.force_login(member)
    assert client.post(reverse("screening:open", kwargs={"call_pk": call.pk})).status_code == 403
    call.refresh_from_db()
    assert call.stored_phase == ""


@pytest.mark.parametrize("role", ["anonymous", "staff", "other_board", "innovation_unit"])
@pytest.mark.parametrize("action", ["entry", "entry-abstain"])
def test_refused_board_posts_write_nothing(client, world, screening, entry, role, action):
    url = _url(action, screening, entry, None)
    data = {f"criterion_{c.pk}": 3 for c in screening.criteria.all()} | {"reason": "사유"}
    if world[role] is not None:
        client.force_login(world[role])
    response = client.post(url, data)
    assert response.status_code == (302 if role == "anonymous" else 404)
    assert not Review.objects.exists()


def test_member_posts_after_decision_write_nothing(client, screening, entry, other_entry, member, innovation_unit):
    from screening import services

    score_all(screening=screening, proposal=entry, by=member, value=3)
    services.screening_decide(call=screening.call, by=innovation_unit, selected=[entry], rationale="이유")
    client.force_login(member)
    data = {f"criterion_{c.pk}": 5 for c in screening.criteria.all()}
    client.post(_url("entry", screening, entry, None), data)
    client.post(_url("entry-abstain", screening, entry, None), {"reason": "사유"})
    review = Review.objects.get()
    assert not review.abstained and {s.value for s in review.scores.all()} == {3}
