from django.contrib import admin

from .models import ImportRecord


@admin.register(ImportRecord)
class ImportRecordAdmin(admin.ModelAdmin):
    list_display = (
        "id",
        "created_at",
        "created_by",
        "kind",
        "origin",
        "status",
        "people_created",
        "people_changed",
        "people_deactivated",
        "rows_rejected",
    )
    list_filter = ("status", "kind", "origin")
    search_fields = (
        "org_file_name",
        "staff_file_name",
        "org_sha256",
        "staff_sha256",
        "created_by__full_name",
    )
    date_hierarchy = "created_at"
    readonly_fields = [field.name for field in ImportRecord._meta.fields]

    def has_add_permission(self, request):
        return False
