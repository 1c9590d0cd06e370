from pathlib import PurePosixPath
from urllib.parse import quote

from django.conf import settings
from django.urls import reverse

from proposals.models import Attachment
from proposals.services import proposal_submit
from tests.factories import CoProposerFactory
from tests.proposals.helpers import MINIMAL_PDF, proposal_data, upload

ORIGINAL = "2026 제안서 (최종).pdf"


def _upload_through_the_form(client, call, department):
    response = client.post(
        reverse("proposals:proposal-create", args=[call.pk]),
        proposal_data(department=department, new_attachments=upload(ORIGINAL, MINIMAL_PDF)),
    )
    assert response.status_code == 302
    return Attachment.objects.get()


def test_files_are_stored_under_generated_names(staff_client, staff, open_call, department):
    attachment = _upload_through_the_form(staff_client, open_call, department)

    stored = PurePosixPath(attachment.file.name)
    assert attachment.original_name == ORIGINAL
    assert "제안서" not in attachment.file.name
    assert stored.suffix == ""
    assert stored.parts[0] == "attachments"
    assert len(stored.name) == 32
    assert attachment.size == len(MINIMAL_PDF)
    assert attachment.kind == "pdf"
    assert attachment.uploaded_by == staff
    with attachment.file.open("rb") as handle:
        assert handle.read() == MINIMAL_PDF


def test_download_goes_through_the_view_as_an_attachment(staff_client, open_call, department):
    attachment = _upload_through_the_form(staff_client, open_call, department)

    response = staff_client.get(reverse("proposals:attachment-download", args=[attachment.pk]))

    assert response.status_code == 200
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert quote(ORIGINAL) in disposition
    assert b"".join(response.streaming_content) == MINIMAL_PDF


def test_the_storage_is_not_served_directly(staff_client, open_call, department):
    attachment = _upload_through_the_form(staff_client, open_call, department)
    assert staff_client.get(settings.MEDIA_URL + attachment.file.name).status_code == 404


def test_accepted_coproposer_and_innovation_unit_may_download(
    client, staff_client, open_call, department, innovation_unit
):
    attachment = _upload_through_the_form(staff_client, open_call, department)
    colleague = CoProposerFactory(proposal=attachment.proposal).user
    url = reverse("proposals:attachment-download", args=[attachment.pk])
    client.force_login(colleague)
    assert client.get(url).status_code == 200
    # A draft is private to its authors, the innovation unit included...
    client.force_login(innovation_unit)
    assert client.get(url).status_code == 404
    # ...which sees it once it is submitted.
    proposal_submit(proposal=attachment.proposal, by=attachment.proposal.proposer)
    assert client.get(url).status_code == 200


def test_deleting_an_attachment_removes_the_file(staff_client, open_call, department, django_capture_on_commit_callbacks):
    attachment = _upload_through_the_form(staff_client, open_call, department)
    storage, name = attachment.file.storage, attachment.file.name
    assert storage.exists(name)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = staff_client.post(reverse("proposals:attachment-delete", args=[attachment.pk]))
    assert response.status_code == 302
    assert not Attachment.objects.exists()
    assert storage.exists(name)  # until the transaction commits: a rollback keeps the file
    for callback in callbacks:
        callback()
    assert not storage.exists(name)


def test_a_missing_file_is_404_not_500(staff_client, open_call, department):
    attachment = _upload_through_the_form(staff_client, open_call, department)
    attachment.file.storage.delete(attachment.file.name)
    assert (
        staff_client.get(reverse("proposals:attachment-download", args=[attachment.pk])).status_code
        == 404
    )
