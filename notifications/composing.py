"""Emails whose final content is made when they are sent, not when they are written.

Some emails carry something that must never rest in the database, such as the first sign-in
link (a password-reset token: whoever holds it can set the person's password). For such a kind
the outbox row holds the message without it (rendered by ``notify`` from the kind's templates,
which show a placeholder where the secret goes): that is all the outbox page, the admin and a
backup ever see. At delivery the worker renders the same templates again with what the
kind's *composer* adds, and sends that::

    # people/apps.py, in ready()
    composing.register("first_sign_in_link", context=_link_context, still_relevant=_still_waiting)

``context(notification)`` returns the extra template context (the recipient is loaded with the
row); at delivery the templates see ``recipient``, ``url``, ``base_url`` and that context only,
not the context ``notify`` was given. ``still_relevant(notifications, now)``, like a reminder's,
returns the ids still worth sending; the others are marked dropped.
"""

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

ContextMaker = Callable[[object], dict]
RelevanceCheck = Callable[[Sequence, datetime], Iterable[int]]


@dataclass(frozen=True)
class Composer:
    kind: str
    context: ContextMaker
    still_relevant: RelevanceCheck | None = None


_registry: dict[str, Composer] = {}


def register(
    kind: str, *, context: ContextMaker, still_relevant: RelevanceCheck | None = None
) -> None:
    """Declares that emails of ``kind`` are completed at delivery with ``context``."""
    _registry[kind] = Composer(kind=kind, context=context, still_relevant=still_relevant)


def get(kind: str) -> Composer | None:
    return _registry.get(kind)
