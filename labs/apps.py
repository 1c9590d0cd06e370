from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LabsConfig(AppConfig):
    name = "labs"
    verbose_name = _("Labs")

    def ready(self):
        from proposals.panels import register_proposal_panel

        from .panels import proposal_lab_panel

        register_proposal_panel(order=40, func=proposal_lab_panel)
