"""Uploaded files on S3-compatible object storage (``core.storage``), against a real S3 server
started by the test session (``tests.s3_server``): every place that stores, streams, copies or
removes a file goes through the storage API, so with a bucket configured nothing is written
to or read from ``MEDIA_ROOT``, and removing a file removes the object."""

import io
import zipfile
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from core.tasks import sweep_orphan_files
from privacy.models import PersonalDataAccess
from proposals import services
from proposals.enums import BoardCopyStatus, ProposalStatus
from proposals.models import Attachment
from tests.factories import CallFactory, ProposalFactory, SubmittedProposalFactory
from tests.factories.insight import attach
from tests.proposals import scrub_samples as samples
from tests.proposals.helpers import MINIMAL_PDF, upload

PHOTO = samples.jpeg_with_identity()


@pytest.fixture
def picture(s3_bucket, staff, open_call):
    """A proposal's photo carrying its maker's name: stored with a scrubbed board copy."""
    draft = ProposalFactory(call=open_call, proposer=staff)
    return services.attachment_add(proposal=draft, upload=upload("사진.jpg", PHOTO), by=staff)


def test_an_upload_and_its_board_copy_are_objects_in_the_bucket(picture, s3_bucket, s3_server):
    picture.refresh_from_db()
    assert picture.board_status == BoardCopyStatus.READY
    assert s3_server.keys(s3_bucket) == {picture.file.name, picture.board_file.name}
    body = s3_server.client().get_object(Bucket=s3_bucket, Key=picture.file.name)["Body"].read()
    assert body == PHOTO
    with picture.board_file.open("rb") as handle:
        assert samples.leaks(handle.read()) == []
    media = Path(settings.MEDIA_ROOT)
    assert (
        not (media / picture.file.name).exists() and not (media / picture.board_file.name).exists()
    )


def test_the_bucket_stays_private_and_no_link_to_it_is_ever_made(picture, s3_bucket, s3_server):
    grants = s3_server.client().get_object_acl(Bucket=s3_bucket, Key=picture.file.name)["Grants"]
    assert not [
        g for g in grants if g["Grantee"].get("URI")
    ]  # no AllUsers / AuthenticatedUsers grant
    # The admin shows a file field as a link: the bare name, never the store or a signature.
    assert picture.file.url == picture.file.name
    # A second file saved under the same name gets a new name: nothing is overwritten.
    first = default_storage.save("attachments/same", ContentFile(b"first"))
    second = default_storage.save("attachments/same", ContentFile(b"second"))
    assert first != second and default_storage.open(first).read() == b"first"


def test_the_admin_shows_a_stored_file_without_linking_to_the_store(
    picture, admin_client, s3_server
):
    response = admin_client.get(reverse("admin:proposals_attachment_change", args=[picture.pk]))
    assert response.status_code == 200
    assert picture.file.name in response.text and s3_server.endpoint not in response.text


