from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from ledger.anchors import anchors_enabled
from ledger.selectors import latest_anchor
from ledger.services import ledger_checkpoint_record


class Command(BaseCommand):
    help = "Verify the decision ledger and record its head as a checkpoint."

    def add_arguments(self, parser):
        parser.add_argument("--by", help="employee number of the person signing off the checkpoint")

    def handle(self, *args, by=None, **options):
        user = None
        if by:
            user = get_user_model().objects.filter(username=by).first()
            if user is None:
                raise CommandError(f"No user with employee number {by}.")
        try:
            checkpoint = ledger_checkpoint_record(by=user)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages), returncode=2) from error
        if checkpoint is None:
            self.stdout.write("The ledger is empty; no checkpoint recorded.")
        else:
            self.stdout.write(
                f"Checkpoint: entry {checkpoint.position}, hash {checkpoint.entry_hash}"
            )
            if anchors_enabled():
                self.stdout.write(f"Anchor: {latest_anchor().line}")
