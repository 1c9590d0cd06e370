from django.utils.functional import SimpleLazyObject

from .models import Notification


def unread_notifications(request):
    """The unread count for the header badge, queried only if a template shows it."""
    user = request.user

    def count():
        if not user.is_authenticated:
            return 0
        return Notification.objects.filter(recipient=user, read_at__isnull=True).count()

    return {"unread_notification_count": SimpleLazyObject(count)}
