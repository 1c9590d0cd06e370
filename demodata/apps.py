from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """Demo data for development: ``python manage.py seed_demo``. It sits above every other
    app (it calls each app's ``demo.seed``), so no domain app has to import another."""

    name = "demodata"
    verbose_name = _("Demo data")
