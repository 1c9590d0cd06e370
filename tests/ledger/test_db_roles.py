"""Issue 17: the application cannot switch the ledger off.

In a throwaway database of its own the test creates the two roles with ``docs/db-roles.sql``
(as the superuser, as an operator would), migrates through ``manage.py migrate`` with
``MIGRATE_DATABASE_URL`` (the owner, not a superuser) and ``DATABASE_URL`` (the application
role), then works as the application role: an ordinary proposal save and submit through the
HTTP views (sessions, history, outbox, summary triggers, a ledger entry) and a checkpoint
succeed; switching the ledger's triggers off, updating, deleting or truncating its rows, a
replica session and creating a table are refused, and the rows are unchanged."""

import contextlib
import json
import os
import secrets
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path
from urllib.parse import quote

import psycopg2
import pytest
from django.db import connection
from psycopg2 import errors, sql

pytestmark = pytest.mark.postgres

ROOT = Path(__file__).resolve().parents[2]
LEDGER_TABLES = ("ledger_ledgerentry", "ledger_ledgercheckpoint")


def _require_postgres():
    reason = ""
    if connection.vendor != "postgresql":
        reason = "needs PostgreSQL (set DATABASE_URL=postgres://...)"
    elif not shutil.which("psql"):
        reason = "needs psql (it runs docs/db-roles.sql)"
    if reason:
        pytest.fail(reason) if os.environ.get("CI") else pytest.skip(reason)


class RoleDatabase:
    """A database with an owner and an application role, both made by docs/db-roles.sql."""

    def __init__(self, settings_dict: dict):
        self.host = settings_dict.get("HOST") or "127.0.0.1"
        self.port = str(settings_dict.get("PORT") or 5432)
        self.superuser = {"user": settings_dict["USER"], "password": settings_dict.get("PASSWORD") or ""}
        suffix = secrets.token_hex(4)
        self.name = f"glab_roles_{suffix}"
        self.owner, self.app = f"glab_owner_{suffix}", f"glab_app_{suffix}"
        self.passwords = {self.owner: secrets.token_urlsafe(16), self.app: secrets.token_urlsafe(16)}

    def url(self, role: str) -> str:
        return f"postgres://{role}:{quote(self.passwords[role])}@{self.host}:{self.port}/{self.name}"

    def connect(self, role: str | None = None, dbname: str | None = None):
        credentials = {"user": role, "password": self.passwords[role]} if role else self.superuser
        conn = psycopg2.connect(host=self.host, port=self.port, dbname=dbname or self.name, **credentials)
        conn.autocommit = True
        return conn

    def create(self):
        with contextlib.closing(self.connect(dbname="postgres")) as admin, admin.cursor() as cursor:
            cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(self.name)))
        subprocess.run(  # noqa: S603
            [shutil.which("psql") or "psql", "-X", "-q", "-h", self.host, "-p", self.port, "-U", self.superuser["user"], "-d", self.name,
             "-v", f"owner={self.owner}", "-v", f"owner_password={self.passwords[self.owner]}",
             "-v", f"app={self.app}", "-v", f"app_password={self.passwords[self.app]}",
             "-f", str(ROOT / "docs" / "db-roles.sql")],
            check=True, capture_output=True, text=True, timeout=60,
            env={**os.environ, "PGPASSWORD": self.superuser["password"]},
        )

    def drop(self):
        admin = self.connect(dbname="postgres")
        with admin.cursor() as cursor:
            cursor.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(self.name)))
            for role in (self.app, self.owner):
                cursor.execute(sql.SQL("DROP ROLE IF EXISTS {}").format(sql.Identifier(role)))
        admin.close()

    def portal_env(self, tmp_path: Path, *, migrating: bool) -> dict:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_", "REDIS_", "DB_"))}
        env.pop("MIGRATE_DATABASE_URL", None)
        env.update(
            DJANGO_SETTINGS_MODULE="glab_portal.settings", DEBUG="1", SECURE_COOKIES="0",
            ALLOWED_HOSTS="testserver", MEDIA_ROOT=str(tmp_path / "media"), DATABASE_URL=self.url(self.app),
            PYTHONPATH=str(ROOT),
        )
        if migrating:
            env["MIGRATE_DATABASE_URL"] = self.url(self.owner)
        return env


@pytest.fixture
def role_database():
    _require_postgres()
    database = RoleDatabase(connection.settings_dict)
    try:
        database.create()
        yield database
    finally:
        database.drop()


def manage(database: RoleDatabase, tmp_path: Path, *args: str) -> str:
    done = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", *args], cwd=ROOT, env=database.portal_env(tmp_path, migrating=True),
        capture_output=True, text=True, timeout=600,
    )
    assert done.returncode == 0, done.stderr[-4000:]
    return done.stdout


