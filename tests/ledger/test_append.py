"""Appending builds a valid chain; the payload holds ids and codes only; rows never change."""

import hashlib
import json
from datetime import UTC, date, datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from ledger.canonical import GENESIS_HASH
from ledger.enums import LedgerKind
from ledger.models import LedgerCheckpoint, LedgerEntry
from ledger.services import ledger_append, ledger_checkpoint_record, ledger_verify
from tests.factories import SubmittedProposalFactory

from .conftest import append_decisions


def test_appends_build_a_gapless_linked_chain(db):
    entries = append_decisions(4)
    stored = list(LedgerEntry.objects.order_by("position"))
    assert [e.position for e in stored] == [1, 2, 3, 4]
    assert stored[0].prev_hash == GENESIS_HASH
    for before, after in zip(stored, stored[1:], strict=False):
        assert after.prev_hash == before.entry_hash
    assert [e.entry_hash for e in stored] == [e.entry_hash for e in entries]
    result = ledger_verify()
    assert result.ok
    assert result.message == f"OK: 4 entries, head {stored[-1].entry_hash}"


def test_entry_records_the_object_actor_and_canonical_payload(db, innovation_unit):
    proposal = SubmittedProposalFactory()
    decided_at = datetime(2019, 6, 20, 15, 30, tzinfo=timezone.get_current_timezone())
    entry = ledger_append(
        kind=LedgerKind.SCREENING_SELECTED,
        obj=proposal,
        actor=innovation_unit,
        data={
            "rank": 1,
            "proposal_id": proposal.pk,
            "decided_at": decided_at,
            "due": date(2019, 7, 1),
            "flags": [True, None],
        },
    )
    assert entry.object_type == "proposals.proposal"
    assert entry.object_id == proposal.pk
    assert entry.actor_id == innovation_unit.pk
    assert entry.payload == (
        '{"decided_at":"2019-06-20T06:30:00Z","due":"2019-07-01","flags":[true,null],'
        f'"proposal_id":{proposal.pk},"rank":1}}'
    )


def test_entry_hash_follows_the_documented_serialisation(db):
    entry = ledger_append(
        kind=LedgerKind.LAB_CLOSED,
        object_type="labs.lab",
        object_id=7,
        data={"outcome": "achieved"},
    )
    entry.refresh_from_db()
    material = json.dumps(
        [
            1,
            "lab.closed",
            "labs.lab",
            7,
            None,
            entry.recorded_at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
            '{"outcome":"achieved"}',
            "0" * 64,
        ],
        separators=(",", ":"),
    )
    assert entry.entry_hash == hashlib.sha256(material.encode()).hexdigest()


@pytest.mark.parametrize(
    "data",
    [
        {"proposer": "김직원"},
        {"title": "블록체인을 활용한 행정혁신"},
        {"reason": "not feasible this year"},
        {"email": "kim@example.go.kr"},
        {"name": "Kim Minsu"},
        {"score": 4.5},
        {"members": [1, "이동료"]},
        {"nested": {"comment": "좋은 제안입니다"}},
        {"홍길동": 1},
        {"Reference": "2019-G-001"},
        {"ok": "x" * 65},
    ],
)
def test_payload_with_names_or_free_text_is_refused(db, staff, data):
    with pytest.raises(ValidationError):
        ledger_append(
            kind=LedgerKind.ROUTING_ANSWER,
            object_type="routing.routing",
            object_id=1,
            actor=staff,
            data=data,
        )
    assert not LedgerEntry.objects.exists()


@pytest.mark.parametrize(
    "arguments",
    [
        {"kind": "proposal.approved", "object_type": "proposals.proposal", "object_id": 1},
        {"kind": "Proposal Submitted", "object_type": "proposals.proposal", "object_id": 1},
        {"kind": LedgerKind.LAB_FORMED, "object_type": "Labs Lab", "object_id": 1},
        {"kind": LedgerKind.LAB_FORMED, "object_type": "labs.lab", "object_id": 0},
        {"kind": LedgerKind.LAB_FORMED, "object_type": "labs.lab", "object_id": "1"},
        {"kind": LedgerKind.LAB_FORMED},
    ],
)
def test_unknown_kind_or_bad_object_is_refused(db, arguments):
    with pytest.raises(ValidationError):
        ledger_append(data={}, **arguments)
    assert not LedgerEntry.objects.exists()


def test_a_rolled_back_decision_leaves_no_entry_and_no_gap(db):
    with pytest.raises(RuntimeError), transaction.atomic():
        ledger_append(
            kind=LedgerKind.LAB_FORMED, object_type="labs.lab", object_id=1, data={"lab_id": 1}
        )
        raise RuntimeError("the decision failed after the append")
    assert not LedgerEntry.objects.exists()
    entry = ledger_append(
        kind=LedgerKind.LAB_FORMED, object_type="labs.lab", object_id=2, data={"lab_id": 2}
    )
    assert entry.position == 1
    assert ledger_verify().ok


def test_model_refuses_update_and_delete(five_entries):
    entry = LedgerEntry.objects.get(position=3)
    entry.payload = '{"status":"withdrawn"}'
    with pytest.raises(ValidationError):
        entry.save()
    with pytest.raises(ValidationError):
        entry.delete()
    with pytest.raises(ValidationError):
        LedgerEntry.objects.filter(position=3).update(payload="{}")
    with pytest.raises(ValidationError):
        LedgerEntry.objects.filter(position__gte=4).delete()
    assert LedgerEntry.objects.count() == 5
    assert ledger_verify().ok


def test_checkpoint_refuses_update_and_delete(five_entries):
    checkpoint = ledger_checkpoint_record()
    checkpoint.position = 1
    with pytest.raises(ValidationError):
        checkpoint.save()
    with pytest.raises(ValidationError):
        checkpoint.delete()
    with pytest.raises(ValidationError):
        LedgerCheckpoint.objects.all().delete()
    assert LedgerCheckpoint.objects.get().position == 5


@pytest.mark.postgres
@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE ledger_ledgerentry SET payload = '{}' WHERE position = 2",
        "DELETE FROM ledger_ledgerentry WHERE position = 5",
        "UPDATE ledger_ledgercheckpoint SET position = 1",
        "DELETE FROM ledger_ledgercheckpoint",
    ],
)
def test_database_trigger_refuses_raw_update_and_delete(five_entries, sql):
    if connection.vendor != "postgresql":
        pytest.skip("the append-only trigger is installed on PostgreSQL only")
    ledger_checkpoint_record()
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(sql)
    assert LedgerEntry.objects.count() == 5
    assert ledger_verify().ok


def test_portal_codes_and_digests_are_accepted(db):
    digest = hashlib.sha256("선정 사유".encode()).hexdigest()
    entry = ledger_append(
        kind=LedgerKind.SCREENING_DECIDED,
        object_type="screening.screening",
        object_id=3,
        data={"reference": "2019-G-001", "department": "INNO", "rationale_sha256": digest},
    )
    assert json.loads(entry.payload)["rationale_sha256"] == digest
