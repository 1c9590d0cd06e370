"""What the HR import holds about a person, for their "my data" download
(``core.personal_data``): each applied import that created, changed or deactivated their
account, with what it changed. The import's own rows (who uploaded or applied it) are the
innovation unit's acts and not listed here."""

from django.db import connection
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.personal_data import iso, register_personal_data

from .enums import ImportStatus
from .models import ImportRecord

WHAT_HAPPENED = {
    "people_created": _("account created"),
    "people_changed": _("account changed"),
    "people_deactivated": _("account deactivated"),
}


def imports_of(user) -> list[dict]:
    """Applied imports whose preview names the person's employee number (1 query; on
    PostgreSQL the JSON containment narrows it to those imports, elsewhere every applied
    import's preview is read)."""
    records = ImportRecord.objects.filter(status=ImportStatus.APPLIED).order_by("applied_at", "pk")
    if connection.vendor == "postgresql":
        mentions = Q()
        for key in WHAT_HAPPENED:
            mentions |= Q(**{f"preview__{key}__contains": [{"number": user.username}]})
        records = records.filter(mentions)
    rows = []
    for record in records.only("applied_at", "preview"):
        for key, label in WHAT_HAPPENED.items():
            for item in (record.preview or {}).get(key, []):
                if item.get("number") == user.username:
                    rows.append(
                        {
                            "applied_at": iso(record.applied_at),
                            "what_happened": str(label),
                            "changes": [
                                {"field": c.get("field"), "old": c.get("old"), "new": c.get("new")}
                                for c in item.get("changes", [])
                            ],
                        }
                    )
    return rows


def register() -> None:
    register_personal_data(
        order=60,
        slug="hr_imports",
        title=_("HR imports that changed your account"),
        func=imports_of,
    )
