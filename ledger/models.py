"""The decision ledger: an append-only, hash-chained record of every decision.

``LedgerEntry`` rows are written only by ``ledger.services.ledger_append``. Each row carries a
gapless ``position`` (1, 2, 3 …), what was decided (``kind``, the object as
``object_type``/``object_id``, the ``actor_id``, a canonical-JSON ``payload`` of ids and codes)
and ``entry_hash`` = SHA-256 over those fields and the previous row's hash (``prev_hash``;
64 zeros for the first row). See ``ledger.canonical`` for the exact serialisation.

Why no foreign keys: the ledger must outlive and never depend on the rows it talks about
(a deleted user or proposal must not cascade into history, nor block on it), and it holds ids
only. The payload is a text column, not ``JSONField``: PostgreSQL's jsonb would re-order and
re-space it, and the hash covers its exact bytes.

Append-only, in three layers: the model and its queryset refuse ``save()`` of an existing row,
``delete()``, ``update()`` and bulk deletes; the admin is read-only; and on PostgreSQL a
trigger (migration 0002) raises on any UPDATE or DELETE of either ledger table, so even raw
SQL in the application cannot rewrite history. The trigger does not fire on TRUNCATE (the
test runner empties tables that way); a truncated or cut-off ledger is caught by
``verify_ledger`` against the checkpoints instead.

Tests that tamper on purpose (to prove ``verify_ledger`` notices) switch the trigger off for
their own transaction with ``SET LOCAL session_replication_role = replica`` (superuser only,
which the portal's database role in production is not) — see
``tests/ledger/test_verify.py::tamper``.

``LedgerCheckpoint`` rows record the head (position and hash) at a moment, in a separate table,
daily by beat and on demand (``manage.py ledger_checkpoint``), so deleting entries from the end
— which leaves a chain that is valid on its own — is caught against the last checkpoint.
"""

import json

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from . import canonical
from .enums import ledger_kind_label, object_type_label
from .payload import payload_rows


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise ValidationError(_("Ledger records cannot be changed."))

    def delete(self):
        raise ValidationError(_("Ledger records cannot be deleted."))


class AppendOnlyModel(models.Model):
    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ValidationError(_("Ledger records cannot be changed."))
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError(_("Ledger records cannot be deleted."))


class LedgerEntry(AppendOnlyModel):
    position = models.PositiveBigIntegerField(_("position"), unique=True)
    recorded_at = models.DateTimeField(_("recorded at"))
    kind = models.CharField(_("kind"), max_length=64, db_index=True)
    object_type = models.CharField(_("object type"), max_length=100)
    object_id = models.BigIntegerField(_("object id"))
    actor_id = models.BigIntegerField(_("actor id"), null=True, blank=True)
    payload = models.TextField(_("payload"))
    # unique: two entries can never claim the same predecessor, so the chain cannot fork.
    prev_hash = models.CharField(_("previous hash"), max_length=64, unique=True)
    entry_hash = models.CharField(_("entry hash"), max_length=64, unique=True)

    class Meta:
        verbose_name = _("ledger entry")
        verbose_name_plural = _("ledger entries")
        ordering = ["position"]
        indexes = [
            models.Index(fields=["object_type", "object_id", "position"], name="ledger_object_idx")
        ]

    def __str__(self) -> str:
        return f"#{self.position} {self.kind}"

    @property
    def kind_label(self) -> str:
        return ledger_kind_label(self.kind)

    @property
    def object_label(self) -> str:
        return object_type_label(self.object_type)

    @property
    def details(self) -> list[tuple[str, str]]:
        """The recorded data in words: ``(label, value)`` per key (``ledger.payload``)."""
        return payload_rows(self.kind, self.payload)

    @property
    def reference(self) -> str:
        """The object's reference as the entry recorded it (a proposal's ``reference``), or ""."""
        try:
            data = json.loads(self.payload)
        except ValueError:
            return ""
        reference = data.get("reference") if isinstance(data, dict) else None
        return reference if isinstance(reference, str) else ""

    def compute_hash(self) -> str:
        return canonical.entry_hash(
            position=self.position,
            kind=self.kind,
            object_type=self.object_type,
            object_id=self.object_id,
            actor_id=self.actor_id,
            recorded_at=self.recorded_at,
            payload=self.payload,
            prev_hash=self.prev_hash,
        )


class LedgerCheckpoint(AppendOnlyModel):
    position = models.PositiveBigIntegerField(_("position"))
    entry_hash = models.CharField(_("entry hash"), max_length=64)
    created_at = models.DateTimeField(_("created at"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("ledger checkpoint")
        verbose_name_plural = _("ledger checkpoints")
        ordering = ["position", "created_at"]
        indexes = [models.Index(fields=["position"], name="ledger_checkpoint_pos_idx")]

    def __str__(self) -> str:
        return f"#{self.position} {self.entry_hash[:12]}"


class LedgerAnchor(models.Model):
    """One anchor as the portal published it (``ledger.anchoring``): the signed line, who it
    was emailed to and when. The database copy is a convenience for resending and for knowing
    the last auditors list seen; the anchors that count are the copies outside the database
    (the anchor file and the auditors' mailboxes). Only ``emailed_at`` and ``last_error``
    change after the row is written."""

    position = models.PositiveBigIntegerField(_("position"))
    entry_hash = models.CharField(_("entry hash"), max_length=64)
    line = models.TextField(_("anchor"))
    # LEDGER_AUDITORS when this anchor was made (comma-separated, sorted, lower case): the last
    # row's value is the "last list seen" a change of auditors is detected against.
    auditors = models.TextField(_("auditors"), blank=True)
    # The list before, when it changed with this anchor (then it is emailed to both lists).
    previous_auditors = models.TextField(_("previous auditors"), blank=True)
    created_at = models.DateTimeField(_("created at"))
    emailed_at = models.DateTimeField(_("emailed at"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)

    class Meta:
        verbose_name = _("ledger anchor")
        verbose_name_plural = _("ledger anchors")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.line

    @property
    def recipients(self) -> list[str]:
        return sorted({*split_addresses(self.auditors), *split_addresses(self.previous_auditors)})


def split_addresses(text: str) -> list[str]:
    return [address for address in text.split(",") if address]
