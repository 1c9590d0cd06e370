"""Checkpoints record the verified head, from beat (the task), the command or the service."""

from django.core.management import call_command

from ledger import tasks
from ledger.models import LedgerCheckpoint, LedgerEntry
from ledger.selectors import latest_checkpoint, ledger_head
from ledger.services import ledger_checkpoint_record

from .conftest import append_decisions


def test_empty_ledger_records_no_checkpoint(db):
    assert ledger_checkpoint_record() is None
    assert ledger_head() is None
    assert not LedgerCheckpoint.objects.exists()


def test_checkpoint_records_the_head_once_until_it_moves(five_entries, innovation_unit):
    first = ledger_checkpoint_record(by=innovation_unit)
    head = LedgerEntry.objects.get(position=5)
    assert (first.position, first.entry_hash, first.created_by) == (
        5,
        head.entry_hash,
        innovation_unit,
    )
    assert ledger_checkpoint_record() == first
    append_decisions(2)
    second = ledger_checkpoint_record()
    assert (second.position, second.entry_hash) == (7, ledger_head().entry_hash)
    assert latest_checkpoint() == second
    assert LedgerCheckpoint.objects.count() == 2


def test_daily_task_records_a_checkpoint(five_entries):
    tasks.record_checkpoint.delay()
    checkpoint = LedgerCheckpoint.objects.get()
    assert checkpoint.position == 5
    assert checkpoint.created_by is None


def test_command_records_a_checkpoint_signed_off_by_a_person(five_entries, innovation_unit, capsys):
    call_command("ledger_checkpoint", by=innovation_unit.username)
    checkpoint = LedgerCheckpoint.objects.get()
    assert checkpoint.created_by == innovation_unit
    assert capsys.readouterr().out.strip() == f"Checkpoint: entry 5, hash {checkpoint.entry_hash}"


def test_head_selector(five_entries):
    head = ledger_head()
    entry = LedgerEntry.objects.get(position=5)
    assert (head.position, head.entry_hash, head.recorded_at) == (
        5,
        entry.entry_hash,
        entry.recorded_at,
    )


def test_beat_records_a_checkpoint_every_day():
    from celery.schedules import crontab
    from django.conf import settings

    from glab_portal.celery import app

    entry = settings.CELERY_BEAT_SCHEDULE["ledger-daily-checkpoint"]
    assert entry["task"] == "ledger.tasks.record_checkpoint"
    assert entry["task"] in app.tasks
    assert entry["schedule"] == crontab(hour=0, minute=5)
