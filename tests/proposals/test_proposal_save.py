"""``proposals.services.proposal_save``: the proposal form's one POST as one service, all or
nothing."""

import uuid

import pytest
from django.core.exceptions import ValidationError

from ledger.models import LedgerEntry
from notifications.models import Notification
from proposals.enums import CoProposerStatus, ProposalStatus
from proposals.models import Attachment, CoProposer, Proposal
from proposals.services import proposal_save
from tests.factories import ProposalFactory
from tests.proposals.helpers import sample_upload, upload

FIELDS = {
    "title": "민원 서류 발급 절차 간소화",
    "problem": "민원인이 같은 서류를 여러 부서에 반복해서 제출합니다.",
    "idea": "부서 간 서류를 공유하는 전자 창구를 만듭니다.",
    "effect": "민원 처리 기간이 절반으로 줄어듭니다.",
    "keywords": "민원, 전자창구",
}
WRITTEN = (Proposal, Proposal.history.model, CoProposer, CoProposer.history.model, Attachment, Notification, LedgerEntry)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _rows() -> dict[str, int]:
    return {model._meta.label: model._default_manager.count() for model in WRITTEN}


def test_one_call_saves_every_step_and_submits(staff, other_staff, open_call, department):
    token = uuid.uuid4()

    proposal = proposal_save(
        call=open_call,
        proposal=None,
        by=staff,
        client_token=token,
        fields={**FIELDS, "owning_department": department},
        coproposers=[other_staff],
        volunteers=True,
        attachments=[sample_upload("pdf")],
        submit=True,
    )

    proposal.refresh_from_db()
    assert proposal.client_token == token
    assert proposal.status == ProposalStatus.SUBMITTED
    assert proposal.reference == f"{open_call.code}-001"
    assert proposal.title == FIELDS["title"]
    assert proposal.proposer_volunteers is True
    link = CoProposer.objects.get(proposal=proposal)
    assert (link.user, link.status) == (other_staff, CoProposerStatus.INVITED)
    assert Attachment.objects.get(proposal=proposal).kind == "pdf"
    assert set(Notification.objects.values_list("kind", "recipient")) == {
        ("coproposer_invited", other_staff.pk),
        ("proposal_submitted", staff.pk),
    }
    assert list(LedgerEntry.objects.values_list("kind", "object_id")) == [("proposal.submitted", proposal.pk)]


def test_without_coproposers_the_named_ones_stay(staff, other_staff, open_call):
    """``coproposers=None``: the form did not offer the field (a co-proposer edits)."""
    proposal = ProposalFactory(call=open_call, proposer=staff)
    CoProposer.objects.create(proposal=proposal, user=other_staff)

    saved = proposal_save(
        call=open_call, proposal=proposal, by=staff, client_token=uuid.uuid4(), fields={"title": "새 제목"}
    )

    assert saved.status == ProposalStatus.DRAFT
    assert Proposal.objects.get().title == "새 제목"
    assert CoProposer.objects.get().user == other_staff
    assert not Notification.objects.exists()


def test_a_refused_submission_writes_nothing(staff, other_staff, open_call):
    """The last step (submit) refuses an incomplete proposal: the draft, the co-proposer's
    invitation, the attachment and their history are all rolled back."""
    before = _rows()
    next_number = open_call.next_reference_number

    with pytest.raises(ValidationError):
        proposal_save(
            call=open_call,
            proposal=None,
            by=staff,
            client_token=uuid.uuid4(),
            fields=FIELDS,  # no owning department: not complete
            coproposers=[other_staff],
            volunteers=True,
            attachments=[sample_upload("pdf")],
            submit=True,
        )

    assert _rows() == before
    open_call.refresh_from_db()
    assert open_call.next_reference_number == next_number


def test_a_refused_attachment_leaves_the_draft_as_it_was(staff, other_staff, open_call):
    proposal = ProposalFactory(call=open_call, proposer=staff, title="원래 제목")
    before = _rows()

    with pytest.raises(ValidationError):
        proposal_save(
            call=open_call,
            proposal=proposal,
            by=staff,
            client_token=uuid.uuid4(),
            fields={"title": "바뀐 제목"},
            coproposers=[other_staff],
            volunteers=True,
            attachments=[upload("실행파일.exe", b"MZ\x90\x00")],
        )

    assert _rows() == before
    proposal.refresh_from_db()
    assert (proposal.title, proposal.proposer_volunteers) == ("원래 제목", False)
