"""verify_ledger recomputes the chain and names the first bad entry when rows were altered,
deleted (in the middle, or from the end against the last checkpoint) or reordered — all done
here by raw SQL, the way someone with database access would."""

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from ledger import canonical
from ledger.enums import VerifyProblem
from ledger.models import LedgerCheckpoint, LedgerEntry
from ledger.services import ledger_checkpoint_record, ledger_verify

from .conftest import append_decisions, tamper


def assert_bad(problem: VerifyProblem, position: int) -> None:
    result = ledger_verify()
    assert (result.problem, result.bad_position) == (problem, position), result.message
    with pytest.raises(CommandError, match=rf"entry {position}: {problem.value}") as raised:
        call_command("verify_ledger")
    assert raised.value.returncode == 2


def test_intact_ledger_verifies(five_entries, capsys):
    call_command("verify_ledger")
    head = LedgerEntry.objects.get(position=5).entry_hash
    assert capsys.readouterr().out.splitlines() == [
        f"OK: 5 entries, head {head}",
        "Anchors: off (no LEDGER_SIGNING_KEY_FILE)",
    ]


def test_empty_ledger_verifies(db):
    result = ledger_verify()
    assert result.ok
    assert result.message == f"OK: 0 entries, head {canonical.GENESIS_HASH}"


@pytest.mark.parametrize(
    "assignment",
    [
        """payload = '{"call_id":1,"proposal_id":1,"status":"withdrawn"}'""",
        "kind = 'proposal.withdrawn'",
        "actor_id = actor_id + 1000",
        "object_id = object_id + 1",
        "object_type = 'labs.lab'",
    ],
)
def test_update_of_a_row_is_detected(five_entries, assignment):
    with tamper() as cursor:
        cursor.execute(f"UPDATE ledger_ledgerentry SET {assignment} WHERE position = 3")  # noqa: S608
    assert_bad(VerifyProblem.ALTERED, 3)


def test_update_of_recorded_at_is_detected(five_entries):
    entry = LedgerEntry.objects.get(position=2)
    with tamper() as cursor:
        cursor.execute(
            "UPDATE ledger_ledgerentry SET recorded_at = %s WHERE position = 2",
            [entry.recorded_at.replace(year=2019)],
        )
    assert_bad(VerifyProblem.ALTERED, 2)


def test_update_with_a_recomputed_hash_breaks_the_next_link(five_entries):
    entry = LedgerEntry.objects.get(position=2)
    entry.payload = '{"status":"withdrawn"}'
    forged = entry.compute_hash()
    with tamper() as cursor:
        cursor.execute(
            "UPDATE ledger_ledgerentry SET payload = %s, entry_hash = %s WHERE position = 2",
            [entry.payload, forged],
        )
    assert_bad(VerifyProblem.BROKEN_LINK, 3)


def test_delete_in_the_middle_is_detected(five_entries):
    with tamper() as cursor:
        cursor.execute("DELETE FROM ledger_ledgerentry WHERE position = 3")
    assert_bad(VerifyProblem.MISSING, 3)


def test_delete_of_the_first_entry_is_detected(five_entries):
    with tamper() as cursor:
        cursor.execute("DELETE FROM ledger_ledgerentry WHERE position = 1")
    assert_bad(VerifyProblem.MISSING, 1)


def test_delete_from_the_tail_is_detected_against_the_last_checkpoint(five_entries):
    ledger_checkpoint_record()
    with tamper() as cursor:
        cursor.execute("DELETE FROM ledger_ledgerentry WHERE position >= 4")
    assert_bad(VerifyProblem.TRUNCATED, 4)


def test_everything_deleted_is_detected_against_the_last_checkpoint(five_entries):
    ledger_checkpoint_record()
    with tamper() as cursor:
        cursor.execute("DELETE FROM ledger_ledgerentry")
    assert_bad(VerifyProblem.TRUNCATED, 1)


def test_reorder_is_detected(five_entries):
    with tamper() as cursor:
        cursor.execute("UPDATE ledger_ledgerentry SET position = 0 WHERE position = 2")
        cursor.execute("UPDATE ledger_ledgerentry SET position = 2 WHERE position = 3")
        cursor.execute("UPDATE ledger_ledgerentry SET position = 3 WHERE position = 0")
    assert_bad(VerifyProblem.BROKEN_LINK, 2)


def test_consistent_rewrite_is_caught_by_the_checkpoint(five_entries):
    """Someone rewrites entry 2 and recomputes every later hash: the chain is valid on its own,
    but entry 4 no longer matches the checkpoint recorded there."""
    ledger_checkpoint_record()
    append_decisions(1)
    with tamper() as cursor:
        prev_hash = LedgerEntry.objects.get(position=1).entry_hash
        for entry in LedgerEntry.objects.filter(position__gte=2).order_by("position"):
            if entry.position == 2:
                entry.payload = '{"status":"withdrawn"}'
            entry.prev_hash = prev_hash
            prev_hash = entry.compute_hash()
            cursor.execute(
                "UPDATE ledger_ledgerentry SET payload = %s, prev_hash = %s, entry_hash = %s WHERE position = %s",
                [entry.payload, entry.prev_hash, prev_hash, entry.position],
            )
    assert_bad(VerifyProblem.CHECKPOINT_MISMATCH, 5)


def test_reported_problem_is_the_first_of_several(five_entries):
    with tamper() as cursor:
        cursor.execute("DELETE FROM ledger_ledgerentry WHERE position = 4")
        cursor.execute("UPDATE ledger_ledgerentry SET kind = 'lab.closed' WHERE position = 2")
    assert_bad(VerifyProblem.ALTERED, 2)


def test_no_checkpoint_vouches_for_a_tampered_chain(five_entries):
    with tamper() as cursor:
        cursor.execute("DELETE FROM ledger_ledgerentry WHERE position = 2")
    with pytest.raises(ValidationError):
        ledger_checkpoint_record()
    with pytest.raises(CommandError, match="entry 2: missing"):
        call_command("ledger_checkpoint")
    assert not LedgerCheckpoint.objects.exists()
