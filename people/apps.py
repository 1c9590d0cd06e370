from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "people"
    verbose_name = _("HR data import")

    def ready(self) -> None:
        from .first_sign_in import register_delivery

        register_delivery()

        from .personal_data import register

        register()
