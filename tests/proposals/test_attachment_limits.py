"""Attachment limits: at most PROPOSAL_MAX_ATTACHMENTS files and PROPOSAL_MAX_TOTAL_MB per
proposal, and a zip container (docx, xlsx, pptx, hwpx) checked by decompressing it, not by
trusting its headers. A refusal answers the form again with the message and what was typed,
and writes nothing: no row, no file."""

import io
import random
import struct
import zipfile
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from proposals.files import ALLOWED_EXTENSIONS, sniff_attachment_kind
from proposals.models import Attachment, Proposal
from proposals.services import attachment_add
from tests.factories import ProposalFactory
from tests.proposals.helpers import MINIMAL_PDF, proposal_data, sample_upload, upload

MB = 1024 * 1024


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _stored_files(settings) -> list:
    return [p for p in settings.MEDIA_ROOT.rglob("*") if p.is_file()]


def _pdf(name: str, size: int = 0):
    return upload(name, MINIMAL_PDF + b"%" * max(size - len(MINIMAL_PDF), 0))


def _docx(document: bytes, *, compression=zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=compression) as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        archive.writestr("word/document.xml", document)
    return buffer.getvalue()


def _declare_smaller(data: bytes, member: str, size: int) -> bytes:
    """The archive with ``member``'s uncompressed size set to ``size`` in its local and central
    headers, and its CRC to that of its first ``size`` bytes: an unzipper that trusts the headers
    reads a small, valid file."""
    archive = zipfile.ZipFile(io.BytesIO(data))
    info = archive.getinfo(member)
    with archive.open(member) as stream:
        crc = zlib.crc32(stream.read(size))
    patched = bytearray(data)
    struct.pack_into("<I", patched, info.header_offset + 14, crc)
    struct.pack_into("<I", patched, info.header_offset + 22, size)
    central = data.index(b"PK\x01\x02")
    while data[central + 46 : central + 46 + len(member)] != member.encode():
        central = data.index(b"PK\x01\x02", central + 4)
    struct.pack_into("<I", patched, central + 16, crc)
    struct.pack_into("<I", patched, central + 24, size)
    return bytes(patched)


def _korean(message: str, **params) -> str:
    with translation.override("ko"):
        return gettext(message) % params


# --- The proposal's count and total size -------------------------------------------------------


def test_a_proposal_holds_at_most_the_configured_number_of_attachments(
    settings, staff_client, staff, open_call, department
):
    settings.PROPOSAL_MAX_ATTACHMENTS = 3
    proposal = ProposalFactory(call=open_call, proposer=staff, owning_department=department)
    attachment_add(proposal=proposal, upload=_pdf("1.pdf"), by=staff)
    attachment_add(proposal=proposal, upload=_pdf("2.pdf"), by=staff)
    files_before = _stored_files(settings)

    response = staff_client.post(
        reverse("proposals:proposal-update", args=[proposal.pk]),
        proposal_data(
            department=department, title="새로 고친 제목", new_attachments=[_pdf("3.pdf"), _pdf("4.pdf")]
        ),
    )

    assert response.status_code == 400
    expected = _korean(
        "A proposal can have at most %(limit)s attachments; it has %(held)s and %(new)s more were sent.",
        limit=3, held=2, new=2,
    )
    assert expected in response.content.decode()
    assert "새로 고친 제목" in response.content.decode()  # what was typed is kept on the page
    assert Attachment.objects.filter(proposal=proposal).count() == 2
    assert _stored_files(settings) == files_before
    assert Proposal.objects.get(pk=proposal.pk).title == proposal.title  # nothing saved

    response = staff_client.post(
        reverse("proposals:proposal-update", args=[proposal.pk]),
        proposal_data(department=department, new_attachments=[_pdf("3.pdf")]),
    )
    assert response.status_code == 302
    assert Attachment.objects.filter(proposal=proposal).count() == 3


