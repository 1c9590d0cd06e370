"""Privacy records are evidence: visible to the admin, never edited there."""

from django.contrib import admin

from core.readonly_admin import ReadOnlyAdmin

from .models import AnonymisedCall, CorrectionRequest, PersonalDataAccess, PrivacyConsent


@admin.register(PrivacyConsent)
class PrivacyConsentAdmin(ReadOnlyAdmin):
    list_display = ["user", "notice_version", "accepted_at"]
    list_filter = ["notice_version"]
    search_fields = ["user__username", "user__full_name"]
    date_hierarchy = "accepted_at"


@admin.register(PersonalDataAccess)
class PersonalDataAccessAdmin(ReadOnlyAdmin):
    list_display = ["accessed_at", "user", "what", "object_type", "object_id", "ip_address"]
    list_filter = ["what", "object_type"]
    search_fields = ["user__username", "user__full_name", "path", "ip_address"]
    date_hierarchy = "accessed_at"
    list_select_related = ["user"]


@admin.register(AnonymisedCall)
class AnonymisedCallAdmin(ReadOnlyAdmin):
    list_display = ["call", "anonymised_at", "retention_days", "proposals", "coproposers_removed",
                    "attachments_removed", "notifications_removed"]
    search_fields = ["call__code", "call__title"]


@admin.register(CorrectionRequest)
class CorrectionRequestAdmin(ReadOnlyAdmin):
    """Handled on the unit's own pages (``privacy:correction-list``), which tell the person."""

    list_display = ["submitted_at", "requester", "section", "status", "handled_at", "handled_by"]
    list_filter = ["status"]
    search_fields = ["requester__username", "requester__full_name", "what_is_wrong", "should_be"]
    date_hierarchy = "submitted_at"
    list_select_related = ["requester", "handled_by"]