# Runs as the application role: the ordinary writes of a proposer, through the HTTP views.
APP_ROLE_WORK = """
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.urls import reverse

from ledger.models import LedgerCheckpoint, LedgerEntry
from ledger.services import ledger_checkpoint_record
from notifications.models import Notification
from proposals.models import Proposal
from tests.factories import CallFactory, DepartmentFactory, UserFactory
from tests.proposals.helpers import proposal_data

call, department, proposer = CallFactory(), DepartmentFactory(), UserFactory()
client = Client()
client.force_login(proposer)
saved = client.post(reverse("proposals:proposal-create", args=[call.pk]), proposal_data(department=department))
proposal = Proposal.objects.get(proposer=proposer)
submitted = client.post(reverse("proposals:proposal-submit", args=[proposal.pk]))
proposal.refresh_from_db()
ledger_checkpoint_record(by=None)
call_command("verify_ledger")
with connection.cursor() as cursor:
    cursor.execute("SELECT current_user, (SELECT count(*) FROM django_session)")
    user, sessions = cursor.fetchone()
result = {
    "user": user, "saved": saved.status_code, "submitted": submitted.status_code, "status": proposal.status,
    "history": proposal.history.count(), "sessions": sessions,
    "receipts": Notification.objects.filter(kind="proposal_submitted").count(),
    "entries": LedgerEntry.objects.count(), "checkpoints": LedgerCheckpoint.objects.count(),
}
"""


def run_as_app_role(database: RoleDatabase, tmp_path: Path) -> dict:
    program = "import django, json\ndjango.setup()\n" + textwrap.dedent(APP_ROLE_WORK) + (
        "\nprint('RESULT ' + json.dumps(result))\n"
    )
    done = subprocess.run(  # noqa: S603
        [sys.executable, "-c", program], cwd=ROOT, env=database.portal_env(tmp_path, migrating=False),
        capture_output=True, text=True, timeout=600,
    )
    assert done.returncode == 0, done.stderr[-4000:]
    line = [x for x in done.stdout.splitlines() if x.startswith("RESULT ")][-1]
    return json.loads(line[len("RESULT "):])


def refused(cursor, statement: str) -> str:
    """The error PostgreSQL refuses ``statement`` with, or "" when it runs."""
    try:
        cursor.execute(statement)
    except errors.InsufficientPrivilege as error:
        return str(error)
    return ""


def by_grant(message: str) -> bool:
    """Refused by the role's privileges, before the append-only trigger is even asked."""
    return message.startswith(("permission denied", "must be owner"))


def test_application_role_appends_to_the_ledger_but_cannot_switch_it_off(role_database, tmp_path):
    database = role_database
    manage(database, tmp_path, "migrate", "--no-input")
    assert "grants applied" in manage(database, tmp_path, "db_roles")  # idempotent, run again

    with contextlib.closing(database.connect()) as admin, admin.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_tables WHERE schemaname = 'public' AND tableowner <> %s", [database.owner]
        )
        assert cursor.fetchone()[0] == 0, "every table is the owner's"
        cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname IN (%s, %s)", [database.owner, database.app])
        assert [row[0] for row in cursor.fetchall()] == [False, False]

    work = run_as_app_role(database, tmp_path)
    assert work["user"] == database.app
    assert (work["saved"], work["submitted"], work["status"]) == (302, 302, "submitted")
    assert work["history"] >= 2 and work["sessions"] >= 1 and work["receipts"] == 1
    assert work["entries"] >= 1 and work["checkpoints"] == 1

    app = database.connect(database.app)
    with app.cursor() as cursor:
        cursor.execute("SELECT count(*), max(entry_hash) FROM ledger_ledgerentry")
        before = cursor.fetchone()
        # Table names are the constants above; nothing from outside reaches these statements.
        for table in LEDGER_TABLES:
            assert by_grant(refused(cursor, f"ALTER TABLE {table} DISABLE TRIGGER ALL")), table
            assert by_grant(refused(cursor, f"ALTER TABLE {table} DISABLE TRIGGER {table}_append_only")), table
            assert by_grant(refused(cursor, f"UPDATE {table} SET entry_hash = entry_hash")), table  # noqa: S608
            assert by_grant(refused(cursor, f"DELETE FROM {table}")), table  # noqa: S608
            assert by_grant(refused(cursor, f"TRUNCATE {table}")), table
        assert by_grant(refused(cursor, "UPDATE ledger_ledgeranchor SET line = ''"))
        assert by_grant(refused(cursor, "DELETE FROM ledger_ledgeranchor"))
        assert by_grant(refused(cursor, "SET session_replication_role = replica"))
        assert by_grant(refused(cursor, "CREATE TABLE intruder (id int)"))
        # what delivery of an anchor changes is still allowed
        cursor.execute("UPDATE ledger_ledgeranchor SET last_error = '' WHERE false")
        cursor.execute("SELECT count(*), max(entry_hash) FROM ledger_ledgerentry")
        assert cursor.fetchone() == before
    app.close()
