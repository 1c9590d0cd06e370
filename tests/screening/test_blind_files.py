"""Issue 17, "files the board sees carry no one's identity": a proposer uploads, through the
proposal form, a PDF, docx, xlsx, pptx, hwpx, hwp, JPEG and PNG, each naming them (name, 사번,
email) in every place its format has; a board member then opens every board URL reachable from
the screening list during blind review (pages, attachment downloads, score exports), and no
byte of any answer (zip members decompressed, PDF streams decoded, image chunks read) holds any
of the three. The hwp cannot be scrubbed: the board sees that it exists and why it cannot open
it, and gets a 404 for it; the unit and the proposer still get every original, byte for byte."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext

from proposals.enums import BoardCopyReason, BoardCopyStatus, ProposalStatus
from proposals.models import Call, Proposal
from tests.factories import CallFactory, DepartmentFactory, UserFactory
from tests.factories.screening import setup_screening
from tests.proposals import scrub_samples as samples
from tests.proposals.helpers import proposal_data
from tests.screening.crawl import crawl_screening

ORIGINALS = {
    f"{samples.NAME}_제안서.pdf": samples.pdf_with_identity(),
    f"{samples.NAME}_제안서.docx": samples.docx_with_identity(),
    f"{samples.NAME}_예산.xlsx": samples.xlsx_with_identity(),
    f"{samples.NAME}_발표.pptx": samples.pptx_with_identity(),
    f"{samples.NAME}_제안서.hwpx": samples.hwpx_with_identity(),
    f"{samples.NAME}_제안서.hwp": samples.hwp_with_identity(),
    f"{samples.NAME}_현장.jpg": samples.jpeg_with_identity(),
    f"{samples.NAME}_도식.png": samples.png_with_identity(),
}
WITHHELD_NOTE = gettext(
    "Identity information cannot be removed from this file, so it cannot be opened during the screening."
)


def _body(response) -> bytes:
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return body + response.get("Content-Disposition", "").encode()


@pytest.fixture
def proposer(db):
    return UserFactory(username=samples.EMPLOYEE_NUMBER, full_name=samples.NAME, email=samples.EMAIL)


@pytest.fixture
def submitted(client, proposer) -> Proposal:
    """The proposal, submitted through the form with the eight files, its call then closed."""
    call = CallFactory(code="2019-B")
    client.force_login(proposer)
    uploads = [SimpleUploadedFile(name, content) for name, content in ORIGINALS.items()]
    response = client.post(
        reverse("proposals:proposal-create", args=[call.pk]),
        proposal_data(action="submit", department=DepartmentFactory(), new_attachments=uploads),
    )
    assert response.status_code == 302, response.context["form"].errors
    proposal = Proposal.objects.get(proposer=proposer)
    assert proposal.status == ProposalStatus.SUBMITTED
    Call.objects.filter(pk=call.pk).update(
        opens_at=timezone.now() - timedelta(days=30), closes_at=timezone.now() - timedelta(days=1)
    )
    client.logout()
    return proposal


def test_nothing_the_board_downloads_names_the_proposer(client, submitted, innovation_unit):
    member = UserFactory(full_name="심사위원병")
    setup_screening(call=submitted.call, by=innovation_unit, members=[member])
    attachments = list(submitted.attachments.order_by("pk"))
    assert [(a.kind, a.board_status) for a in attachments] == [
        (kind, BoardCopyStatus.WITHHELD if kind == "hwp" else BoardCopyStatus.READY)
        for kind in ("pdf", "docx", "xlsx", "pptx", "hwpx", "hwp", "jpg", "png")
    ]
    client.force_login(member)

    answers = crawl_screening(client, [reverse("screening:screening-list")], _body)

    downloads = {url: body for url, body in answers.items() if "/attachments/" in url}
    assert len(downloads) == 7  # every file but the hwp
    assert any(url.endswith("my-scores.xlsx") for url in answers)
    for url, body in answers.items():
        assert samples.leaks(body) == [], url
    for attachment in attachments:
        if attachment.board_copy_ready:
            with attachment.board_file.open("rb") as handle:
                assert handle.read() in (body.rsplit(b"attachment;", 1)[0] for body in downloads.values())
    (hwp,) = [a for a in attachments if a.kind == "hwp"]
    entry_url = reverse("screening:entry", kwargs={"call_pk": submitted.call_id, "pk": submitted.pk})
    page = answers[entry_url].decode()
    assert f"{submitted.reference}-6.hwp" in page and WITHHELD_NOTE in page
    hwp_url = reverse(
        "screening:entry-attachment",
        kwargs={"call_pk": submitted.call_id, "pk": submitted.pk, "attachment_pk": hwp.pk},
    )
    assert hwp_url not in page
    assert client.get(hwp_url).status_code == 404


def test_the_unit_and_the_proposer_still_get_the_originals(client, submitted, proposer, innovation_unit):
    setup_screening(call=submitted.call, by=innovation_unit, members=[UserFactory()])
    for user in (innovation_unit, proposer):
        client.force_login(user)
        for attachment in submitted.attachments.all():
            response = client.get(reverse("proposals:attachment-download", args=[attachment.pk]))
            assert b"".join(response.streaming_content) == ORIGINALS[attachment.original_name]
    page = client.get(submitted.get_absolute_url()).content.decode()
    assert gettext("The screening board cannot open this file during blind review: %(reason)s").split(":")[0] in page
    assert escape(str(BoardCopyReason.LEGACY.label)) in page


def test_without_blind_review_the_board_gets_the_originals(client, submitted, innovation_unit):
    member = UserFactory()
    setup_screening(call=submitted.call, by=innovation_unit, members=[member], blind=False)
    client.force_login(member)
    hwp = submitted.attachments.get(kind="hwp")
    url = reverse(
        "screening:entry-attachment",
        kwargs={"call_pk": submitted.call_id, "pk": submitted.pk, "attachment_pk": hwp.pk},
    )
    assert b"".join(client.get(url).streaming_content) == ORIGINALS[hwp.original_name]
