"""Anchors: each checkpoint run signs the head with the Ed25519 key from a file outside the
database, appends the line to the anchor file and emails it to the auditors; verify_ledger
--anchors / --expect check them against the ledger as it stands."""

import base64
import os
import stat
from pathlib import Path

import pytest
from django.core import mail
from django.core.management import CommandError, call_command

from ledger import anchors
from ledger.anchoring import anchors_email_pending
from ledger.models import LedgerAnchor, LedgerEntry
from ledger.services import ledger_checkpoint_record

from .conftest import append_decisions, tamper


def _verify_with_public_key(line: str, public_key: str) -> bool:
    """What an auditor does with nothing but the line and the public key."""
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    statement, signature = line.rsplit(" ", 1)
    try:
        Ed25519PublicKey.from_public_bytes(base64.b64decode(public_key)).verify(
            base64.b64decode(signature), statement.encode("utf-8")
        )
    except InvalidSignature:
        return False
    return True


def test_keygen_writes_a_private_key_readable_only_by_its_owner(anchor_keys, settings):
    path = settings.LEDGER_SIGNING_KEY_FILE
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert Path(path).read_text().startswith("-----BEGIN PRIVATE KEY-----")
    key = anchors.signing_key()
    assert anchors.public_key_text(key.public_key()) == anchor_keys[1]
    with pytest.raises(CommandError, match="never overwritten"):
        call_command("ledger_keygen", path)


def test_checkpoint_writes_an_anchor_line_and_emails_it(five_entries, anchor_keys):
    anchor_file, public_key = anchor_keys
    ledger_checkpoint_record()
    head = LedgerEntry.objects.get(position=5).entry_hash
    (line,) = anchor_file.read_text().splitlines()
    assert line.startswith(f"GLAB-LEDGER-ANCHOR/1 5 {head} ")
    assert _verify_with_public_key(line, public_key)
    assert not _verify_with_public_key(line.replace(" 5 ", " 4 ", 1), public_key)
    (message,) = mail.outbox
    assert sorted(message.to) == ["audit@example.go.kr", "second.auditor@example.go.kr"]
    assert line in message.body.splitlines()
    assert LedgerAnchor.objects.get().emailed_at is not None


def test_every_run_anchors_even_when_the_head_has_not_moved(five_entries, anchor_keys):
    ledger_checkpoint_record()
    ledger_checkpoint_record()
    lines = anchor_keys[0].read_text().splitlines()
    assert [anchors.anchor_parse(line).position for line in lines] == [5, 5]
    assert len(mail.outbox) == 2


def test_a_change_of_auditors_is_announced_to_the_old_list_and_the_new(five_entries, anchor_keys, settings):
    ledger_checkpoint_record()
    settings.LEDGER_AUDITORS = ["new@example.go.kr"]
    append_decisions(1)
    ledger_checkpoint_record()
    message = mail.outbox[-1]
    assert sorted(message.to) == ["audit@example.go.kr", "new@example.go.kr", "second.auditor@example.go.kr"]
    assert "audit@example.go.kr,second.auditor@example.go.kr" in message.body
    ledger_checkpoint_record()
    assert mail.outbox[-1].to == ["new@example.go.kr"]


def test_an_anchor_that_could_not_be_emailed_goes_at_the_next_run(five_entries, anchor_keys, settings):
    settings.EMAIL_BACKEND = "tests.ledger.test_anchors.FailingBackend"
    ledger_checkpoint_record()
    row = LedgerAnchor.objects.get()
    assert row.emailed_at is None and "SMTP down" in row.last_error
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert anchors_email_pending() == 1
    assert mail.outbox[0].body.count(row.line) == 1


class FailingBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise OSError("SMTP down")


def test_without_a_key_there_are_no_anchors_and_verify_says_so(five_entries, capsys, settings, tmp_path):
    settings.LEDGER_ANCHOR_FILE = str(tmp_path / "anchors.txt")
    ledger_checkpoint_record()
    assert not LedgerAnchor.objects.exists()
    assert not (tmp_path / "anchors.txt").exists()
    assert not mail.outbox
    call_command("verify_ledger")
    assert "Anchors: off (no LEDGER_SIGNING_KEY_FILE)" in capsys.readouterr().out


