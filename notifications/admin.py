from django.contrib import admin

from .models import Notification


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ("subject", "recipient", "kind", "email_status", "attempts", "created_at", "sent_at")
    list_filter = ("email_status", "kind")
    search_fields = ("subject", "recipient__full_name", "recipient__username", "key")
    readonly_fields = [f.name for f in Notification._meta.fields]
    list_select_related = ("recipient",)

    def has_add_permission(self, request):
        return False
