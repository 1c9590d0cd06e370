from django.core.management.base import BaseCommand, CommandError

from privacy.anonymise import call_anonymise, calls_due


class Command(BaseCommand):
    help = (
        "Anonymises the personal data of calls closed more than --older-than-days ago "
        "(proposers, co-proposers, attachments, notices; see docs/privacy.md). Idempotent."
    )

    def add_arguments(self, parser):
        parser.add_argument("--older-than-days", type=int, required=True, help="retention period in days")
        parser.add_argument("--dry-run", action="store_true", help="list the calls, change nothing")

    def handle(self, *args, older_than_days: int, dry_run: bool, **options):
        if older_than_days < 1:
            raise CommandError("--older-than-days must be at least 1")
        calls = calls_due(older_than_days=older_than_days)
        if not calls:
            self.stdout.write("No closed call is past the retention period.")
            return
        for call in calls:
            if dry_run:
                self.stdout.write(f"would anonymise {call.code} (closed {call.closes_at:%Y-%m-%d})")
                continue
            report = call_anonymise(call=call, retention_days=older_than_days)
            self.stdout.write(
                f"anonymised {call.code}: {report.proposals} proposals, "
                f"{report.coproposers_removed} co-proposers, {report.attachments_removed} attachments, "
                f"{report.notifications_removed} notifications removed"
            )
