"""The drill of issue 17: someone with database superuser rights rewrites the 2019-style
selection from one proposal to another and recomputes every later hash and every checkpoint,
so plain ``verify_ledger`` says OK. The anchors published outside the database (file and
email) and the rows the ledger describes catch it: ``--anchors`` names the earliest anchor that
no longer verifies, ``--state`` names the disagreeing proposals."""

import json
import os

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.db import connection

from ledger import canonical
from ledger.enums import LedgerKind
from ledger.models import LedgerCheckpoint, LedgerEntry
from ledger.services import ledger_checkpoint_record

from .conftest import append_decisions, tamper
from .test_anchors import _verify_with_public_key
from .test_state import build_decided_world

pytestmark = pytest.mark.postgres


def _require_postgres():
    if connection.vendor != "postgresql":
        reason = "needs PostgreSQL (set DATABASE_URL=postgres://...)"
        pytest.fail(reason) if os.environ.get("CI") else pytest.skip(reason)


def _rewrite(payload: str, swap: dict[int, int]) -> str:
    data = json.loads(payload)
    for key in ("selected_ids", "not_selected_ids"):
        if data.get(key):
            data[key] = sorted(swap.get(pk, pk) for pk in data[key])
    if "proposal_id" in data:
        data["proposal_id"] = swap.get(data["proposal_id"], data["proposal_id"])
    return canonical.canonical_json(data)


def rewrite_selection_as_a_superuser(first, second) -> int:
    """Swaps ``first`` and ``second`` in the screening's entries, recomputes every later link
    and hash and every checkpoint, with the append-only trigger off. Returns the first
    rewritten position."""
    swap = {first.pk: second.pk, second.pk: first.pk}
    kinds = (LedgerKind.SCREENING_DECIDED, LedgerKind.SCREENING_SELECTED)
    start = LedgerEntry.objects.filter(kind__in=kinds).order_by("position").first().position
    prev_hash = LedgerEntry.objects.get(position=start - 1).entry_hash
    with tamper() as cursor:
        for entry in LedgerEntry.objects.filter(position__gte=start).order_by("position"):
            if entry.kind in kinds:
                entry.payload = _rewrite(entry.payload, swap)
                if entry.object_type == "proposals.proposal":
                    entry.object_id = swap.get(entry.object_id, entry.object_id)
            entry.prev_hash = prev_hash
            prev_hash = entry.compute_hash()
            cursor.execute(
                "UPDATE ledger_ledgerentry SET payload = %s, object_id = %s, prev_hash = %s, entry_hash = %s "
                "WHERE position = %s",
                [entry.payload, entry.object_id, entry.prev_hash, prev_hash, entry.position],
            )
        for checkpoint in LedgerCheckpoint.objects.all():
            head = LedgerEntry.objects.get(position=checkpoint.position).entry_hash
            cursor.execute("UPDATE ledger_ledgercheckpoint SET entry_hash = %s WHERE id = %s", [head, checkpoint.pk])
    return start


@pytest.mark.django_db
def test_a_consistent_rewrite_is_caught_by_the_anchors_and_the_state(innovation_unit, anchor_keys, capsys):
    _require_postgres()
    anchor_file, public_key = anchor_keys
    append_decisions(2)
    ledger_checkpoint_record()  # anchor 1: before the decision, stays good
    world = build_decided_world(innovation_unit)
    ledger_checkpoint_record()  # anchor 2: the decision as made
    append_decisions(1)
    ledger_checkpoint_record()  # anchor 3
    lines = anchor_file.read_text().splitlines()
    assert len(lines) == 3
    # The anchor email arrived, and its signature verifies with nothing but the public key.
    assert all(_verify_with_public_key(line, public_key) for line in lines)
    assert [line for message in mail.outbox for line in message.body.splitlines() if line in lines] == lines

    first, second = world["first"], world["second"]
    rewritten = rewrite_selection_as_a_superuser(first, second)
    assert rewritten > 2  # after the entries anchor 1 vouches for

    call_command("verify_ledger")  # the chain and checkpoints alone no longer notice
    assert capsys.readouterr().out.startswith("OK: ")

    with pytest.raises(CommandError) as raised:
        call_command("verify_ledger", anchors=str(anchor_file))
    text = str(raised.value)
    assert raised.value.returncode == 2
    position = int(lines[1].split()[1])
    assert f"Anchors BAD: 2 of 3 do not verify; earliest: anchor on line 2 (entry {position}," in text
    assert "the chain now leads to" in text

    with pytest.raises(CommandError) as raised:
        call_command("verify_ledger", state=True)
    text = str(raised.value)
    assert "State BAD: 2 disagreements" in text
    assert f"screening.selection: proposals.proposal {first.pk} ({first.reference}): its status is selected" in text
    assert f"screening.selection: proposals.proposal {second.pk} ({second.reference}): ledger entry" in text
