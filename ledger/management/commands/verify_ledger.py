from django.core.management.base import BaseCommand, CommandError

from ledger.services import ledger_verify


class Command(BaseCommand):
    help = (
        "Recompute the decision ledger's hash chain from the stored rows and check it against "
        "the checkpoints. Exits non-zero naming the first bad entry."
    )

    def handle(self, *args, **options):
        result = ledger_verify()
        if not result.ok:
            raise CommandError(result.message, returncode=2)
        self.stdout.write(result.message)
