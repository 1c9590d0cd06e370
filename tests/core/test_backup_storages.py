"""Backups read and write files only through the storage API: the same code backs up and
restores files on S3-compatible storage (a moto server on 127.0.0.1) as on local disk; a file a
row points to but the storage lost fails the backup, naming it, and leaves no set behind."""

import hashlib
import os

import boto3
import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection

from core.backups import BackupError
from core.backups.files import copy_in, nonempty_storages, stored_fields
from core.backups.services import backup_create
from proposals.models import Attachment
from tests.factories import ProposalFactory
from tests.smtp import free_port

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _postgres():
    if connection.vendor != "postgresql":
        reason = "backups need PostgreSQL (set DATABASE_URL=postgres://...)"
        pytest.fail(reason) if os.environ.get("CI") else pytest.skip(reason)


@pytest.fixture
def s3(settings):
    """A moto S3 server; the default storage on its bucket ``portal``. Yields a bucket maker."""
    from moto.server import ThreadedMotoServer

    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port)
    server.start()
    endpoint = f"http://127.0.0.1:{port}"
    client = boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name="us-east-1",
        aws_access_key_id="test",
        aws_secret_access_key="test",
    )

    def use_bucket(name: str):
        client.create_bucket(Bucket=name)
        settings.STORAGES = {
            **settings.STORAGES,
            "default": {
                "BACKEND": "storages.backends.s3.S3Storage",
                "OPTIONS": {
                    "bucket_name": name,
                    "endpoint_url": endpoint,
                    "access_key": "test",
                    "secret_key": "test",
                    "region_name": "us-east-1",
                    "default_acl": None,
                    "querystring_auth": False,
                },
            },
        }
        return client

    yield use_bucket
    server.stop()


def attachment(content: bytes, board: bytes | None = None) -> Attachment:
    proposal = ProposalFactory()
    row = Attachment(
        proposal=proposal,
        original_name="계획.txt",
        size=len(content),
        kind="txt",
        uploaded_by=proposal.proposer,
    )
    row.file.save("upload", ContentFile(content), save=False)
    if board is not None:
        row.board_file.save("board", ContentFile(board), save=False)
    row.save()
    return row


def test_files_on_s3_are_backed_up_and_restored_through_the_storage_api(s3, tmp_path):
    client = s3("portal")
    first, second = attachment(b"original one", board=b"scrubbed one"), attachment(b"original two")
    assert (
        type(default_storage._wrapped).__name__ == "S3Storage" and not (tmp_path / "media").exists()
    )

    manifest = backup_create(tmp_path / "set")
    entries = {(e["field"], e["name"]): e for e in manifest["files"]}
    expected = {
        ("proposals.Attachment.file", first.file.name): b"original one",
        ("proposals.Attachment.board_file", first.board_file.name): b"scrubbed one",
        ("proposals.Attachment.file", second.file.name): b"original two",
    }
    assert entries.keys() == expected.keys()
    for key, content in expected.items():
        assert entries[key]["sha256"] == hashlib.sha256(content).hexdigest()
        assert (tmp_path / "set" / entries[key]["path"]).read_bytes() == content

    # Into another, empty bucket: found empty, written, read back, then no longer empty.
    client = s3("restored")
    fields = {stored.key: stored for stored in stored_fields()}
    assert nonempty_storages(list(fields.values())) == []
    for entry in manifest["files"]:
        copy_in(fields[entry["field"]], entry, tmp_path / "set")
    for (_field, name), content in expected.items():
        assert client.get_object(Bucket="restored", Key=name)["Body"].read() == content
    [found] = nonempty_storages(list(fields.values()))
    assert found.startswith("s3://restored/") and "attachments" in found


def test_a_file_the_storage_lost_fails_the_backup_and_leaves_no_set(s3, tmp_path):
    s3("portal")
    lost = attachment(b"will be lost")
    default_storage.delete(lost.file.name)
    with pytest.raises(BackupError, match=lost.file.name):
        backup_create(tmp_path / "set")
    assert not (tmp_path / "set").exists()


def test_a_backup_never_writes_into_a_used_directory(tmp_path):
    (tmp_path / "set").mkdir()
    (tmp_path / "set" / "keep.txt").write_text("mine")
    with pytest.raises(BackupError, match="not an empty directory"):
        backup_create(tmp_path / "set")
    assert [p.name for p in (tmp_path / "set").iterdir()] == ["keep.txt"]
