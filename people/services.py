"""Writes for HR imports: upload, check (dry run), apply. One function per state change.

An import keeps the uploaded files and their SHA-256. Checking plans the sync from the stored
files without writing anything but the record; applying reads the same files again (refusing if
their hash changed), plans again under lock and refuses if the outcome differs from the preview,
so what is applied is exactly what the innovation unit saw. Applying is all or nothing: one
transaction, and a file with any rejected row is never applied.
"""

import hashlib
import uuid
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import connection, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.permissions import is_innovation_unit

from .enums import ImportKind, ImportOrigin, ImportStatus
from .models import ImportRecord
from .sync import Plan, execute_plan, plan_import
from .sync.plan import REPORT_LISTS

# .xls is let through so that the reader can say what to do with it.
ALLOWED_SUFFIXES = {".csv", ".txt", ".xlsx", ".xls"}
MAX_FILE_BYTES = 20 * 1024 * 1024
IMPORT_LOCK_KEY = 0x47_4C_48_52  # "GLHR": any fixed number unique among the portal's advisory locks


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _store(record: ImportRecord, which: str, upload) -> None:
    data = upload.read()
    suffix = PurePath(upload.name or "").suffix.lower()
    if suffix not in ALLOWED_SUFFIXES:
        raise ValidationError(_("Upload a CSV file or an Excel workbook (.xlsx)."))
    if len(data) > MAX_FILE_BYTES:
        raise ValidationError(_("The file is larger than 20 MB."))
    # Stored under a random name: the original name is kept for display only.
    getattr(record, f"{which}_file").save(
        f"{uuid.uuid4().hex}{suffix}", ContentFile(data), save=False
    )
    setattr(record, f"{which}_file_name", PurePath(upload.name).name[:255])
    setattr(record, f"{which}_sha256", sha256(data))


def hr_import_create(
    *,
    by: User | None,
    org_file=None,
    staff_file=None,
    kind: ImportKind,
    origin: ImportOrigin = ImportOrigin.WEB,
) -> ImportRecord:
    """Stores the uploaded exports (org chart and/or staff list) and their hashes in a new
    import record awaiting its check. ``by`` is None only for the management command."""
    if origin == ImportOrigin.WEB and (by is None or not is_innovation_unit(by)):
        raise PermissionDenied
    if org_file is None and staff_file is None:
        raise ValidationError(_("Choose an org chart file, a staff list file or both."))
    record = ImportRecord(kind=kind, origin=origin, created_by=by, status=ImportStatus.CHECKING)
    if org_file is not None:
        _store(record, "org", org_file)
    if staff_file is not None:
        _store(record, "staff", staff_file)
    record.save()
    return record


def _stored(record: ImportRecord, which: str) -> tuple[bytes, str] | None:
    stored = getattr(record, f"{which}_file")
    if not stored:
        return None
    with stored.open("rb") as handle:
        data = handle.read()
    if sha256(data) != getattr(record, f"{which}_sha256"):
        raise ValidationError(
            _("A stored file no longer matches the uploaded one; upload it again.")
        )
    return data, getattr(record, f"{which}_file_name")


def _plan(record: ImportRecord) -> Plan:
    with translation.override(settings.LANGUAGE_CODE):
        return plan_import(
            org=_stored(record, "org"),
            staff=_stored(record, "staff"),
            full=record.kind == ImportKind.FULL,
        )


def _set_counts(record: ImportRecord, report: dict) -> None:
    for name in REPORT_LISTS:
        setattr(record, name, len(report[name]))
    record.rows_rejected = len(report["rejected"])
    record.total_rows = report["rows"]


def hr_import_check(*, record: ImportRecord) -> ImportRecord:
    """The dry run: plans the import from the stored files and keeps the preview, the counts
    and the preview's fingerprint. Writes only the record. Ends ``PREVIEWED``, or ``REJECTED``
    when any row was rejected."""
    record = ImportRecord.objects.get(pk=record.pk)
    if record.status != ImportStatus.CHECKING:
        raise ValidationError(_("This import has already been checked."))
    plan = _plan(record)
    record.preview = plan.report
    record.plan_digest = plan.digest
    _set_counts(record, plan.report)
    record.checked_at = timezone.now()
    record.status = ImportStatus.REJECTED if plan.rejected else ImportStatus.PREVIEWED
    record.save()
    return record


@transaction.atomic
def hr_import_request_apply(*, record: ImportRecord, by: User) -> ImportRecord:
    """The innovation unit confirms the preview; the record waits for ``hr_import_apply``."""
    if not is_innovation_unit(by):
        raise PermissionDenied
    record = ImportRecord.objects.select_for_update().get(pk=record.pk)
    if record.status != ImportStatus.PREVIEWED:
        raise ValidationError(_("Only a checked import without rejected rows can be applied."))
    record.status = ImportStatus.APPLYING
    record.applied_by = by
    record.save(update_fields=["status", "applied_by"])
    return record


@transaction.atomic
def hr_import_apply(*, record: ImportRecord) -> ImportRecord:
    """Applies an import whose application was requested (or, for the command, a previewed
    one), all or nothing. Imports run one at a time (``_serialise_imports``); it re-plans from the
    stored files and refuses (``ValidationError``, nothing written) if the result is not the
    previewed one. Side effects: see ``people.sync.execute_plan``."""
    record = ImportRecord.objects.select_for_update().get(pk=record.pk)
    if record.status not in (ImportStatus.APPLYING, ImportStatus.PREVIEWED):
        raise ValidationError(_("This import is not waiting to be applied."))
    _serialise_imports()
    plan = _plan(record)
    if plan.rejected or plan.digest != record.plan_digest:
        raise ValidationError(
            _(
                "The data changed since the preview was made; upload the files again for a new preview."
            )
        )
    with translation.override(settings.LANGUAGE_CODE):
        counts = execute_plan(plan, by=record.applied_by, record=record)
    for name, value in counts.items():
        setattr(record, name, value)
    record.status = ImportStatus.APPLIED
    record.applied_at = timezone.now()
    record.error = ""
    record.save()
    return record


def _serialise_imports() -> None:
    """One import at a time: a transaction-scoped advisory lock on PostgreSQL (SQLite already
    serialises writing transactions). The second import then plans against the first one's
    result, which differs from its preview, and is refused."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [IMPORT_LOCK_KEY])


def hr_import_fail(*, record: ImportRecord, error: str) -> ImportRecord:
    """Marks a check or an application that could not finish (nothing was applied)."""
    ImportRecord.objects.filter(pk=record.pk).update(status=ImportStatus.FAILED, error=error)
    record.refresh_from_db()
    return record
