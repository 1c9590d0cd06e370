"""``manage.py restore SRC``: a backup set back into an empty database and storage (core.backups)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from core.backups import BackupError
from core.backups.services import restore


class Command(BaseCommand):
    help = (
        "Restore the backup set SRC (made by `manage.py backup`) into an EMPTY database and EMPTY "
        "storage: checks every checksum of the set first, refuses a non-empty target writing "
        "nothing, then restores the database as the owner role (MIGRATE_DATABASE_URL), writes the "
        "files through the storage API and reads each back, compares the rows per table, "
        "reapplies the application role's grants and runs verify_ledger. Exits 2 when a check fails."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "src", type=Path, help="the backup set's directory (holding manifest.json)"
        )

    def handle(self, *args, src: Path, **options):
        try:
            report = restore(src)
        except BackupError as error:
            raise CommandError(str(error), returncode=2) from error
        manifest = report.manifest
        self.stdout.write(
            f"Restored the backup of {manifest['created_at']} (portal {manifest['portal_version']}): "
            f"{len(manifest['database']['tables'])} tables with the manifest's row counts, "
            f"{report.files} files with their checksums."
        )
        for line in (report.grants, *report.notes, report.ledger):
            if line:
                self.stdout.write(line)
        self.stdout.write(
            self.style.SUCCESS("Restore checked. Run `manage.py migrate` if this portal is newer.")
        )
