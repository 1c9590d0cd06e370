from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "privacy"
    verbose_name = _("Privacy and security")

    def ready(self):
        from . import services  # noqa: F401  (connects the deleted-consent receiver)
        from .personal_data import register

        register()
