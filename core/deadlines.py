"""Deadlines, gathered from the apps that own them (issue 20, "Calendars").

Two registries, filled in each app's ``AppConfig.ready`` so ``core`` and the notifications app
import no domain app:

- ``register_deadlines(func)``: ``func(user)`` returns the ``Deadline`` list of *that person's
  own* deadlines in a fixed number of queries, whatever the data: calls closing, their drafts,
  the scores they owe as a board member, the answers their department owes, their lab's
  milestones, log, final report and term end. A deadline names no other person and nothing a
  blind review hides (no entry's title, no proposer). ``deadlines_for(user)`` walks them for the
  personal calendar feed (``notifications.calendar``).
- ``register_call_dates(func)``: ``func(call)`` returns the public dates of one call (opening,
  deadline, screening deadline, results, decision) for the call's ``.ics`` download; the
  proposals app gives the call's own and the screening app the screening's.

A duty (a draft, scores, an answer, a milestone, a report) stays in a feed while it is pending,
overdue included, and leaves when it is done; a call's closing, which is everyone's, stays for
``CALENDAR_PAST_DAYS`` after it (``since()``), so the feed stays short and a calendar keeps
last month's dates. ``uid`` is
``<kind>-<pk>`` (plus a part where one object has several dates): stable across fetches, so a
moved date replaces the event instead of adding one (``core.ical`` adds ``@<host>``).
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.utils import timezone

DEFAULT_PAST_DAYS = 90


@dataclass(frozen=True)
class Deadline:
    """One date in a calendar. ``start`` is a ``date`` (an all-day event) or an aware
    ``datetime``; ``end`` likewise, optional (an all-day event lasts its day, a moment lasts
    nothing). ``url`` is the portal's path for it; ``updated`` is when its source last changed,
    where the model knows it (LAST-MODIFIED)."""

    uid: str
    title: str
    start: date | datetime
    end: date | datetime | None = None
    url: str = ""
    description: str = ""
    updated: datetime | None = None

    def __post_init__(self):
        if isinstance(self.start, datetime) and timezone.is_naive(self.start):
            raise ValueError(f"deadline {self.uid}: a naive datetime; give an aware one or a date")

    @property
    def all_day(self) -> bool:
        return not isinstance(self.start, datetime)

    @property
    def sort_key(self) -> tuple:
        moment = self.start
        if not isinstance(moment, datetime):
            moment = timezone.make_aware(datetime.combine(moment, datetime.min.time()))
        return (moment, self.uid)


DeadlineFunc = Callable[..., list[Deadline]]

_personal: list[DeadlineFunc] = []
_call_dates: list[DeadlineFunc] = []


def _add(registry: list[DeadlineFunc], func: DeadlineFunc) -> None:
    """Once per function (``ready`` may run more than once in tests)."""
    if all(existing is not func for existing in registry):
        registry.append(func)


def register_deadlines(func: DeadlineFunc) -> None:
    _add(_personal, func)


def register_call_dates(func: DeadlineFunc) -> None:
    _add(_call_dates, func)


def past_days() -> int:
    return getattr(settings, "CALENDAR_PAST_DAYS", DEFAULT_PAST_DAYS)


def since(now: datetime | None = None) -> datetime:
    """The earliest moment a feed still shows (``CALENDAR_PAST_DAYS`` ago)."""
    return (now or timezone.now()) - timedelta(days=past_days())


def since_date(now: datetime | None = None) -> date:
    return timezone.localdate(since(now))


def _gathered(registry: list[DeadlineFunc], subject) -> list[Deadline]:
    found: dict[str, Deadline] = {}
    for func in registry:
        for deadline in func(subject):
            found[deadline.uid] = deadline
    return sorted(found.values(), key=lambda d: d.sort_key)


def deadlines_for(user) -> list[Deadline]:
    """The person's own deadlines, earliest first (none for an inactive account)."""
    if not user.is_active:
        return []
    return _gathered(_personal, user)


def call_dates(call) -> list[Deadline]:
    """The public dates of one call, earliest first."""
    return _gathered(_call_dates, call)
