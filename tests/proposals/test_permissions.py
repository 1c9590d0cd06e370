"""Who may open and change what in the proposals app, stepping anonymous → no permission →
wrong object → right object. Every refused POST must leave the database as it was."""

import uuid
from dataclasses import dataclass
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from notifications.models import Notification
from proposals import services
from proposals.enums import CoProposerStatus, ProposalStatus
from proposals.models import Attachment, Call, CallNotice, CoProposer, Proposal
from tests.factories import (
    CallFactory,
    CoProposerFactory,
    DepartmentFactory,
    ProposalFactory,
    SubmittedProposalFactory,
    UserFactory,
    innovation_unit_user,
)
from tests.proposals.helpers import proposal_data, sample_upload

SEOUL = ZoneInfo("Asia/Seoul")


@dataclass
class World:
    call: Call
    owner: object
    accepted: object
    invited: object
    stranger: object
    iu: object
    draft: Proposal
    submitted: Proposal
    attachment: Attachment


@pytest.fixture
def world(db):
    call = CallFactory()
    owner = UserFactory(full_name="제안자")
    accepted = UserFactory(full_name="수락한동료")
    invited = UserFactory(full_name="초대된동료")
    stranger = UserFactory(full_name="무관한직원")
    iu = innovation_unit_user(full_name="혁신담당")
    draft = ProposalFactory(call=call, proposer=owner, title="비공개 초안")
    CoProposerFactory(proposal=draft, user=accepted, status=CoProposerStatus.ACCEPTED)
    CoProposerFactory(proposal=draft, user=invited, status=CoProposerStatus.INVITED)
    submitted = SubmittedProposalFactory(
        call=call, proposer=owner, title="제출된 제안", reference=f"{call.code}-001"
    )
    attachment = services.attachment_add(proposal=draft, upload=sample_upload("pdf"), by=owner)
    return World(call, owner, accepted, invited, stranger, iu, draft, submitted, attachment)


def snapshot():
    """Everything a refused request must not touch."""
    return {
        "calls": list(Call.objects.order_by("pk").values()),
        "notices": list(CallNotice.objects.order_by("pk").values()),
        "proposals": list(Proposal.objects.order_by("pk").values()),
        "coproposers": list(CoProposer.objects.order_by("pk").values()),
        "attachments": list(Attachment.objects.order_by("pk").values()),
        "notifications": Notification.objects.count(),
        "proposal_history": Proposal.history.count(),
        "call_history": Call.history.count(),
    }


def _future(call, days):
    return (call.closes_at + timedelta(days=days)).astimezone(SEOUL).strftime("%Y-%m-%dT%H:%M")


def _call_data(w):
    return {
        "title": "무단 공모",
        "code": "HACK-9",
        "description": "x",
        "guidance": "",
        "opens_at": "2026-01-01T09:00",
        "closes_at": "2026-12-31T18:00",
        "attachment_max_mb": "10",
    }


