from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LabsConfig(AppConfig):
    name = "labs"
    verbose_name = _("Labs")

    def ready(self):
        from ledger.state import register_state_check

        from .ledger_checks import CHECK, membership_disagreements

        register_state_check(name=CHECK, func=membership_disagreements)

        from core.panels import register_call_work, register_home_panel, register_proposal_panel

        from .panels import (
            lab_invitations_home_panel,
            labs_call_work,
            liaison_releases_home_panel,
            member_home_panel,
            proposal_lab_panel,
            unit_labs_home_panel,
        )

        register_proposal_panel(order=40, func=proposal_lab_panel)
        register_home_panel(order=10, func=lab_invitations_home_panel, role="staff")
        register_home_panel(order=0, func=member_home_panel, role="lab")
        register_home_panel(order=10, func=liaison_releases_home_panel, role="liaison")
        register_home_panel(order=20, func=unit_labs_home_panel, role="unit")
        register_call_work(order=30, func=labs_call_work)

        from core.deadlines import register_deadlines

        from .deadlines import member_deadlines

        register_deadlines(member_deadlines)
        from .personal_data import register

        register()
