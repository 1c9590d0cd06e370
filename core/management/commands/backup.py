"""``manage.py backup DEST``: the database and its files as one consistent set (core.backups)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from core.backups import BackupError
from core.backups.manifest import MANIFEST, file_sha256
from core.backups.services import backup_create


class Command(BaseCommand):
    help = (
        "Write a backup set into the new directory DEST: one snapshot of the PostgreSQL database "
        "(pg_dump), every stored file its rows point to (read through the storage API) and "
        "manifest.json with the sha256 of each, the rows per table, the portal's version and "
        "migrations. Restore it with `manage.py restore DEST`."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "dest", type=Path, help="a directory that does not exist yet (or is empty)"
        )

    def handle(self, *args, dest: Path, **options):
        try:
            manifest = backup_create(dest)
        except BackupError as error:
            raise CommandError(str(error)) from error
        database = manifest["database"]
        self.stdout.write(
            f"Backup written to {dest}: database {database['size']} bytes, {len(database['tables'])} tables, "
            f"{sum(database['tables'].values())} rows; {len(manifest['files'])} files "
            f"({sum(entry['size'] for entry in manifest['files'])} bytes)."
        )
        # Logged elsewhere (cron mail, the journal), this line shows later whether the manifest
        # itself was changed.
        self.stdout.write(f"{dest / MANIFEST} sha256 {file_sha256(dest / MANIFEST)[0]}")
