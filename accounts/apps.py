from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("People and organisation")

    def ready(self):
        from core.personal_data import register_personal_data

        from . import header  # noqa: F401  (connects the role-change receiver)
        from .selectors import api_tokens_personal_data

        register_personal_data(
            order=90, slug="api_tokens", title=_("API tokens"), func=api_tokens_personal_data
        )