# name → (url builder, POST data builder or None when the URL takes no POST)
URLS = {
    "home": (lambda w: reverse("home"), None),
    "call-list": (lambda w: reverse("proposals:call-list"), None),
    "call-detail": (lambda w: reverse("proposals:call-detail", args=[w.call.pk]), None),
    "call-create": (lambda w: reverse("proposals:call-create"), _call_data),
    "call-update": (lambda w: reverse("proposals:call-update", args=[w.call.pk]), _call_data),
    "call-extend": (
        lambda w: reverse("proposals:call-extend", args=[w.call.pk]),
        lambda w: {"closes_at": _future(w.call, 3)},
    ),
    "call-notice-create": (
        lambda w: reverse("proposals:call-notice-create", args=[w.call.pk]),
        lambda w: {"question": "", "body": "무단 공지"},
    ),
    "call-submissions": (lambda w: reverse("proposals:call-submissions", args=[w.call.pk]), None),
    "call-submissions-export-csv": (
        lambda w: reverse("proposals:call-submissions-export", args=[w.call.pk, "csv"]),
        None,
    ),
    "call-submissions-export-xlsx": (
        lambda w: reverse("proposals:call-submissions-export", args=[w.call.pk, "xlsx"]),
        None,
    ),
    "proposal-create": (
        lambda w: reverse("proposals:proposal-create", args=[w.call.pk]),
        lambda w: proposal_data(
            department=w.draft.owning_department, action="submit", title="새 제안"
        ),
    ),
    "proposal-create-autosave": (
        lambda w: reverse("proposals:proposal-create-autosave", args=[w.call.pk]),
        lambda w: {"client_token": str(uuid.uuid4()), "title": "자동 저장"},
    ),
    "my-proposals": (lambda w: reverse("proposals:my-proposals"), None),
    "proposal-detail": (lambda w: reverse("proposals:proposal-detail", args=[w.draft.pk]), None),
    "proposal-update": (
        lambda w: reverse("proposals:proposal-update", args=[w.draft.pk]),
        lambda w: proposal_data(
            department=w.draft.owning_department,
            title="바뀐 제목",
            coproposer_numbers=f"{w.accepted.username}, {w.invited.username}",
        ),
    ),
    "proposal-autosave": (
        lambda w: reverse("proposals:proposal-autosave", args=[w.draft.pk]),
        lambda w: {"client_token": str(uuid.uuid4()), "title": "바뀐 제목"},
    ),
    "proposal-submit": (
        lambda w: reverse("proposals:proposal-submit", args=[w.draft.pk]),
        lambda w: {},
    ),
    "proposal-withdraw": (
        lambda w: reverse("proposals:proposal-withdraw", args=[w.draft.pk]),
        lambda w: {},
    ),
    "coproposer-respond": (
        lambda w: reverse("proposals:coproposer-respond", args=[w.draft.pk]),
        lambda w: {"response": "accept", "volunteers": "1"},
    ),
    "attachment-download": (
        lambda w: reverse("proposals:attachment-download", args=[w.attachment.pk]),
        None,
    ),
    "attachment-delete": (
        lambda w: reverse("proposals:attachment-delete", args=[w.attachment.pk]),
        lambda w: {},
    ),
}
PUBLIC = {"home", "call-list", "call-detail"}
IU_ONLY = {
    "call-create",
    "call-update",
    "call-extend",
    "call-notice-create",
    "call-submissions",
    "call-submissions-export-csv",
    "call-submissions-export-xlsx",
}
ON_THE_DRAFT = [
    "proposal-detail",
    "proposal-update",
    "proposal-autosave",
    "proposal-submit",
    "proposal-withdraw",
    "coproposer-respond",
    "attachment-download",
    "attachment-delete",
]


# A GET on these only redirects to the proposal's page (which applies its own check).
POST_ONLY = {
    "proposal-autosave",
    "proposal-create-autosave",
    "attachment-delete",
    "proposal-submit",
    "proposal-withdraw",
    "coproposer-respond",
}


def _requests(names):
    """(name, method) pairs: GET for every URL, POST for those that take one."""
    pairs = []
    for name in names:
        url_for, data_for = URLS[name]
        if name not in POST_ONLY:
            pairs.append((name, "get"))
        if data_for is not None:
            pairs.append((name, "post"))
    return pairs


def _do(client, w, name, method):
    url_for, data_for = URLS[name]
    if method == "get":
        return client.get(url_for(w))
    return client.post(url_for(w), data_for(w))


# --- anonymous ---------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "method"), _requests(sorted(set(URLS) - PUBLIC)))
def test_anonymous_is_sent_to_sign_in(client, world, name, method):
    before = snapshot()
    response = _do(client, world, name, method)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login") + "?next=")
    assert snapshot() == before


@pytest.mark.parametrize("name", sorted(PUBLIC))
def test_public_pages_do_not_show_drafts_to_anonymous(client, world, name):
    response = client.get(URLS[name][0](world))
    assert response.status_code == 200
    assert world.draft.title not in response.content.decode()


# --- signed in without the role ----------------------------------------------------------


@pytest.mark.parametrize(("name", "method"), _requests(sorted(IU_ONLY)))
def test_staff_get_403_on_innovation_unit_pages(client, world, name, method):
    client.force_login(world.owner)
    before = snapshot()
    response = _do(client, world, name, method)
    assert response.status_code == 403
    assert snapshot() == before


# --- the wrong object --------------------------------------------------------------------


@pytest.mark.parametrize(("name", "method"), _requests(ON_THE_DRAFT))
def test_another_staff_member_gets_404_on_someones_draft(client, world, name, method):
    client.force_login(world.stranger)
    before = snapshot()
    response = _do(client, world, name, method)
    assert response.status_code == 404
    assert snapshot() == before


def test_another_staff_member_does_not_see_someones_draft_in_lists(client, world):
    client.force_login(world.stranger)
    for url in (reverse("home"), reverse("proposals:my-proposals"), world.call.get_absolute_url()):
        assert world.draft.title not in client.get(url).content.decode()


# --- co-proposers ------------------------------------------------------------------------


