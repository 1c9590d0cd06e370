"""The ledger in the admin: read-only lists (no add, no change, no delete)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from core.readonly_admin import ReadOnlyAdmin

from .models import LedgerAnchor, LedgerCheckpoint, LedgerEntry


@admin.register(LedgerEntry)
class LedgerEntryAdmin(ReadOnlyAdmin):
    list_display = [
        "position",
        "recorded_at",
        "kind_label",
        "object_label",
        "object_id",
        "actor_id",
        "entry_hash",
    ]
    list_filter = ["kind", "object_type"]
    search_fields = ["=position", "=object_id", "=actor_id", "entry_hash", "prev_hash"]
    ordering = ["-position"]

    @admin.display(description=_("kind"), ordering="kind")
    def kind_label(self, entry):
        return entry.kind_label

    @admin.display(description=_("object type"), ordering="object_type")
    def object_label(self, entry):
        return entry.object_label


@admin.register(LedgerCheckpoint)
class LedgerCheckpointAdmin(ReadOnlyAdmin):
    list_display = ["position", "entry_hash", "created_at", "created_by"]
    list_select_related = ["created_by"]
    list_filter = ["created_at"]
    search_fields = ["=position", "entry_hash"]
    ordering = ["-position", "-created_at"]


@admin.register(LedgerAnchor)
class LedgerAnchorAdmin(ReadOnlyAdmin):
    list_display = ["position", "created_at", "emailed_at", "auditors", "last_error"]
    list_filter = ["created_at"]
    search_fields = ["=position", "entry_hash", "line"]
    ordering = ["-created_at", "-pk"]