def test_a_proposal_holds_at_most_the_configured_total_size(settings, staff, open_call):
    settings.PROPOSAL_MAX_TOTAL_MB = 1
    proposal = ProposalFactory(call=open_call, proposer=staff)
    attachment_add(proposal=proposal, upload=_pdf("큰 파일.pdf", 600 * 1024), by=staff)
    files_before = _stored_files(settings)

    with pytest.raises(ValidationError) as refused:
        attachment_add(proposal=proposal, upload=_pdf("하나 더.pdf", 500 * 1024), by=staff)

    assert refused.value.code == "attachments_too_large"
    assert Attachment.objects.filter(proposal=proposal).count() == 1
    assert _stored_files(settings) == files_before
    attachment_add(proposal=proposal, upload=_pdf("작은 파일.pdf", 400 * 1024), by=staff)
    assert Attachment.objects.filter(proposal=proposal).count() == 2


def test_the_form_states_the_limits(settings, staff_client, open_call):
    settings.PROPOSAL_MAX_ATTACHMENTS = 7
    settings.PROPOSAL_MAX_TOTAL_MB = 33
    page = staff_client.get(reverse("proposals:proposal-create", args=[open_call.pk])).content.decode()
    help_text = _korean(
        "Accepted types: %(types)s. Up to %(limit)s MB per file, and at most %(count)s files and "
        "%(total)s MB in all per proposal.",
        types=", ".join(e.upper() for e in ALLOWED_EXTENSIONS), limit=open_call.attachment_max_mb, count=7, total=33,
    )
    assert help_text in page


# --- Zip containers ----------------------------------------------------------------------------


def test_a_zip_whose_headers_declare_a_small_file_but_expands_hugely_is_refused(staff_client, open_call, department):
    bomb = _declare_smaller(_docx(b"\0" * 120 * MB), "word/document.xml", 1000)
    assert len(bomb) < 200 * 1024
    # What the headers claim, and what an unzipper trusting them (Python's zipfile) reads:
    assert zipfile.ZipFile(io.BytesIO(bomb)).getinfo("word/document.xml").file_size == 1000
    assert len(zipfile.ZipFile(io.BytesIO(bomb)).read("word/document.xml")) == 1000

    response = staff_client.post(
        reverse("proposals:proposal-create", args=[open_call.pk]),
        proposal_data(department=department, new_attachments=upload("제안서.docx", bomb)),
    )

    assert response.status_code == 400
    expected = _korean(
        "“%(name)s”: a part of this archive expands more than %(ratio)s times and is refused.",
        name="제안서.docx", ratio=100,
    )
    assert expected in response.content.decode()
    assert not Proposal.objects.exclude(status="draft").exists()  # the typed text is kept as a draft
    assert not Attachment.objects.exists()


def test_a_member_whose_real_size_differs_from_its_headers_is_refused(staff, open_call, settings):
    text = ("<w:p>주민 참여 예산 " + "가나다라" * 20 + "</w:p>").encode() * 2000  # compresses well below 100:1
    forged = _declare_smaller(_docx(text), "word/document.xml", 100)
    proposal = ProposalFactory(call=open_call, proposer=staff)

    with pytest.raises(ValidationError) as refused:
        attachment_add(proposal=proposal, upload=upload("제안서.docx", forged), by=staff)

    assert refused.value.code == "archive_falsified"
    assert not Attachment.objects.exists()
    assert _stored_files(settings) == []


def test_an_archive_past_the_unpacked_total_is_refused(settings):
    settings.ARCHIVE_MAX_UNPACKED_MB = 2
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_STORED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        for n in range(3):
            archive.writestr(f"xl/media/image{n}.bin", random.Random(n).randbytes(MB))  # 1 MB, incompressible
    with pytest.raises(ValidationError) as refused:
        sniff_attachment_kind(upload("통계.xlsx", buffer.getvalue()))
    assert refused.value.code == "archive_unpacked"


def test_an_honest_deflated_workbook_is_accepted():
    openpyxl = pytest.importorskip("openpyxl")
    workbook = openpyxl.Workbook()
    for row in range(2000):
        workbook.active.append([f"주민 {row}", row, "경상남도 창원시 의창구"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    assert sniff_attachment_kind(upload("통계.xlsx", buffer.getvalue())) == "xlsx"
    for kind in ("docx", "xlsx", "pptx", "hwpx"):
        assert sniff_attachment_kind(sample_upload(kind)) == kind
