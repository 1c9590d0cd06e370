from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LabsConfig(AppConfig):
    name = "labs"
    verbose_name = _("Labs")

    def ready(self):
        from core.panels import register_home_panel, register_proposal_panel
        from proposals.panels import touch_proposal_on_change

        from .models import Lab
        from .panels import lab_invitations_home_panel, proposal_lab_panel

        register_proposal_panel(order=40, func=proposal_lab_panel)
        register_home_panel(order=10, func=lab_invitations_home_panel)
        # The panel shows the lab's name and status.
        touch_proposal_on_change(Lab, proposal_id=lambda lab: lab.proposal_id)
