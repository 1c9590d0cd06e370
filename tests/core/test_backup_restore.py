"""Issue 18, backups that restore: the drill (PostgreSQL, runs under ``make test`` in CI).

Two throwaway databases, each with its owner and application roles made by
``docs/db-roles.sql``. The source is migrated by its owner and seeded with the demo data by the
application role, which then uploads a proposal's files (each with the board's scrubbed copy)
and a lab's, and takes the backup. The set is restored into the other database, as ITS owner,
and into another media directory; then: the rows of every table, every file's sha256 (read
from the storages, not from the set), ``verify_ledger --state`` as the application role, and that
role still cannot UPDATE, DELETE or TRUNCATE the ledger. A set that does not match its
manifest, or a target that is not empty, is refused with nothing written."""

import contextlib
import hashlib
import json
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from core.backups import BackupError
from core.backups.manifest import file_path, set_problems
from tests.db_roles import LEDGER_TABLES, ROOT, RoleDatabase, by_grant, refused, require_postgres

ADD_FILES = """
import io
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from labs.models import Lab
from labs.services._common import store_attachments
from proposals import permissions
from proposals.models import Proposal
from proposals.services.attachments import attachments_add

picture = io.BytesIO()
Image.new("RGB", (40, 30), (200, 30, 30)).save(picture, "PNG")
proposal = next(p for p in Proposal.objects.order_by("pk") if permissions.can_edit_proposal(p.proposer, p))
attachments_add(proposal=proposal, by=proposal.proposer, uploads=[
    SimpleUploadedFile("계획.txt", "블록체인 행정혁신 계획\\n".encode()),
    SimpleUploadedFile("도표.png", picture.getvalue()),
])
lab = Lab.objects.order_by("pk").first()
store_attachments(lab=lab, by=lab.memberships.first().user, entry=lab.entries.first(),
                  uploads=[SimpleUploadedFile("주간.txt", "이번 주 진행\\n".encode())])
"""

# (table, column) of every stored file's name: the files the drill checks on both sides.
FILE_COLUMNS = (
    ("proposals_attachment", "file"),
    ("proposals_attachment", "board_file"),
    ("labs_labattachment", "file"),
    ("people_importrecord", "org_file"),
    ("people_importrecord", "staff_file"),
)


def run(
    database: RoleDatabase, media: Path, *args: str, owner: bool = False
) -> subprocess.CompletedProcess:
    """``manage.py`` (or ``python -c`` with ``-c``) against ``database`` and ``media``; as the
    application role, with ``MIGRATE_DATABASE_URL`` (the owner) for the owner's commands."""
    env = database.portal_env(media.parent, migrating=owner)
    env["MEDIA_ROOT"] = str(media)
    command = [sys.executable, *args] if args[0] == "-c" else [sys.executable, "manage.py", *args]
    return subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=900)  # noqa: S603


def ok(done: subprocess.CompletedProcess) -> str:
    assert done.returncode == 0, (done.stdout[-2000:], done.stderr[-4000:])
    return done.stdout


def counts(database: RoleDatabase) -> dict[str, int]:
    with contextlib.closing(database.connect()) as conn, conn.cursor() as cursor:
        cursor.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
        )
        tables = [row[0] for row in cursor.fetchall()]
        result = {}
        for table in tables:
            cursor.execute(f'SELECT count(*) FROM "{table}"')  # noqa: S608  (names from the catalogue)
            result[table] = cursor.fetchone()[0]
    return result


def stored_files(database: RoleDatabase, media: Path) -> dict[str, str]:
    """sha256 of every file a row points to, read from the media directory."""
    found = {}
    with contextlib.closing(database.connect()) as conn, conn.cursor() as cursor:
        for table, column in FILE_COLUMNS:
            cursor.execute(f"SELECT {column} FROM {table} WHERE {column} <> ''")  # noqa: S608  (constants)
            for (name,) in cursor.fetchall():
                found[name] = hashlib.sha256((media / name).read_bytes()).hexdigest()
    return found


@pytest.fixture
def two_databases():
    require_postgres()
    databases = [RoleDatabase(connection.settings_dict), RoleDatabase(connection.settings_dict)]
    try:
        for database in databases:
            database.create()
        yield databases
    finally:
        for database in databases:
            database.drop()


