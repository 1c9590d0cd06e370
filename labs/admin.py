from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    Decision,
    DutyRelease,
    FinalReport,
    Lab,
    LabAttachment,
    LogComment,
    LogEntry,
    Membership,
    Milestone,
    Signoff,
)


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    fields = ("user", "status", "joined_at", "ended_at")
    readonly_fields = fields
    can_delete = False


@admin.register(Lab)
class LabAdmin(SimpleHistoryAdmin):
    list_display = ("name", "status", "start_date", "end_date", "log_cadence_days")
    list_filter = ("status",)
    search_fields = ("name", "mission", "proposal__title", "proposal__reference")
    readonly_fields = ("status", "started_at", "closed_at", "proposal", "created_by")
    date_hierarchy = "start_date"
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(SimpleHistoryAdmin):
    list_display = ("user", "lab", "status", "joined_at", "ended_at")
    list_filter = ("status",)
    search_fields = ("user__full_name", "user__username", "lab__name")
    readonly_fields = ("lab", "user", "status", "invited_by", "joined_at", "ended_at")


@admin.register(DutyRelease)
class DutyReleaseAdmin(SimpleHistoryAdmin):
    list_display = ("membership", "department", "order_reference", "acknowledged_at", "starts_on", "ends_on", "closed_at")
    list_filter = ("department", "closed_at")
    search_fields = ("membership__user__full_name", "membership__lab__name", "order_reference")
    readonly_fields = (
        "membership", "department", "acknowledged_by", "acknowledged_at", "starts_on", "ends_on",
        "notified_at", "closed_at",
    )


@admin.register(LogEntry)
class LogEntryAdmin(SimpleHistoryAdmin):
    list_display = ("lab", "entry_date", "author")
    list_filter = ("lab",)
    search_fields = ("lab__name", "did", "learned", "author__full_name")
    date_hierarchy = "entry_date"


@admin.register(LogComment)
class LogCommentAdmin(admin.ModelAdmin):
    list_display = ("entry", "author", "created_at")
    search_fields = ("body", "author__full_name")
    list_filter = ("entry__lab",)


@admin.register(Milestone)
class MilestoneAdmin(SimpleHistoryAdmin):
    list_display = ("title", "lab", "target_date", "done")
    list_filter = ("done", "lab")
    search_fields = ("title", "lab__name")


class SignoffInline(admin.TabularInline):
    model = Signoff
    extra = 0
    readonly_fields = ("user", "verdict", "comment", "created_at")
    can_delete = False


@admin.register(Decision)
class DecisionAdmin(SimpleHistoryAdmin):
    list_display = ("lab", "kind", "status", "proposed_by", "proposed_at", "settled_at")
    list_filter = ("kind", "status")
    search_fields = ("lab__name", "summary", "proposed_by__full_name")
    readonly_fields = ("lab", "kind", "status", "proposed_by", "settled_at", "reviewed_by")
    inlines = [SignoffInline]


@admin.register(Signoff)
class SignoffAdmin(admin.ModelAdmin):
    list_display = ("decision", "user", "verdict", "created_at")
    list_filter = ("verdict",)
    search_fields = ("user__full_name", "decision__lab__name", "comment")
    readonly_fields = ("decision", "user", "verdict", "created_at")


@admin.register(FinalReport)
class FinalReportAdmin(SimpleHistoryAdmin):
    list_display = ("lab", "outcome", "decision")
    list_filter = ("outcome",)
    search_fields = ("lab__name", "summary", "lessons")
    readonly_fields = ("decision", "lab")


@admin.register(LabAttachment)
class LabAttachmentAdmin(admin.ModelAdmin):
    list_display = ("original_name", "lab", "kind", "size", "uploaded_by", "uploaded_at")
    list_filter = ("kind",)
    search_fields = ("original_name", "lab__name")
    readonly_fields = ("lab", "entry", "report", "file", "original_name", "size", "kind", "uploaded_by")