def test_a_download_is_streamed_by_the_view_and_logged(picture, staff, client):
    client.force_login(staff)
    response = client.get(reverse("proposals:attachment-download", args=[picture.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PHOTO
    assert response["Content-Disposition"].startswith("attachment;")
    assert (
        PersonalDataAccess.objects.filter(
            user=staff, what="proposals:attachment-download", object_id=picture.pk
        ).count()
        == 1
    )


def test_a_missing_object_is_404(picture, staff, client, s3_bucket, s3_server):
    s3_server.client().delete_object(Bucket=s3_bucket, Key=picture.file.name)
    client.force_login(staff)
    assert (
        client.get(reverse("proposals:attachment-download", args=[picture.pk])).status_code == 404
    )


def test_removing_an_attachment_removes_both_objects_after_commit(
    picture, staff, s3_bucket, s3_server, django_capture_on_commit_callbacks
):
    keys = {picture.file.name, picture.board_file.name}
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.attachment_delete(attachment=picture, by=staff)
    assert s3_server.keys(s3_bucket) == keys  # a rollback would have kept the files
    for callback in callbacks:
        callback()
    assert s3_server.keys(s3_bucket) == set()


def test_anonymising_a_closed_call_removes_its_objects(
    s3_bucket, s3_server, innovation_unit, django_capture_on_commit_callbacks
):
    now = timezone.now()
    old_call = CallFactory(
        code="2019-G", opens_at=now - timedelta(days=2200), closes_at=now - timedelta(days=2190)
    )
    proposal = SubmittedProposalFactory(call=old_call, status=ProposalStatus.NOT_SELECTED)
    old = attach(proposal, "옛 제안서.pdf")
    old.board_file.save("board", ContentFile(MINIMAL_PDF))
    recent = attach(SubmittedProposalFactory(call=CallFactory()), "새 제안서.pdf")
    assert s3_server.keys(s3_bucket) == {old.file.name, old.board_file.name, recent.file.name}

    with django_capture_on_commit_callbacks(execute=True):
        call_command("anonymise_closed_calls", "--older-than-days", "1825")

    assert not Attachment.objects.filter(pk=old.pk).exists()
    assert s3_server.keys(s3_bucket) == {recent.file.name}


def test_build_board_copies_replaces_the_copy_in_the_bucket(
    picture, s3_bucket, s3_server, django_capture_on_commit_callbacks, capsys
):
    picture.refresh_from_db()
    original, first_copy = picture.file.name, picture.board_file.name

    with django_capture_on_commit_callbacks(execute=True):
        call_command("build_board_copies", "--all")

    assert capsys.readouterr().out.strip() == "ready: 1"
    picture.refresh_from_db()
    assert picture.board_copy_ready and picture.board_file.name != first_copy
    assert s3_server.keys(s3_bucket) == {original, picture.board_file.name}
    with picture.board_file.open("rb") as handle:
        assert samples.leaks(handle.read()) == []


def test_the_call_archive_reads_attachments_from_the_bucket(s3_bucket, iu_client):
    proposal = SubmittedProposalFactory(call=CallFactory(code="2026-S"), reference="2026-S-001")
    attach(proposal, "현장 사진.pdf", b"%PDF-1.4 from the bucket")
    response = iu_client.get(reverse("insight:call-archive", args=[proposal.call.pk]))
    assert response.status_code == 200
    archive = zipfile.ZipFile(
        io.BytesIO(b"".join(response.streaming_content) if response.streaming else response.content)
    )
    assert (
        archive.read("2026-S/attachments/2026-S-001/현장 사진.pdf") == b"%PDF-1.4 from the bucket"
    )


def test_ensure_storage_bucket_creates_a_missing_bucket_and_checks_it(
    s3_bucket, s3_server, settings, capsys
):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            **settings.STORAGES["default"],
            "OPTIONS": {
                **settings.STORAGES["default"]["OPTIONS"],
                "bucket_name": s3_bucket + "-new",
            },
        },
    }
    call_command("ensure_storage_bucket")
    assert (
        capsys.readouterr().out.strip() == f"bucket {s3_bucket}-new: created, written and read back"
    )
    call_command("ensure_storage_bucket")
    assert (
        capsys.readouterr().out.strip() == f"bucket {s3_bucket}-new: exists, written and read back"
    )
    assert s3_server.keys(s3_bucket + "-new") == set()  # the probe is gone


def test_ensure_storage_bucket_on_the_local_disk_does_nothing(db, capsys):
    call_command("ensure_storage_bucket")
    assert "local disk" in capsys.readouterr().out


def _orphan_sweep(*args) -> list[str]:
    out = io.StringIO()
    call_command("sweep_orphan_files", *args, stdout=out)
    return out.getvalue().strip().splitlines()


def test_files_no_row_points_to_are_swept_from_the_bucket_after_the_grace_period(
    picture, s3_bucket, s3_server
):
    picture.refresh_from_db()
    # What a refused submission leaves behind: written before the transaction rolled back.
    orphan = default_storage.save("attachments/9/left-behind", ContentFile(b"personal data"))
    kept = {picture.file.name, picture.board_file.name}

    assert _orphan_sweep()[-1] == "3 stored, 1 referenced by no row, 0 older than 24 h removed"
    assert _orphan_sweep("--older-than-hours", "0", "--dry-run") == [
        f"would remove {orphan}",
        "3 stored, 1 referenced by no row, 1 older than 0 h to remove",
    ]
    assert s3_server.keys(s3_bucket) == kept | {orphan}
    assert _orphan_sweep("--older-than-hours", "0")[0] == f"removing {orphan}"
    assert s3_server.keys(s3_bucket) == kept


def test_the_daily_task_sweeps_with_the_configured_grace(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    attach(SubmittedProposalFactory(), "제안서.pdf")
    orphan = default_storage.save("attachments/9/left-behind", ContentFile(b"personal data"))
    assert sweep_orphan_files() == 0  # younger than ORPHAN_FILES_GRACE_HOURS (24)
    settings.ORPHAN_FILES_GRACE_HOURS = 0
    assert sweep_orphan_files() == 1
    assert not (tmp_path / orphan).exists()
    assert (
        settings.CELERY_BEAT_SCHEDULE["sweep-orphan-files"]["task"]
        == "core.tasks.sweep_orphan_files"
    )


def test_files_no_row_points_to_are_swept_from_the_local_disk(staff, open_call, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    draft = ProposalFactory(call=open_call, proposer=staff)
    kept = services.attachment_add(proposal=draft, upload=upload("사진.jpg", PHOTO), by=staff)
    orphan = default_storage.save("attachments/9/left-behind", ContentFile(b"personal data"))
    # What an operator put beside the uploads is not the sweep's: only the upload folders are.
    beside = [
        default_storage.save(name, ContentFile(b"x"))
        for name in ("anchors.txt", "backups/2026-12-07.tar")
    ]
    assert (
        _orphan_sweep("--older-than-hours", "0")[-1]
        == "3 stored, 1 referenced by no row, 1 older than 0 h removed"
    )
    assert sorted(
        p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*") if p.is_file()
    ) == sorted([kept.file.name, kept.board_file.name, *beside])
    assert not (tmp_path / orphan).exists()
