"""Checking anchors against the ledger as it stands (``verify_ledger --anchors`` / ``--expect``).

An anchor verifies when its signature checks with the auditors' public key and the chain,
recomputed from genesis over the stored contents (``services.ledger_heads_at``), still reaches
the anchored hash at the anchored position. A consistent rewrite (every later hash and every
checkpoint recomputed, as a database superuser can) passes ``ledger_verify`` but changes the
recomputed head at every anchored position from the rewritten entry on: the earliest such
anchor names when the ledger last matched what was published.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from . import anchors
from .services import ledger_heads_at


@dataclass(frozen=True)
class AnchorFailure:
    line_number: int
    reason: str
    anchor: anchors.Anchor | None = None

    @property
    def message(self) -> str:
        if self.anchor is None:
            return f"line {self.line_number}: {self.reason}"
        return (
            f"anchor on line {self.line_number} (entry {self.anchor.position}, {self.anchor.time}): "
            f"{self.reason}"
        )


@dataclass(frozen=True)
class AnchorReport:
    checked: int
    failures: list[AnchorFailure]

    @property
    def ok(self) -> bool:
        return not self.failures

    @property
    def earliest(self) -> AnchorFailure | None:
        """The failing anchor with the lowest position (then the earliest time); a line that is
        not an anchor at all only when no anchor fails."""
        dated = [f for f in self.failures if f.anchor is not None]
        if dated:
            return min(dated, key=lambda f: (f.anchor.position, f.anchor.time, f.line_number))
        return self.failures[0] if self.failures else None

    @property
    def message(self) -> str:
        if self.ok:
            return f"Anchors OK: {self.checked} verified"
        return (
            f"Anchors BAD: {len(self.failures)} of {self.checked} do not verify; earliest: "
            f"{self.earliest.message}"
        )


def head_problem(position: int, head: str, heads: dict[int, str], reached: int) -> str:
    """Why the ledger no longer leads to ``head`` at ``position`` ("" when it does)."""
    if position > reached:
        return f"the chain now ends at entry {reached}"
    if heads[position] != head:
        return f"the chain now leads to {heads[position]} at entry {position}"
    return ""


def anchors_check(lines: Iterable[str], public_key) -> AnchorReport:
    """Checks every anchor line (blank lines and ``#`` comments are skipped)."""
    parsed, failures = [], []
    for number, line in enumerate(lines, start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        try:
            parsed.append((number, anchors.anchor_parse(line)))
        except anchors.AnchorError as error:
            failures.append(AnchorFailure(number, str(error)))
    if not parsed and not failures:  # an empty file, or the wrong one, proves nothing
        failures.append(AnchorFailure(0, "the file holds no anchor"))
    heads, reached = ledger_heads_at({anchor.position for _number, anchor in parsed})
    for number, anchor in parsed:
        if not anchors.signature_ok(anchor, public_key):
            reason = "signature does not verify with the public key"
        else:
            reason = head_problem(anchor.position, anchor.head, heads, reached)
        if reason:
            failures.append(AnchorFailure(number, reason, anchor))
    return AnchorReport(checked=len(parsed) + sum(f.anchor is None for f in failures), failures=failures)


def expect_check(position: int, head: str) -> str:
    """``--expect POSITION:HASH``: "" when the chain still leads to ``head`` at ``position``."""
    heads, reached = ledger_heads_at({position})
    return head_problem(position, head, heads, reached)
