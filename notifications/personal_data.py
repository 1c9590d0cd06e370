"""What the notifications app holds about a person, for their "my data" download
(``core.personal_data``): the notifications they received, with the email's state."""

from django.utils.translation import gettext_lazy as _

from core.personal_data import iso, register_personal_data

from .calendar import feeds_of
from .enums import notification_kind_label
from .models import Notification
from .preferences import preferences_personal_data


def notifications_of(user) -> list[dict]:
    """Every notification the person received (1 query): its kind, link and dates. Not its
    rendered subject and text, which may name another person (the colleague who invited them,
    the lab member released from duties); the notification itself is in the portal."""
    rows = Notification.objects.filter(recipient=user).order_by("created_at", "pk")
    return [
        {
            "kind": str(notification_kind_label(n.kind)),
            "link": n.url,
            "created_at": iso(n.created_at),
            "read_at": iso(n.read_at),
            "email_status": str(n.get_email_status_display()),
            "emailed_at": iso(n.sent_at),
        }
        for n in rows.only("kind", "url", "created_at", "read_at", "email_status", "sent_at")
    ]


def register() -> None:
    register_personal_data(
        order=50,
        slug="notifications",
        title=_("Notifications you received"),
        func=notifications_of,
        covers=("notifications.Notification.recipient",),
    )
    register_personal_data(
        order=90,
        slug="calendar_feeds",
        title=_("Your calendar addresses"),
        func=feeds_of,
        covers=("notifications.CalendarFeed.user",),
    )
    register_personal_data(
        order=80,
        slug="notification_preferences",
        title=_("Your notification settings"),
        func=preferences_personal_data,
        covers=("notifications.NotificationPreference.user",),
    )
