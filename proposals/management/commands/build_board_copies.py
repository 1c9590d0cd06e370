"""``manage.py build_board_copies [--all] [--call CODE]``: derives the screening board's copy of
each attachment that has none yet (``board_status`` pending: every attachment uploaded before
the upgrade that brought board copies), or of every attachment with ``--all`` (after a change
to the scrub rules). One child process per file, as at upload; each file is committed on its
own, so the command can be stopped and run again. Prints a count per outcome."""

from collections import Counter

from django.core.management.base import BaseCommand
from django.db import transaction

from proposals.enums import BoardCopyStatus
from proposals.models import Attachment
from proposals.services import attachment_board_copy_build


class Command(BaseCommand):
    help = "Derives the board's copy (without identity information) of attachments that have none yet."

    def add_arguments(self, parser):
        parser.add_argument("--all", action="store_true", help="rebuild every attachment's copy, not only pending ones")
        parser.add_argument("--call", help="only the attachments of the call with this reference prefix")

    def handle(self, *args, **options):
        attachments = Attachment.objects.select_related("proposal").order_by("pk")
        if not options["all"]:
            attachments = attachments.filter(board_status=BoardCopyStatus.PENDING)
        if options["call"]:
            attachments = attachments.filter(proposal__call__code=options["call"])
        outcomes: Counter[str] = Counter()
        for pk in attachments.values_list("pk", flat=True).iterator():
            with transaction.atomic():
                attachment = Attachment.objects.select_for_update().select_related("proposal").filter(pk=pk).first()
                if attachment is None:  # removed meanwhile
                    continue
                try:
                    attachment_board_copy_build(attachment)
                except FileNotFoundError:
                    outcomes["original missing"] += 1
                    continue
            outcomes[attachment.board_reason or attachment.board_status] += 1
        summary = ", ".join(f"{outcome}: {count}" for outcome, count in sorted(outcomes.items())) or "nothing to do"
        self.stdout.write(summary)