@pytest.mark.postgres
def test_the_demo_data_backed_up_restores_elsewhere_and_verifies(two_databases, tmp_path):
    source, target = two_databases
    source_media, target_media, backup = (
        tmp_path / "a" / "media",
        tmp_path / "b" / "media",
        tmp_path / "set",
    )
    ok(run(source, source_media, "migrate", "--no-input", "-v", "0", owner=True))
    ok(run(source, source_media, "seed_demo"))
    ok(
        run(
            source,
            source_media,
            "-c",
            "import django\ndjango.setup()\n" + textwrap.dedent(ADD_FILES),
        )
    )
    ok(
        run(source, source_media, "backup", str(backup))
    )  # as the application role: it reads everything

    manifest = json.loads((backup / "manifest.json").read_text())
    source_counts, source_files = counts(source), stored_files(source, source_media)
    assert manifest["database"]["tables"] == source_counts
    assert source_counts["ledger_ledgerentry"] > 0 and source_counts["proposals_proposal"] > 0
    fields = {entry["field"] for entry in manifest["files"]}
    assert fields == {
        "proposals.Attachment.file",
        "proposals.Attachment.board_file",
        "labs.LabAttachment.file",
    }
    assert {entry["name"]: entry["sha256"] for entry in manifest["files"]} == source_files
    assert len(source_files) == 5
    assert (
        "proposals.0001_initial" in manifest["database"]["migrations"]
        and manifest["portal_version"]
    )

    # A set that does not match its manifest is refused before anything is written.
    tampered = tmp_path / "tampered"
    shutil.copytree(backup, tampered)
    victim = tampered / manifest["files"][0]["path"]
    victim.write_bytes(victim.read_bytes() + b"!")
    refusal = run(target, target_media, "restore", str(tampered), owner=True)
    assert refusal.returncode == 2 and manifest["files"][0]["path"] in refusal.stderr, (
        refusal.stderr
    )
    assert counts(target) == {} and not target_media.exists()

    done = ok(run(target, target_media, "restore", str(backup), owner=True))
    assert "grants applied" in done and f"OK: {source_counts['ledger_ledgerentry']} entries" in done

    assert counts(target) == source_counts
    assert stored_files(target, target_media) == source_files
    assert sorted(
        p.relative_to(target_media).as_posix() for p in target_media.rglob("*") if p.is_file()
    ) == sorted(source_files)
    # As the application role; --state: the restored rows still say what the ledger recorded.
    assert "State OK" in ok(run(target, target_media, "verify_ledger", "--state"))

    with contextlib.closing(target.connect()) as admin, admin.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_tables WHERE schemaname = 'public' AND tableowner <> %s",
            [target.owner],
        )
        assert cursor.fetchone()[0] == 0, "every restored table is the target's owner's"
    with contextlib.closing(target.connect(target.app)) as app, app.cursor() as cursor:
        for table in LEDGER_TABLES:
            assert by_grant(refused(cursor, f"UPDATE {table} SET entry_hash = entry_hash")), table  # noqa: S608
            assert by_grant(refused(cursor, f"DELETE FROM {table}")), table  # noqa: S608
            assert by_grant(refused(cursor, f"TRUNCATE {table}")), table
            assert by_grant(refused(cursor, f"ALTER TABLE {table} DISABLE TRIGGER ALL")), table
        cursor.execute(
            "SELECT count(*) FROM proposals_proposal"
        )  # and it still reads and writes the rest
        cursor.execute("UPDATE accounts_user SET last_login = last_login WHERE false")
    assert counts(target)["ledger_ledgerentry"] == source_counts["ledger_ledgerentry"]

    # Restoring again into the now non-empty database is refused, writing nothing.
    again = run(target, tmp_path / "c" / "media", "restore", str(backup), owner=True)
    assert (
        again.returncode == 2
        and "not empty" in again.stderr
        and "nothing was written" in again.stderr
    )
    assert counts(target) == source_counts and not (tmp_path / "c" / "media").exists()


@pytest.mark.django_db
def test_sqlite_is_refused_clearly(tmp_path):
    if connection.vendor != "sqlite":
        pytest.skip("the SQLite refusal")
    with pytest.raises(CommandError, match="PostgreSQL only"):
        call_command("backup", str(tmp_path / "set"))
    assert not (tmp_path / "set").exists()


@pytest.mark.parametrize("name", ["../etc/passwd", "/etc/passwd", "a/../../b", "", "a//b"])
def test_a_stored_name_never_leaves_the_set(name):
    with pytest.raises(BackupError):
        file_path("proposals.Attachment.file", name)


def test_a_plain_name_is_kept():
    assert (
        file_path("proposals.Attachment.file", "attachments/3/abc")
        == "files/proposals.Attachment.file/attachments/3/abc"
    )


def test_a_set_is_checked_against_its_manifest(tmp_path):
    """The dump and every file by sha256 and size, and each file where its field and name put it."""
    (tmp_path / "database.dump").write_bytes(b"dump")
    inside = tmp_path / file_path("labs.LabAttachment.file", "labs/1/a")
    inside.parent.mkdir(parents=True)
    inside.write_bytes(b"file")
    entry = {
        "field": "labs.LabAttachment.file",
        "name": "labs/1/a",
        "path": file_path("labs.LabAttachment.file", "labs/1/a"),
        "sha256": hashlib.sha256(b"file").hexdigest(),
        "size": 4,
    }
    manifest = {
        "database": {
            "file": "database.dump",
            "sha256": hashlib.sha256(b"dump").hexdigest(),
            "size": 4,
        },
        "files": [entry],
    }
    assert set_problems(tmp_path, manifest) == []

    moved = {**manifest, "files": [{**entry, "name": "labs/1/b"}]}
    assert set_problems(tmp_path, moved) == [
        f"{entry['path']}: not where labs.LabAttachment.file 'labs/1/b' belongs"
    ]
    (tmp_path / "database.dump").write_bytes(b"dumq")
    [problem] = set_problems(tmp_path, manifest)
    assert problem.startswith("database.dump: sha256 ")
    inside.unlink()
    assert set_problems(tmp_path, manifest)[1] == f"{entry['path']}: missing"
