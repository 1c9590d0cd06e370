"""Extra questions (추가 항목) answered with a file: stored as one of the proposal's attachments
(the same type checks, limits and board copy), replaced by a new file, kept when none is chosen,
and required questions satisfied by a file chosen earlier."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from proposals.enums import BoardCopyStatus, ExtraKind, ProposalStatus
from proposals.models import Attachment, ExtraAnswer, Proposal
from proposals.services import extra_answers_save
from tests.factories import ProposalFactory
from tests.factories.extras import ExtraQuestionFactory
from tests.proposals import scrub_samples as samples
from tests.proposals.helpers import MINIMAL_PDF, proposal_data


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _pdf(name="계획서.pdf"):
    return SimpleUploadedFile(name, MINIMAL_PDF)


def test_a_file_answer_is_an_attachment_with_a_board_copy_and_a_new_file_replaces_it(
    staff, open_call
):
    question = ExtraQuestionFactory(call=open_call, kind=ExtraKind.FILE, max_length=None)
    proposal = ProposalFactory(call=open_call, proposer=staff)

    upload = SimpleUploadedFile("계획서.pdf", samples.pdf_with_identity())
    extra_answers_save(proposal=proposal, by=staff, answers={question.pk: upload})
    first = Attachment.objects.get()
    answer = ExtraAnswer.objects.get()
    assert (answer.attachment, answer.value, first.kind) == (first, "계획서.pdf", "pdf")
    assert first.board_status == BoardCopyStatus.READY  # scrubbed like any attachment
    with first.board_file.open("rb") as handle:
        assert samples.leaks(handle.read()) == []

    extra_answers_save(proposal=proposal, by=staff, answers={question.pk: _pdf("수정본.pdf")})
    second = Attachment.objects.get()
    assert second.pk != first.pk and second.original_name == "수정본.pdf"
    assert ExtraAnswer.objects.get().attachment == second


def test_a_file_of_a_refused_type_writes_nothing(staff, open_call):
    question = ExtraQuestionFactory(call=open_call, kind=ExtraKind.FILE, max_length=None)
    proposal = ProposalFactory(call=open_call, proposer=staff)
    with pytest.raises(ValidationError):
        extra_answers_save(
            proposal=proposal, by=staff, answers={question.pk: SimpleUploadedFile("a.exe", b"MZ")}
        )
    assert not Attachment.objects.exists() and not ExtraAnswer.objects.exists()


def test_a_text_value_is_not_a_file(staff, open_call):
    question = ExtraQuestionFactory(call=open_call, kind=ExtraKind.FILE, max_length=None)
    proposal = ProposalFactory(call=open_call, proposer=staff)
    with pytest.raises(ValidationError):
        extra_answers_save(proposal=proposal, by=staff, answers={question.pk: "계획서.pdf"})
    assert not ExtraAnswer.objects.exists()


def test_through_the_form_a_file_chosen_earlier_answers_a_required_question(
    staff_client, staff, open_call, department
):
    question = ExtraQuestionFactory(
        call=open_call, kind=ExtraKind.FILE, max_length=None, required=True
    )
    create = reverse("proposals:proposal-create", args=[open_call.pk])
    name = f"extra_{question.pk}"

    refused = staff_client.post(
        create, proposal_data(department=department, **{name: SimpleUploadedFile("a.exe", b"MZ")})
    )
    assert refused.status_code == 400 and name in refused.context["form"].errors
    assert not Attachment.objects.exists()

    staff_client.post(create, proposal_data(department=department, **{name: _pdf()}))
    proposal = Proposal.objects.get()
    assert ExtraAnswer.objects.get().attachment.original_name == "계획서.pdf"
    edit = reverse("proposals:proposal-update", args=[proposal.pk])
    assert "계획서.pdf" in staff_client.get(edit).content.decode()

    response = staff_client.post(edit, proposal_data(department=department, action="submit"))
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.SUBMITTED
    assert (
        ExtraAnswer.objects.get().attachment.original_name == "계획서.pdf"
    )  # no new file: it stays
    assert "계획서.pdf" in staff_client.get(proposal.get_absolute_url()).content.decode()


def test_removing_the_attachment_removes_the_answer(staff_client, staff, open_call):
    question = ExtraQuestionFactory(call=open_call, kind=ExtraKind.FILE, max_length=None)
    proposal = ProposalFactory(call=open_call, proposer=staff)
    extra_answers_save(proposal=proposal, by=staff, answers={question.pk: _pdf()})
    attachment = Attachment.objects.get()

    staff_client.post(reverse("proposals:attachment-delete", args=[attachment.pk]))

    assert not ExtraAnswer.objects.exists()
