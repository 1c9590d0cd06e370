"""A person's "my data" (개인정보 열람, PIPA 제35조): every registered section of
``core.personal_data`` for one person, as the page's summary and as the download.

The download is one JSON document, UTF-8, indented, with English snake_case keys that say what
each value is, ISO 8601 dates in Asia/Seoul and each section's title in the person's language.
No ZIP of attachments: the files stay on their pages (where each download is checked and logged
one by one), the document lists each file the person attached (name, size, date)."""

import json
from dataclasses import dataclass

from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone

from core.personal_data import iso, personal_data_sections

FORMAT = "glab-portal-my-data/1"


@dataclass(frozen=True)
class SectionData:
    slug: str
    title: str
    rows: list

    @property
    def count(self) -> int:
        return len(self.rows)


def my_data(user) -> list[SectionData]:
    """Every registered section's rows for ``user``, in the registry's order (each section runs a
    fixed number of queries, so the whole runs a fixed number)."""
    return [SectionData(s.slug, str(s.title), s.func(user)) for s in personal_data_sections()]


def my_data_document(user, sections: list[SectionData] | None = None) -> dict:
    sections = my_data(user) if sections is None else sections
    return {
        "format": FORMAT,
        "generated_at": iso(timezone.now()),
        "employee_number": user.username,
        "sections": [
            {"section": s.slug, "title": s.title, "count": s.count, "rows": s.rows} for s in sections
        ],
    }


def my_data_json(user) -> bytes:
    return json.dumps(my_data_document(user), ensure_ascii=False, indent=2, cls=DjangoJSONEncoder).encode("utf-8")


def download_name(user) -> str:
    return f"glab-my-data-{user.username}-{timezone.localdate():%Y%m%d}.json"
