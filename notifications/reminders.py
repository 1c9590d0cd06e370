"""The reminder registry: each app declares its deadline reminders in its own ``reminders.py``.

An app registers a *kind* with a *finder* and, usually, a *relevance check*::

    # labs/reminders.py
    from notifications.reminders import Due, register

    def _logs_overdue(now):
        for lab in Lab.objects.filter(...):          # what is due at ``now``
            yield Due(about=lab, recipients=lab.members(), occasion="2026-12-01",
                      context={"lab": lab}, url=lab.get_absolute_url(), expires_at=...)

    def _logs_still_overdue(notifications, now):     # at delivery time, in one batch
        return {n.pk for n in notifications if ...}  # the ids still worth sending

    register("reminder_lab_log_overdue", _logs_overdue, still_relevant=_logs_still_overdue)

The dispatcher (``notifications.services.reminders_dispatch``, run by Celery beat every
``REMINDER_DISPATCH_INTERVAL``) calls every finder with the current time and writes what they
yield to the outbox through ``notify``. The outbox key (kind, object, recipient, occasion) makes
a finder that yields the same thing on every run harmless: only the first run writes a row.
So a finder simply yields everything whose moment has come and whose occasion has not passed;
the occasion string names the moment (e.g. the deadline and "3d"), so a moved deadline makes
a new occasion and a new reminder.

At delivery the relevance check receives the claimed rows of its kind (``about_id``,
``recipient_id``, ``occasion`` are set) and returns the ids still worth sending; the others
are marked dropped. Rows whose ``expires_at`` has passed are dropped without asking.

Modules named ``reminders`` in every installed app are imported when the apps are ready
(``NotificationsConfig.ready``), like Celery's ``tasks`` modules.
"""

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import NamedTuple

from django.db import models


class Due(NamedTuple):
    """One reminder that is due: told to ``recipients`` about ``about`` for ``occasion``."""

    about: models.Model
    recipients: Iterable
    occasion: str
    context: dict
    url: str = ""
    expires_at: datetime | None = None


Finder = Callable[[datetime], Iterable[Due]]
RelevanceCheck = Callable[[Sequence, datetime], Iterable[int]]


@dataclass(frozen=True)
class ReminderKind:
    kind: str
    finder: Finder
    still_relevant: RelevanceCheck | None = None


_registry: dict[str, ReminderKind] = {}


def register(kind: str, finder: Finder, *, still_relevant: RelevanceCheck | None = None) -> None:
    """Declares a reminder kind. Its email templates are ``emails/<kind>_subject.txt``,
    ``emails/<kind>.txt`` and ``emails/<kind>.html``. Registering a kind twice replaces it
    (module reloads in development)."""
    _registry[kind] = ReminderKind(kind=kind, finder=finder, still_relevant=still_relevant)


def registered() -> dict[str, ReminderKind]:
    return dict(_registry)


def get(kind: str) -> ReminderKind | None:
    return _registry.get(kind)


def autodiscover() -> None:
    from django.utils.module_loading import autodiscover_modules

    autodiscover_modules("reminders")
