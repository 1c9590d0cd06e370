from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from core.readonly_admin import ReadOnlyAdmin

from .enums import notification_kind_label
from .models import CalendarFeed, Notification, NotificationPreference, OutboxCount, ScheduledRun
from .services import notifications_retry_failed


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ("subject", "recipient", "kind_label", "email_status", "attempts", "created_at", "sent_at")
    list_filter = ("email_status", "kind", "created_at")
    search_fields = ("subject", "recipient__full_name", "recipient__username", "key")
    readonly_fields = [f.name for f in Notification._meta.fields]
    list_select_related = ("recipient",)
    date_hierarchy = "created_at"
    actions = ["retry_failed"]

    def has_add_permission(self, request):
        return False

    @admin.display(description=_("kind"), ordering="kind")
    def kind_label(self, notification):
        return notification.kind_label

    @admin.action(description=_("Send the selected failed emails again"))
    def retry_failed(self, request, queryset):
        count = notifications_retry_failed(by=request.user, ids=queryset.values_list("pk", flat=True))
        self.message_user(request, _("%(count)d email(s) queued again.") % {"count": count}, messages.SUCCESS)


@admin.register(OutboxCount)
class OutboxCountAdmin(ReadOnlyAdmin):
    """Counts per kind and email state, kept by database triggers (``manage.py
    rebuild_outbox_counts`` recomputes them)."""

    list_display = ["kind", "email_status", "n"]
    list_filter = ["email_status"]
    search_fields = ["kind"]


@admin.register(ScheduledRun)
class ScheduledRunAdmin(ReadOnlyAdmin):
    """When each periodic task last finished (written by the task itself)."""

    list_display = ["task", "finished_at"]
    search_fields = ["task"]


@admin.register(CalendarFeed)
class CalendarFeedAdmin(ReadOnlyAdmin):
    """Who has a calendar address, since when, last used, revoked; never the address (only its
    digest is stored, and it is not shown). The owner revokes on 내 캘린더."""

    list_display = ["user", "created_at", "last_used_at", "revoked_at"]
    list_filter = [("revoked_at", admin.EmptyFieldListFilter), "created_at"]
    search_fields = ["user__full_name", "user__username"]
    list_select_related = ["user"]
    exclude = ["digest"]
@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(ReadOnlyAdmin):
    """What each person chose for a kind of notification (only choices other than "email at
    once"). Read-only: a person changes their own on the notification settings page, whose
    service enforces the rules of required notices."""

    list_display = ["user", "kind_label", "delivery", "updated_at"]
    list_filter = ["delivery", "kind"]
    search_fields = ["user__full_name", "user__username", "kind"]
    list_select_related = ["user"]

    @admin.display(description=_("kind"), ordering="kind")
    def kind_label(self, preference):
        return notification_kind_label(preference.kind)
