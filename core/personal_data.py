"""What the portal holds about one person, section by section (issue 20, 개인정보 열람).

Each app that keeps personal data registers a section in its ``AppConfig.ready``::

    register_personal_data(order=40, slug="idea_comments", title=_("comments on ideas"),
                           func=comments_of)

``func(user)`` returns a list of plain dicts (JSON-serialisable values only: str, int, float,
bool, None, ISO-8601 strings for dates) describing that person's rows, and runs a fixed number
of queries whatever the data. The privacy app's "my data" download (``privacy``) walks the
registry, so it needs no import of the apps that own the data, and a new kind of personal data
is listed where it is defined. A section holds the person's own data only: never another
person's name or a blind review's hidden facts (a review lists the entry's title and the
person's own scores, not the proposer).

``covers`` names the user-model foreign keys the section reads, as ``"app_label.Model.field"``
(``"proposals.Proposal.proposer"``). ``tests/privacy/test_coverage.py`` checks that every
foreign key or one-to-one to the user model is covered by some section or named in that test's
map of exceptions with the reason.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone

SectionFunc = Callable[..., list[dict]]


@dataclass(frozen=True)
class Section:
    order: int
    slug: str
    title: str
    func: SectionFunc
    covers: tuple[str, ...] = ()


_sections: dict[str, Section] = {}


def register_personal_data(
    *, order: int, slug: str, title, func: SectionFunc, covers: tuple[str, ...] = ()
) -> None:
    """Add (or replace, on a repeated ``ready``) the section ``slug``."""
    _sections[slug] = Section(order=order, slug=slug, title=title, func=func, covers=tuple(covers))


def personal_data_sections() -> list[Section]:
    return sorted(_sections.values(), key=lambda s: (s.order, s.slug))


def iso(value) -> str | None:
    """A date or datetime as ISO 8601 for a section (datetimes in the portal's time zone,
    Asia/Seoul, with their offset); ``None`` stays ``None``."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return (
            timezone.localtime(value).isoformat() if timezone.is_aware(value) else value.isoformat()
        )
    return value.isoformat()
