"""Publishing anchors: each checkpoint run signs the head it verified (``ledger.anchors``) and
sends the line where the database's owner cannot reach back.

- **The anchor file** (``LEDGER_ANCHOR_FILE``): the line is appended (``O_APPEND``, flushed and
  fsynced). Point it at another machine's mount or write-once storage. A file that cannot be
  written makes the checkpoint run fail loudly (the beat task errors in the worker log).
- **The auditors** (``LEDGER_AUDITORS``): the line is emailed through the portal's mail
  settings (``EMAIL_*``, ``DEFAULT_FROM_EMAIL``); an SMTP failure is logged, kept on the
  ``LedgerAnchor`` row and retried at the next run, oldest first.

The last auditors list seen is the ``auditors`` column of the latest ``LedgerAnchor`` row; when
``LEDGER_AUDITORS`` differs from it, that anchor goes to the old list as well as the new, and
says so, so an administrator cannot quietly replace the auditors.

Without ``LEDGER_SIGNING_KEY_FILE`` nothing is published (anchors are off).
"""

import logging
import os

from django.conf import settings
from django.core.mail import EmailMessage
from django.utils import timezone
from django.utils.translation import gettext as _

from . import anchors
from .models import LedgerAnchor, split_addresses

logger = logging.getLogger(__name__)


def configured_auditors() -> list[str]:
    return sorted({address.strip().lower() for address in settings.LEDGER_AUDITORS if address.strip()})


def _append_line(line: str) -> None:
    path = settings.LEDGER_ANCHOR_FILE
    if not path:
        return
    descriptor = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    try:
        os.write(descriptor, f"{line}\n".encode("ascii"))
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def anchor_publish(*, position: int, head: str) -> LedgerAnchor | None:
    """Signs ``position``/``head`` now, appends the line to the anchor file, records a
    ``LedgerAnchor`` row and emails every anchor not yet emailed. ``None`` when anchors are off.
    Call it only with a head that ``ledger_verify`` has just verified."""
    key = anchors.signing_key()
    if key is None:
        return None
    now = timezone.now()
    anchor = anchors.anchor_sign(position=position, head=head, when=now, private_key=key)
    auditors = configured_auditors()
    last_seen = LedgerAnchor.objects.order_by("-created_at", "-pk").values_list("auditors", flat=True).first()
    changed = last_seen is not None and split_addresses(last_seen) != auditors
    row = LedgerAnchor.objects.create(
        position=position,
        entry_hash=head,
        line=anchor.line,
        auditors=",".join(auditors),
        previous_auditors=last_seen if changed else "",
        created_at=now,
    )
    _append_line(anchor.line)
    anchors_email_pending()
    return row


def _message(row: LedgerAnchor) -> EmailMessage:
    subject = _("G-Lab decision ledger anchor: entry %(position)s") % {"position": row.position}
    parts = [
        _("The decision ledger's head, signed with the portal's ledger key. Keep this line; "
          "verify_ledger --anchors checks it against the ledger."),
        "",
        row.line,
    ]
    if row.previous_auditors:
        parts += [
            "",
            _("The list of ledger auditors changed. Before: %(before)s. Now: %(now)s.")
            % {"before": row.previous_auditors, "now": row.auditors or "-"},
        ]
    return EmailMessage(subject=subject, body="\n".join(parts) + "\n", to=row.recipients)


def anchors_email_pending() -> int:
    """Emails every anchor not yet emailed (oldest first) and returns how many went; stops at
    the first SMTP failure, which is logged and kept on the row for the next run."""
    sent = 0
    for row in LedgerAnchor.objects.filter(emailed_at__isnull=True).order_by("created_at", "pk"):
        if not row.recipients:
            continue
        try:
            _message(row).send()
        except Exception as error:  # SMTP or network: retried at the next run
            logger.warning("Ledger anchor %s not emailed: %s", row.pk, error)
            LedgerAnchor.objects.filter(pk=row.pk).update(last_error=f"{type(error).__name__}: {error}"[:2000])
            break
        LedgerAnchor.objects.filter(pk=row.pk).update(emailed_at=timezone.now(), last_error="")
        sent += 1
    return sent
