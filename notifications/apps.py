from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        from core.personal_data import register_personal_data

        from . import reminders
        from .calendar import feeds_of

        reminders.autodiscover()
        register_personal_data(order=90, slug="calendar_feeds", title=_("calendar addresses"), func=feeds_of)
