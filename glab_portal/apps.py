"""App configurations the project gives third-party apps: django-axes under a Korean name in
the admin (its own config leaves the name to Django, which makes "Axes" from the label)."""

from axes.apps import AppConfig as AxesAppConfig
from django.utils.translation import gettext_lazy as _


class AxesConfig(AxesAppConfig):
    verbose_name = _("Sign-in protection")
