"""``backup_create`` and ``restore`` (see the package's docstring for what each guarantees)."""

import io
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction
from django.utils import timezone

from . import BackupError, postgres
from .files import copy_in, copy_out, nonempty_storages, referenced_names, stored_fields
from .manifest import (
    DATABASE_DUMP,
    FORMAT,
    file_sha256,
    manifest_read,
    manifest_write,
    portal_version,
    set_problems,
)


def _target_directory(dest: Path) -> None:
    if dest.exists() and (not dest.is_dir() or any(dest.iterdir())):
        raise BackupError(
            f"{dest} exists and is not an empty directory: give a new path for each backup."
        )
    dest.mkdir(parents=True, exist_ok=True, mode=0o700)
    dest.chmod(0o700)  # personal data: readable by the backup's owner only


def backup_create(dest: Path) -> dict:
    """Writes a backup set into the new directory ``dest``; returns its manifest. On failure the
    directory is removed (a half-written set is never left looking complete)."""
    postgres.require_postgresql()
    _target_directory(dest)
    try:
        return _backup_into(dest)
    except BaseException:
        shutil.rmtree(dest, ignore_errors=True)
        raise


def _backup_into(dest: Path) -> dict:
    fields = stored_fields()
    with transaction.atomic():
        snapshot = postgres.snapshot_begin()
        created_at = timezone.now()
        tables = postgres.row_counts()
        migrations = postgres.applied_migrations()
        names = {stored.key: referenced_names(stored) for stored in fields}
        postgres.dump(snapshot, dest / DATABASE_DUMP)
    (dest / DATABASE_DUMP).chmod(0o600)
    dump_sha256, dump_size = file_sha256(dest / DATABASE_DUMP)
    # The rows are fixed by the snapshot; stored files are never rewritten in place (new names),
    # so copying them after the transaction still gives the files those rows point to.
    entries = [copy_out(stored, name, dest) for stored in fields for name in names[stored.key]]
    manifest = {
        "format": FORMAT,
        "created_at": created_at.isoformat(),
        "portal_version": portal_version(),
        "database": {
            "vendor": connection.vendor,
            "server_version": postgres.server_version(),
            "file": DATABASE_DUMP,
            "sha256": dump_sha256,
            "size": dump_size,
            "tables": tables,
            "migrations": migrations,
        },
        "files": entries,
    }
    manifest_write(dest, manifest)
    return manifest


@dataclass
class RestoreReport:
    manifest: dict
    files: int = 0
    grants: str = ""
    ledger: str = ""
    notes: list[str] = field(default_factory=list)


def _preflight(src: Path) -> tuple[dict, dict]:
    """Everything a restore checks before it writes: the set against its manifest, the portal's
    migrations, the role, an empty database and empty storages. Returns (manifest, fields by key)."""
    postgres.require_postgresql()
    manifest = manifest_read(src)
    problems = set_problems(src, manifest)
    if problems:
        raise BackupError("The backup set does not match its manifest:\n" + "\n".join(problems))
    unknown = postgres.unknown_migrations(manifest["database"]["migrations"])
    if unknown:
        raise BackupError(
            f"The backup was made by a newer portal (version {manifest['portal_version']}): this one lacks "
            f"{len(unknown)} of its migrations, e.g. {', '.join(unknown[:3])}. Restore with that version."
        )
    fields = {stored.key: stored for stored in stored_fields()}
    missing = sorted({entry["field"] for entry in manifest["files"]} - fields.keys())
    if missing:
        raise BackupError(
            f"This portal has no file field {', '.join(missing)}: restore with the backup's version."
        )
    app = settings.DB_APP_ROLE
    if app and postgres.current_role()[0] == app:
        raise BackupError(
            f"Connected as the application role {app!r}: restore runs as the owner role (set MIGRATE_DATABASE_URL)."
        )
    if app:
        _command("db_roles", "The database roles are not sound", check=True)
    reasons = [postgres.nonempty_reason(), *nonempty_storages(list(fields.values()))]
    reasons = [reason for reason in reasons if reason]
    if reasons:
        raise BackupError(
            "Restore writes only into an empty database and empty storage; nothing was written:\n"
            + "\n".join(reasons)
        )
    return manifest, fields


def restore(src: Path) -> RestoreReport:
    """Restores the set in ``src`` into the connected (empty) database and the (empty) storages,
    then checks it: every file read back against its checksum, the rows per table against the
    manifest, the application role's grants reapplied, ``verify_ledger``. Refuses, writing
    nothing, a set that does not match its manifest or a target that is not empty."""
    manifest, fields = _preflight(src)
    report = RestoreReport(manifest=manifest)
    postgres.restore(src / manifest["database"]["file"])
    counts = postgres.row_counts()
    differ = [
        f"{table}: {counts.get(table)} rows, manifest {rows}"
        for table, rows in manifest["database"]["tables"].items()
        if counts.get(table) != rows
    ]
    if differ:
        raise BackupError("The restored rows differ from the manifest:\n" + "\n".join(differ))
    written = set()
    for entry in manifest["files"]:
        stored = fields[entry["field"]]
        place = (id(stored.storage), entry["name"])
        if place not in written:  # two fields on one storage may name one file
            copy_in(stored, entry, src)
            written.add(place)
    report.files = len(manifest["files"])
    user, superuser = postgres.current_role()
    if superuser:
        report.notes.append(
            f"Restored as the superuser {user}: every table is its. Run docs/db-roles.sql to hand them to the "
            "owner role (docs/deployment.md, Database roles)."
        )
    if settings.DB_APP_ROLE:  # the ledger app's grants (ledger.roles): append-only for the app role
        report.grants = _command("db_roles", "The application role's grants failed")
    else:
        report.notes.append("DB_APP_ROLE is not set: no application role's grants were applied.")
    report.ledger = _command("verify_ledger", "The restored ledger does not verify")
    return report


def _command(name: str, failure: str, **options) -> str:
    """Runs the management command ``name`` (the ledger's own, by name: core does not import the
    ledger); its output, or ``BackupError`` starting with ``failure``."""
    output = io.StringIO()
    try:
        call_command(name, stdout=output, **options)
    except CommandError as error:
        raise BackupError(f"{failure}:\n{output.getvalue()}{error}") from error
    return output.getvalue().strip()
