from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProposalsConfig(AppConfig):
    name = "proposals"
    verbose_name = _("Calls and proposals")

    def ready(self):
        from core.panels import register_home_panel, register_proposal_panel

        from .panels import history_panel, staff_home_panel, unit_calls_home_panel

        register_home_panel(order=0, func=staff_home_panel, role="staff")
        register_home_panel(order=0, func=unit_calls_home_panel, role="unit")

        register_proposal_panel(
            order=100,
            func=history_panel,
            slug="history",
            title=_("Change history"),
            applies=lambda request, proposal: True,
        )

        from .personal_data import register as register_personal_data

        register_personal_data()
