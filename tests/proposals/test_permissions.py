"""Who may see and change what in the proposals app beyond the status codes the permission
matrix (tests/security/test_permission_matrix.py) asserts per role: drafts kept out of other
people's pages, co-proposers who accepted (may edit) or are only invited (may look, not act),
what the innovation unit sees. Every refused POST must leave the database as it was."""

import uuid
from dataclasses import dataclass

import pytest
from django.urls import reverse

from notifications.models import Notification
from proposals import services
from proposals.enums import CoProposerStatus, ProposalStatus
from proposals.models import Attachment, Call, CallNotice, CoProposer, Proposal
from tests.factories import (
    CallFactory,
    CoProposerFactory,
    ProposalFactory,
    SubmittedProposalFactory,
    UserFactory,
    innovation_unit_user,
)
from tests.proposals.helpers import proposal_data, sample_upload


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


# name → (url builder, POST data builder or None when the URL takes no POST)
URLS = {
    "home": (lambda w: reverse("home"), None),
    "call-list": (lambda w: reverse("proposals:call-list"), None),
    "call-detail": (lambda w: reverse("proposals:call-detail", args=[w.call.pk]), None),
    "call-submissions": (lambda w: reverse("proposals:call-submissions", args=[w.call.pk]), None),
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


def _do(client, w, name, method):
    url_for, data_for = URLS[name]
    if method == "get":
        return client.get(url_for(w))
    return client.post(url_for(w), data_for(w))


# --- anonymous ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(PUBLIC))
def test_public_pages_do_not_show_drafts_to_anonymous(client, world, name):
    response = client.get(URLS[name][0](world))
    assert response.status_code == 200
    assert world.draft.title not in response.content.decode()


# --- the wrong object --------------------------------------------------------------------


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


def test_the_proposer_may_delete_an_attachment_and_withdraw(client, world):
    client.force_login(world.owner)
    response = _do(client, world, "attachment-delete", "post")
    assert response.status_code == 302
    assert not Attachment.objects.exists()
    response = client.post(reverse("proposals:proposal-withdraw", args=[world.submitted.pk]), {"confirm": "1"})
    assert response.status_code == 302
    world.submitted.refresh_from_db()
    assert world.submitted.status == ProposalStatus.WITHDRAWN


# --- the innovation unit -----------------------------------------------------------------


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


def test_unknown_export_format_is_404(client, world):
    client.force_login(world.iu)
    response = client.get(reverse("proposals:call-submissions-export", args=[world.call.pk, "pdf"]))
    assert response.status_code == 404
