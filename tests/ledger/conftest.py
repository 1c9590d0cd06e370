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
