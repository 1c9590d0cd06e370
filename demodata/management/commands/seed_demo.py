from importlib import import_module

from django.core.management.base import BaseCommand
from django.utils import timezone

from demodata import foundation
from ledger.services import ledger_checkpoint_record

# Each area's demo data builds on the previous one: screening decides the 2019 call,
# routing answers its unselected proposals (and puts some in the idea bank), labs runs the
# selected one; privacy adds correction requests.
AREA_MODULES = ("screening.demo", "routing.demo", "routing.demo_ideas", "labs.demo", "privacy.demo")


class Command(BaseCommand):
    help = "Loads the demo data (idempotent: running it again changes nothing). Development only."

    def handle(self, *args, **options):
        now = timezone.now()
        foundation.seed(now=now)
        self.stdout.write("foundation: org chart, people, calls")
        for module_name in AREA_MODULES:
            try:
                module = import_module(module_name)
            except ModuleNotFoundError as error:
                if error.name != module_name:
                    raise
                continue
            module.seed(now=now)
            self.stdout.write(f"{module_name}: done")
        # The demo starts with a checkpoint of the ledger its decisions wrote.
        ledger_checkpoint_record(by=None)
        self.stdout.write(self.style.SUCCESS(f"Demo data ready. Password for every demo login: {foundation.DEMO_PASSWORD}"))