def test_verify_anchors_passes_on_an_intact_ledger(five_entries, anchor_keys, capsys):
    ledger_checkpoint_record()
    append_decisions(2)
    ledger_checkpoint_record()
    call_command("verify_ledger", anchors=str(anchor_keys[0]))
    assert "Anchors OK: 2 verified" in capsys.readouterr().out


def test_an_anchor_file_without_anchors_fails(five_entries, anchor_keys):
    """An empty file, or the wrong one, proves nothing about the ledger."""
    anchor_keys[0].write_text("# nothing yet\n\n")
    with pytest.raises(CommandError) as raised:
        call_command("verify_ledger", anchors=str(anchor_keys[0]))
    assert raised.value.returncode == 2
    assert "the file holds no anchor" in str(raised.value)


def test_a_forged_or_foreign_anchor_is_named(five_entries, anchor_keys, tmp_path):
    ledger_checkpoint_record()
    line = anchor_keys[0].read_text().strip()
    other_key = tmp_path / "other.pem"
    call_command("ledger_keygen", str(other_key))
    forged = anchors.anchor_sign(
        position=3,
        head=LedgerEntry.objects.get(position=3).entry_hash,
        when=LedgerEntry.objects.get(position=3).recorded_at,
        private_key=anchors._serialization().load_pem_private_key(other_key.read_bytes(), None),
    )
    anchor_keys[0].write_text(f"{line}\n{forged.line}\nnot an anchor\n")
    with pytest.raises(CommandError) as raised:
        call_command("verify_ledger", anchors=str(anchor_keys[0]))
    text = str(raised.value)
    assert raised.value.returncode == 2
    assert "earliest: anchor on line 2 (entry 3" in text
    assert "signature does not verify" in text
    assert "line 3: not an anchor line" in text


def test_expect_checks_one_head(five_entries, capsys):
    head = LedgerEntry.objects.get(position=4).entry_hash
    call_command("verify_ledger", expect=[f"4:{head}"])
    assert f"Expected head OK: entry 4 {head}" in capsys.readouterr().out
    with pytest.raises(CommandError, match="entry 9: the chain now ends at entry 5"):
        call_command("verify_ledger", expect=[f"9:{head}"])
    with tamper() as cursor:
        cursor.execute("UPDATE ledger_ledgerentry SET kind = 'lab.closed' WHERE position = 2")
    with pytest.raises(CommandError, match="Expected head BAD: entry 4: the chain now leads to"):
        call_command("verify_ledger", expect=[f"4:{head}"])


def test_verify_anchors_needs_a_public_key(five_entries, anchor_keys, settings):
    settings.LEDGER_PUBLIC_KEY = ""
    with pytest.raises(CommandError, match="--public-key FILE or LEDGER_PUBLIC_KEY"):
        call_command("verify_ledger", anchors=str(anchor_keys[0]))


def test_verify_anchors_reads_a_public_key_file(five_entries, anchor_keys, settings, tmp_path, capsys):
    ledger_checkpoint_record()
    key_file = tmp_path / "ledger.pub"
    key_file.write_text(f"{settings.LEDGER_PUBLIC_KEY}\n")
    settings.LEDGER_PUBLIC_KEY = ""
    call_command("verify_ledger", anchors=str(anchor_keys[0]), public_key=str(key_file))
    assert "Anchors OK: 1 verified" in capsys.readouterr().out
    with pytest.raises(CommandError, match="No such file"):
        call_command("verify_ledger", anchors=str(anchor_keys[0]), public_key=str(tmp_path / "missing"))


def test_checkpoint_command_prints_the_anchor(five_entries, anchor_keys, capsys):
    call_command("ledger_checkpoint")
    out = capsys.readouterr().out.splitlines()
    assert out[1] == f"Anchor: {anchor_keys[0].read_text().strip()}"
