from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import get_object_or_404, redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.views import View
from django.views.generic import ListView

from .models import Notification
from .services import notifications_mark_read


class NotificationListView(LoginRequiredMixin, ListView):
    """The in-app notification centre: the signed-in person's notices, newest first."""

    template_name = "notifications/notification_list.html"
    paginate_by = 30

    def get_queryset(self):
        return Notification.objects.filter(recipient=self.request.user).only(
            "id", "subject", "url", "created_at", "read_at", "kind"
        )


class NotificationReadView(LoginRequiredMixin, View):
    """Marks one notification read and follows its link."""

    def post(self, request, pk):
        notification = get_object_or_404(Notification, pk=pk, recipient=request.user)
        notifications_mark_read(user=request.user, notification_ids=[notification.pk])
        target = notification.url
        if not target or not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
            return redirect("notifications:list")
        return redirect(target)


class NotificationReadAllView(LoginRequiredMixin, View):
    def post(self, request):
        notifications_mark_read(user=request.user)
        return redirect("notifications:list")
