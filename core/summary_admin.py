"""The admin of summary rows (docs/architecture.md, "Summary rows"): to look at, never to edit.
They are derived from other rows, in the same transaction or by database triggers, and rebuilt
by their management commands."""

from django.contrib import admin


class SummaryRowsAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
