"""``manage.py sweep_orphan_files [--older-than-hours N] [--dry-run]``: removes stored files that
no row points to any more, from the local disk or the bucket alike (``core.storage.
orphan_files_sweep``; beat runs it daily). Only files older than ``--older-than-hours`` (``ORPHAN_FILES_GRACE_HOURS``, 24 by
default) are removed, so an upload whose transaction is still open is never touched."""

from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand

from core.storage import orphan_files_sweep


class Command(BaseCommand):
    help = "Removes stored files (local disk or bucket) that no row refers to, older than a grace period."

    def add_arguments(self, parser):
        hours = settings.ORPHAN_FILES_GRACE_HOURS
        parser.add_argument(
            "--older-than-hours", type=float, default=hours, help=f"grace period (default ORPHAN_FILES_GRACE_HOURS, {hours})"
        )
        parser.add_argument("--dry-run", action="store_true", help="list the files, remove nothing")

    def handle(self, *args, **options):
        hours, dry_run = options["older_than_hours"], options["dry_run"]
        report = orphan_files_sweep(older_than=timedelta(hours=hours), dry_run=dry_run)
        for name in report.removed:
            self.stdout.write(f"{'would remove' if dry_run else 'removing'} {name}")
        self.stdout.write(
            f"{report.stored} stored, {report.unreferenced} referenced by no row, "
            f"{len(report.removed)} older than {hours:g} h {'to remove' if dry_run else 'removed'}"
        )
