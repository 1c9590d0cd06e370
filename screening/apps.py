from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScreeningConfig(AppConfig):
    name = "screening"
    verbose_name = _("Screening")

    def ready(self):
        from proposals.panels import register_proposal_panel

        from .panels import screening_panel

        register_proposal_panel(order=10, func=screening_panel)
