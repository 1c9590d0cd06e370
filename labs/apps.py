from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LabsConfig(AppConfig):
    name = "labs"
    verbose_name = _("Labs")

    def ready(self):
        from ledger.state import register_state_check

        from .ledger_checks import CHECK, membership_disagreements

        register_state_check(name=CHECK, func=membership_disagreements)

        from core.panels import register_home_panel, register_proposal_panel

        from .panels import lab_invitations_home_panel, proposal_lab_panel

        register_proposal_panel(order=40, func=proposal_lab_panel)
        register_home_panel(order=10, func=lab_invitations_home_panel)
