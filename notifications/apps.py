from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        from core.personal_data import register_personal_data

        from . import reminders
        from .preferences import preferences_personal_data

        reminders.autodiscover()
        register_personal_data(
            order=80,
            slug="notification_preferences",
            title=_("notification settings"),
            func=preferences_personal_data,
        )
