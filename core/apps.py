from django.apps import AppConfig


class CoreConfig(AppConfig):
    """The core library (no models, nothing shown in the admin)."""

    name = "core"
