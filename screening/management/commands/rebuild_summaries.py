"""``manage.py rebuild_summaries``: rebuilds the summary rows (the screening's ``EntryScore``)
from the rows they summarise. Run it after an upgrade that adds or changes a summary, or after
writing reviews or scores outside the services (a bulk load)."""

from django.core.management.base import BaseCommand

from screening.summaries import entry_scores_rebuild


class Command(BaseCommand):
    help = "Rebuilds the summary rows (the screening's per-entry scores) from the reviews."

    def handle(self, *args, **options):
        written = entry_scores_rebuild()
        self.stdout.write(f"entry scores: {written}")
