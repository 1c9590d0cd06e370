"""How much the seed writes at a given number of proposals. 10,000 is today's size; every
count scales with it (×10 at 100,000) except what one office would not multiply: the calls
hold 500 proposals each (a bigger office runs more calls, not bigger ones), one call is open
(its drafts are the deadline rush's), the boards have five members and the labs three."""

import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.utils import timezone

PASSWORD = "bench-pass-2026"
PER_CALL = 500
BOARD_SIZE = 5
LAB_MEMBERS = 3
LOG_ENTRIES = 200


@dataclass
class Plan:
    proposals: int

    @property
    def factor(self) -> int:
        return max(1, self.proposals // 10_000)

    @property
    def departments(self) -> int:
        return 50 * self.factor

    @property
    def staff(self) -> int:
        return 2_000 * self.factor

    @property
    def unit_staff(self) -> int:
        return 2 * self.factor

    @property
    def calls(self) -> int:
        return self.proposals // PER_CALL

    def call_kind(self, index: int) -> str:
        """Oldest first: decided (10 per 10,000), in screening (8), closed awaiting screening,
        and the newest one open."""
        decided, screened = 10 * self.factor, 8 * self.factor
        if index < decided:
            return "decided"
        if index < decided + screened:
            return "screening"
        return "open" if index == self.calls - 1 else "closed"

    @property
    def imports(self) -> int:
        return 12 * self.factor


@dataclass
class State:
    """What one part of the seed made and the next parts point at (ids only)."""

    plan: Plan
    rng: random.Random
    now: datetime = field(default_factory=timezone.now)
    departments: list[int] = field(default_factory=list)
    staff: list[int] = field(default_factory=list)
    staff_department: dict[int, int] = field(default_factory=dict)
    unit: list[int] = field(default_factory=list)
    liaisons: dict[int, int] = field(default_factory=dict)  # department -> liaison
    calls: list[dict] = field(default_factory=list)  # id, kind, opens_at, closes_at
    proposals: dict[int, list[dict]] = field(default_factory=dict)  # call id -> rows
    boards: dict[int, list[int]] = field(default_factory=dict)  # call id -> board members
    routings: list[dict] = field(default_factory=list)
    labs: list[dict] = field(default_factory=list)
    events: list[dict] = field(default_factory=list)  # ledger material

    def days_ago(self, days: float) -> datetime:
        return self.now - timedelta(days=days)