def test_accepted_coproposer_can_edit(client, world):
    client.force_login(world.accepted)
    assert client.get(URLS["proposal-detail"][0](world)).status_code == 200
    assert client.get(URLS["proposal-update"][0](world)).status_code == 200
    assert client.get(URLS["attachment-download"][0](world)).status_code == 200

    response = _do(client, world, "proposal-update", "post")

    assert response.status_code == 302
    world.draft.refresh_from_db()
    assert world.draft.title == "바뀐 제목"
    assert world.draft.proposer == world.owner


def test_accepted_coproposer_cannot_withdraw(client, world):
    world.draft.status = ProposalStatus.SUBMITTED  # editable, withdrawable by the proposer
    Proposal.objects.filter(pk=world.draft.pk).update(
        status=ProposalStatus.SUBMITTED, reference="X-009"
    )
    client.force_login(world.accepted)
    before = snapshot()
    response = _do(client, world, "proposal-withdraw", "post")
    assert response.status_code == 403
    assert snapshot() == before


@pytest.mark.parametrize(
    ("name", "method"),
    [
        ("proposal-update", "get"),
        ("proposal-update", "post"),
        ("proposal-submit", "post"),
        ("proposal-withdraw", "post"),
        ("attachment-delete", "post"),
    ],
)
def test_invited_coproposer_may_look_but_not_act(client, world, name, method):
    client.force_login(world.invited)
    assert client.get(URLS["proposal-detail"][0](world)).status_code == 200
    before = snapshot()
    response = _do(client, world, name, method)
    assert response.status_code == 403
    assert snapshot() == before


def test_invited_coproposer_autosave_changes_nothing(client, world):
    client.force_login(world.invited)
    before = snapshot()
    response = _do(client, world, "proposal-autosave", "post")
    assert response.status_code in (200, 403, 404)
    assert snapshot() == before


# --- the right object --------------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    [
        "proposal-detail",
        "proposal-update",
        "attachment-download",
        "my-proposals",
        "proposal-create",
    ],
)
def test_the_proposer_may_open_their_pages(client, world, name):
    client.force_login(world.owner)
    assert _do(client, world, name, "get").status_code == 200


def test_the_proposer_may_delete_an_attachment_and_withdraw(client, world):
    client.force_login(world.owner)
    response = _do(client, world, "attachment-delete", "post")
    assert response.status_code == 302
    assert not Attachment.objects.exists()
    response = client.post(reverse("proposals:proposal-withdraw", args=[world.submitted.pk]))
    assert response.status_code == 302
    world.submitted.refresh_from_db()
    assert world.submitted.status == ProposalStatus.WITHDRAWN


# --- the innovation unit -----------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    [
        "call-create",
        "call-update",
        "call-extend",
        "call-notice-create",
        "call-submissions",
        "call-submissions-export-csv",
        "call-submissions-export-xlsx",
        "call-list",
        "call-detail",
    ],
)
def test_the_innovation_unit_opens_every_call_page(client, world, name):
    client.force_login(world.iu)
    assert _do(client, world, name, "get").status_code == 200


def test_the_innovation_unit_sees_every_submission(client, world):
    others = [
        SubmittedProposalFactory(
            call=world.call, title=f"다른 부서 제안 {i}", reference=f"{world.call.code}-1{i:02d}"
        )
        for i in range(3)
    ]
    other_call = SubmittedProposalFactory(call=CallFactory(), title="다른 공모의 제안")
    client.force_login(world.iu)

    page = client.get(URLS["call-submissions"][0](world)).content.decode()

    for proposal in [world.submitted, *others]:
        assert proposal.title in page
        assert client.get(proposal.get_absolute_url()).status_code == 200
    assert other_call.title not in page
    assert world.draft.title not in page  # drafts are not submissions


def test_the_innovation_unit_cannot_edit_or_withdraw_someones_proposal(client, world):
    client.force_login(world.iu)
    before = snapshot()
    assert (
        client.get(reverse("proposals:proposal-update", args=[world.submitted.pk])).status_code
        == 403
    )
    response = client.post(
        reverse("proposals:proposal-update", args=[world.submitted.pk]),
        proposal_data(department=DepartmentFactory(), title="혁신단이 고친 제목"),
    )
    assert response.status_code == 403
    assert (
        client.post(reverse("proposals:proposal-withdraw", args=[world.submitted.pk])).status_code
        == 403
    )
    assert snapshot() == before


def test_unknown_export_format_is_404(client, world):
    client.force_login(world.iu)
    response = client.get(reverse("proposals:call-submissions-export", args=[world.call.pk, "pdf"]))
    assert response.status_code == 404
