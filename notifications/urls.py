from django.urls import path

from . import calendar_views, views

app_name = "notifications"

urlpatterns = [
    path("", views.NotificationListView.as_view(), name="list"),
    path("<int:pk>/read/", views.NotificationReadView.as_view(), name="read"),
    path("settings/", views.NotificationPreferencesView.as_view(), name="preferences"),
    path("read-all/", views.NotificationReadAllView.as_view(), name="read-all"),
    path("calendar/", calendar_views.MyCalendarView.as_view(), name="calendar"),
    path("calendar/issue/", calendar_views.CalendarIssueView.as_view(), name="calendar-issue"),
    path("calendar/revoke/", calendar_views.CalendarRevokeView.as_view(), name="calendar-revoke"),
    path("outbox/", views.OutboxView.as_view(), name="outbox"),
    path("outbox/<int:pk>/retry/", views.OutboxRetryView.as_view(), name="outbox-retry"),
    path("outbox/retry-failed/", views.OutboxRetryFailedView.as_view(), name="outbox-retry-failed"),
]
