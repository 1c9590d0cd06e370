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
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from django.db import connection

from tests.db_roles import LEDGER_TABLES, ROOT, RoleDatabase, by_grant, refused, require_postgres

pytestmark = pytest.mark.postgres


@pytest.fixture
def role_database():
    require_postgres()
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


def test_application_role_appends_to_the_ledger_but_cannot_switch_it_off(role_database, tmp_path):
    database = role_database
    manage(database, tmp_path, "migrate", "--no-input")
    assert "grants applied" in manage(database, tmp_path, "db_roles")  # idempotent, run again
    assert "neither a superuser nor the owner" in manage(database, tmp_path, "db_roles", "--check")

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
