"""The admin of rows that are looked at, never edited there: records that are evidence (the
decision ledger, privacy consents and access logs) and summary rows derived from other rows
(docs/architecture.md, "Summary rows"), which their management commands rebuild."""

from django.contrib import admin


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
