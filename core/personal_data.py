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

``tests/privacy`` checks that every model with a foreign key to the user is covered by some
section or named in that test's list of exceptions with the reason.
"""

from collections.abc import Callable
from dataclasses import dataclass

SectionFunc = Callable[..., list[dict]]


@dataclass(frozen=True)
class Section:
    order: int
    slug: str
    title: str
    func: SectionFunc


_sections: dict[str, Section] = {}


def register_personal_data(*, order: int, slug: str, title, func: SectionFunc) -> None:
    """Add (or replace, on a repeated ``ready``) the section ``slug``."""
    _sections[slug] = Section(order=order, slug=slug, title=title, func=func)


def personal_data_sections() -> list[Section]:
    return sorted(_sections.values(), key=lambda s: (s.order, s.slug))
