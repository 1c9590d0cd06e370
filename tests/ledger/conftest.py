from contextlib import contextmanager

import pytest
from django.db import connection

from ledger.enums import LedgerKind
from ledger.services import ledger_append
from tests.factories import SubmittedProposalFactory, UserFactory


@contextmanager
def tamper():
    """A raw cursor that may UPDATE and DELETE ledger rows, as an attacker with database
    access would. On PostgreSQL the append-only trigger is switched off for this transaction
    only (``SET LOCAL session_replication_role = replica``; needs a superuser, as the test
    database role is) and switched back on afterwards. Use inside a transaction (any
    ``django_db`` test is one)."""
    postgres = connection.vendor == "postgresql"
    with connection.cursor() as cursor:
        if postgres:
            cursor.execute("SET LOCAL session_replication_role = replica")
        try:
            yield cursor
        finally:
            if postgres:
                cursor.execute("SET LOCAL session_replication_role = DEFAULT")


def append_decisions(count: int, *, actor=None) -> list:
    """``count`` entries about submitted proposals, each recording its proposal and call ids."""
    entries = []
    for _ in range(count):
        proposal = SubmittedProposalFactory()
        entries.append(
            ledger_append(
                kind=LedgerKind.PROPOSAL_SUBMITTED,
                obj=proposal,
                actor=actor or proposal.proposer,
                data={
                    "proposal_id": proposal.pk,
                    "call_id": proposal.call_id,
                    "status": "submitted",
                },
            )
        )
    return entries


@pytest.fixture
def five_entries(db):
    return append_decisions(5, actor=UserFactory())


@pytest.fixture
def anchor_keys(tmp_path, settings, capsys):
    """A signing key made by ``ledger_keygen`` and the settings that turn anchors on: the key
    file, an anchor file and two auditors. Returns the anchor file's path and the public key."""
    pytest.importorskip("cryptography")
    from django.core.management import call_command

    key_file = tmp_path / "ledger-signing.pem"
    capsys.readouterr()
    call_command("ledger_keygen", str(key_file))
    public_key = capsys.readouterr().out.strip()
    settings.LEDGER_SIGNING_KEY_FILE = str(key_file)
    settings.LEDGER_ANCHOR_FILE = str(tmp_path / "anchors.txt")
    settings.LEDGER_AUDITORS = ["audit@example.go.kr", "Second.Auditor@example.go.kr"]
    settings.LEDGER_PUBLIC_KEY = public_key
    return tmp_path / "anchors.txt", public_key
