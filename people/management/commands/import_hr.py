from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from core.forms import error_text
from people import services
from people.enums import ImportKind, ImportOrigin, ImportStatus


class Command(BaseCommand):
    help = (
        "Imports the HR system's org chart and/or staff list (CSV in UTF-8 or CP949, or XLSX). "
        "Checks every row first; applies all or nothing. See docs/hr-import.md."
    )

    def add_arguments(self, parser):
        parser.add_argument("--org", type=Path, help="org chart file (.csv or .xlsx)")
        parser.add_argument("--staff", type=Path, help="staff list file (.csv or .xlsx)")
        parser.add_argument(
            "--dry-run", action="store_true", help="check and report, change nothing"
        )
        parser.add_argument(
            "--full",
            action="store_true",
            help="the files are full exports: deactivate people and close departments missing from them",
        )

    def handle(self, *args, org=None, staff=None, dry_run=False, full=False, **options):
        if org is None and staff is None:
            raise CommandError("give --org, --staff or both")
        with translation.override(settings.LANGUAGE_CODE):
            files = {}
            for name, path in (("org_file", org), ("staff_file", staff)):
                if path is not None:
                    if not path.is_file():
                        raise CommandError(f"no such file: {path}")
                    files[name] = File(path.open("rb"), name=path.name)
            try:
                record = services.hr_import_create(
                    by=None,
                    kind=ImportKind.FULL if full else ImportKind.PARTIAL,
                    origin=ImportOrigin.COMMAND,
                    **files,
                )
            except ValidationError as error:
                raise CommandError(error_text(error)) from error
            finally:
                for handle in files.values():
                    handle.close()
            record = services.hr_import_check(record=record)
            self._report(record)
            if record.status == ImportStatus.REJECTED:
                raise CommandError(
                    f"import #{record.pk}: {record.rows_rejected} rejected row(s); nothing applied"
                )
            if dry_run:
                self.stdout.write(f"import #{record.pk}: dry run, nothing applied")
                return
            try:
                record = services.hr_import_apply(record=record)
            except ValidationError as error:
                services.hr_import_fail(record=record, error=error_text(error))
                raise CommandError(error_text(error)) from error
            self.stdout.write(self.style.SUCCESS(f"import #{record.pk}: applied"))

    def _report(self, record) -> None:
        report = record.preview
        for entry in report["rejected"]:
            line = entry["line"] if entry["line"] is not None else "-"
            self.stderr.write(f"{entry['file']}:{line}: {entry['reason']}")
        for key in (
            "departments_created",
            "departments_changed",
            "departments_closed",
            "people_created",
            "people_changed",
            "people_deactivated",
        ):
            self.stdout.write(f"{key.replace('_', ' ')}: {len(report[key])}")
        self.stdout.write(f"rows read: {report['rows']}, rejected: {len(report['rejected'])}")
