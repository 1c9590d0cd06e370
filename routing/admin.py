from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from core.readonly_admin import ReadOnlyAdmin

from .models import (
    AnswerTemplate,
    CallRoutingSettings,
    IdeaComment,
    IdeaFollow,
    IdeaSupport,
    Review,
    ReviewTally,
    Routing,
    RoutingCallTally,
    RoutingDepartmentTally,
    RoutingEvent,
)


@admin.register(CallRoutingSettings)
class CallRoutingSettingsAdmin(SimpleHistoryAdmin):
    list_display = ["call", "answer_due_days"]
    search_fields = ["call__title", "call__code"]


@admin.register(AnswerTemplate)
class AnswerTemplateAdmin(SimpleHistoryAdmin):
    list_display = ["title", "verdict", "is_active", "created_by", "created_at"]
    list_filter = ["verdict", "is_active"]
    search_fields = ["title", "body"]
    readonly_fields = ["created_by", "created_at"]


@admin.register(Review)
class ReviewAdmin(SimpleHistoryAdmin):
    list_display = ["proposal", "verdict", "reviewed_by", "reviewed_at"]
    list_filter = ["verdict", "proposal__call"]
    search_fields = ["proposal__title", "proposal__reference", "note"]
    readonly_fields = ["proposal", "verdict", "reviewed_by", "reviewed_at", "merged_into"]


class RoutingEventInline(admin.TabularInline):
    model = RoutingEvent
    extra = 0
    can_delete = False
    fields = [
        "created_at",
        "kind",
        "status",
        "department",
        "other_department",
        "text",
        "target_date",
        "by",
    ]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Routing)
class RoutingAdmin(SimpleHistoryAdmin):
    list_display = ["proposal", "department", "is_lead", "status", "due_on", "department_closed"]
    list_filter = ["status", "department_closed", "is_lead", "proposal__call", "department"]
    search_fields = ["proposal__title", "proposal__reference", "department__name"]
    readonly_fields = [
        "proposal",
        "department",
        "is_lead",
        "status",
        "routed_at",
        "answered_at",
        "plan",
        "target_date",
        "reroute_to",
        "department_closed",
    ]
    inlines = [RoutingEventInline]


@admin.register(RoutingEvent)
class RoutingEventAdmin(admin.ModelAdmin):
    list_display = ["routing", "kind", "status", "department", "by", "created_at"]
    list_filter = ["kind", "status"]
    search_fields = ["routing__proposal__title", "routing__proposal__reference", "text"]
    readonly_fields = [f.name for f in RoutingEvent._meta.fields]


@admin.register(ReviewTally)
class ReviewTallyAdmin(ReadOnlyAdmin):
    """Per call: proposals not selected and reviewed, kept by database triggers (``manage.py
    rebuild_routing_tallies`` recomputes them), as are the two below."""

    list_display = ["call", "not_selected", "reviewed"]
    search_fields = ["call__title"]


@admin.register(RoutingCallTally)
class RoutingCallTallyAdmin(ReadOnlyAdmin):
    list_display = ["call", "status", "n"]
    list_filter = ["status"]
    search_fields = ["call__title"]


@admin.register(RoutingDepartmentTally)
class RoutingDepartmentTallyAdmin(ReadOnlyAdmin):
    list_display = ["department", "status", "n"]
    list_filter = ["status"]
    search_fields = ["department__name"]


@admin.register(IdeaSupport)
class IdeaSupportAdmin(ReadOnlyAdmin):
    """Supports (공감) of ideas in the idea bank, to look at: given and taken back by each
    person on the idea's page (``routing.services.ideas``)."""

    list_display = ["proposal", "user", "created_at"]
    search_fields = ["proposal__title", "user__username", "user__full_name"]


@admin.register(IdeaFollow)
class IdeaFollowAdmin(ReadOnlyAdmin):
    """Who follows which idea, to look at (``routing.services.ideas``)."""

    list_display = ["proposal", "user", "created_at"]
    search_fields = ["proposal__title", "user__username", "user__full_name"]


@admin.register(IdeaComment)
class IdeaCommentAdmin(ReadOnlyAdmin):
    """Comments on ideas, to look at: the innovation unit hides one with a reason on the
    idea's page (``routing.services.idea_comment_hide``), which keeps who, when and why."""

    list_display = ["__str__", "proposal", "author", "created_at", "hidden_at", "hidden_by"]
    list_filter = [("hidden_at", admin.EmptyFieldListFilter)]
    search_fields = ["text", "proposal__title", "author__username", "author__full_name"]
