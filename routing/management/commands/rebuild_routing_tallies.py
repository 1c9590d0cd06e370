from django.core.management.base import BaseCommand

from routing import tallies


class Command(BaseCommand):
    help = (
        "Recompute the review and routing tallies (per call and per department) from the "
        "proposals, reviews and routings (the review and tracking pages read them; database "
        "triggers keep them in step)."
    )

    def handle(self, *args, **options):
        totals = tallies.rebuild()
        self.stdout.write(
            f"{len(totals['review'])} calls with proposals not selected, "
            f"{sum(totals['call'].values())} routings."
        )
