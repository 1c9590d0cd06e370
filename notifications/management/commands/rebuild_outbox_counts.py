from django.core.management.base import BaseCommand

from notifications import counts


class Command(BaseCommand):
    help = (
        "Recompute the outbox counts per kind and email state from the notifications "
        "(the outbox page reads them; database triggers keep them in step)."
    )

    def handle(self, *args, **options):
        totals = counts.rebuild()
        self.stdout.write(
            f"{sum(totals.values())} notifications in {len(totals)} (kind, state) counts."
        )
