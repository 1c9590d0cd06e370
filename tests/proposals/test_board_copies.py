"""The board copy's life beside its attachment: derived at upload without ever refusing one,
built for files that predate it (``build_board_copies``), and removed with the attachment."""

import os

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command

from proposals import services
from proposals.enums import BoardCopyReason, BoardCopyStatus
from proposals.models import Attachment
from tests.factories import ProposalFactory

from . import scrub_samples as samples
from .helpers import upload


@pytest.fixture
def draft(staff, open_call):
    return ProposalFactory(call=open_call, proposer=staff)


def test_a_file_that_cannot_be_scrubbed_is_stored_all_the_same(draft, staff):
    broken = b"%PDF-1.7\n" + samples.NAME.encode() + b"\n%%EOF\n"
    attachment = services.attachment_add(proposal=draft, upload=upload("제안서.pdf", broken), by=staff)
    attachment.refresh_from_db()
    assert (attachment.board_status, attachment.board_reason) == (BoardCopyStatus.WITHHELD, BoardCopyReason.DAMAGED)
    assert not attachment.board_file
    with attachment.file.open("rb") as handle:
        assert handle.read() == broken


def test_an_upload_gets_its_board_copy_in_the_same_request(draft, staff):
    attachment = services.attachment_add(proposal=draft, upload=upload("사진.png", samples.png_with_identity()), by=staff)
    attachment.refresh_from_db()
    assert attachment.board_copy_ready and attachment.board_reason == ""
    with attachment.board_file.open("rb") as handle:
        assert samples.leaks(handle.read()) == []
    assert attachment.board_file.name != attachment.file.name


def _legacy_row(proposal, user, content: bytes, kind: str) -> Attachment:
    """An attachment stored before board copies existed (the migration leaves it pending)."""
    attachment = Attachment(proposal=proposal, original_name=f"옛파일.{kind}", size=len(content), kind=kind, uploaded_by=user)
    attachment.file.save("upload", ContentFile(content), save=False)
    attachment.save()
    return attachment


def test_build_board_copies_handles_the_pending_files_then_everything_on_request(
    draft, staff, capsys, django_capture_on_commit_callbacks
):
    picture = _legacy_row(draft, staff, samples.jpeg_with_identity(), "jpg")
    legacy = _legacy_row(draft, staff, samples.hwp_with_identity(), "hwp")
    assert {a.board_status for a in Attachment.objects.all()} == {BoardCopyStatus.PENDING}

    call_command("build_board_copies")
    assert capsys.readouterr().out.strip() == "legacy: 1, ready: 1"
    picture.refresh_from_db()
    legacy.refresh_from_db()
    assert picture.board_copy_ready and legacy.board_reason == BoardCopyReason.LEGACY
    first_copy = picture.board_file.path

    call_command("build_board_copies")
    assert capsys.readouterr().out.strip() == "nothing to do"

    with django_capture_on_commit_callbacks(execute=True):
        call_command("build_board_copies", "--all", "--call", draft.call.code)
    assert capsys.readouterr().out.strip() == "legacy: 1, ready: 1"
    picture.refresh_from_db()
    assert picture.board_copy_ready and picture.board_file.path != first_copy
    assert not os.path.exists(first_copy)  # the replaced copy is gone


def test_removing_an_attachment_removes_its_board_copy(draft, staff, django_capture_on_commit_callbacks):
    attachment = services.attachment_add(proposal=draft, upload=upload("사진.jpg", samples.jpeg_with_identity()), by=staff)
    paths = [attachment.file.path, attachment.board_file.path]
    assert all(os.path.exists(path) for path in paths)
    with django_capture_on_commit_callbacks(execute=True):
        services.attachment_delete(attachment=attachment, by=staff)
    assert not any(os.path.exists(path) for path in paths)
