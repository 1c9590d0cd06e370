import re
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from ledger import anchors
from ledger.anchor_check import anchors_check, expect_check
from ledger.selectors import latest_anchor
from ledger.services import ledger_verify
from ledger.state import state_disagreements

EXPECT_PATTERN = re.compile(r"^(?P<position>[1-9][0-9]*):(?P<head>[0-9a-f]{64})$")


class Command(BaseCommand):
    help = (
        "Recompute the decision ledger's hash chain from the stored rows and check it against "
        "the checkpoints; optionally against signed anchors kept outside the database "
        "(--anchors, --expect) and against the rows it describes (--state). Exits 2 naming "
        "the first bad entry, the earliest anchor that no longer verifies and every "
        "disagreeing row."
    )

    def add_arguments(self, parser):
        parser.add_argument("--anchors", metavar="FILE", help="a file of anchor lines to check")
        parser.add_argument(
            "--public-key", metavar="FILE", help="the ledger's public key (default: LEDGER_PUBLIC_KEY)"
        )
        parser.add_argument(
            "--expect", metavar="POSITION:HASH", action="append", default=[],
            help="a head read from anywhere (e.g. the outcomes page) the chain must still reach",
        )
        parser.add_argument(
            "--state", action="store_true", help="compare the ledger with the current rows"
        )

    def handle(self, *args, anchors=None, public_key=None, expect=(), state=False, **options):
        result = ledger_verify()
        self.stdout.write(result.message)
        failures = [] if result.ok else [result.message]
        if anchors:
            failures += self._anchors(Path(anchors), public_key)
        else:
            self.stdout.write(self._anchor_status())
        for expected in expect:
            failures += self._expect(expected)
        if state:
            failures += self._state()
        if failures:
            raise CommandError("\n".join(failures), returncode=2)

    def _anchor_status(self) -> str:
        if not anchors.anchors_enabled():
            return "Anchors: off (no LEDGER_SIGNING_KEY_FILE)"
        latest = latest_anchor()
        if latest is None:
            return "Anchors: on, none published yet"
        return f"Anchors: on, latest at entry {latest.position} on {latest.created_at:%Y-%m-%d %H:%M} UTC"

    def _anchors(self, path: Path, public_key_file: str | None) -> list[str]:
        if not (public_key_file or settings.LEDGER_PUBLIC_KEY):
            raise CommandError("--anchors needs --public-key FILE or LEDGER_PUBLIC_KEY.")
        try:
            key_text = Path(public_key_file).read_text() if public_key_file else settings.LEDGER_PUBLIC_KEY
            key = anchors.load_public_key(key_text)
            lines = path.read_text(encoding="ascii").splitlines()
        except (OSError, UnicodeDecodeError, anchors.AnchorError) as error:
            raise CommandError(str(error)) from error
        report = anchors_check(lines, key)
        self.stdout.write(report.message)
        return [] if report.ok else [report.message, *(f.message for f in report.failures)]

    def _expect(self, expected: str) -> list[str]:
        match = EXPECT_PATTERN.fullmatch(expected.strip().lower())
        if match is None:
            raise CommandError(f"--expect takes POSITION:HASH, not {expected!r}.")
        position, head = int(match["position"]), match["head"]
        problem = expect_check(position, head)
        if problem:
            return [f"Expected head BAD: entry {position}: {problem}"]
        self.stdout.write(f"Expected head OK: entry {position} {head}")
        return []

    def _state(self) -> list[str]:
        found = state_disagreements()
        if not found:
            self.stdout.write("State OK: the rows agree with the ledger")
            return []
        return [f"State BAD: {len(found)} disagreements", *(d.message for d in found)]
