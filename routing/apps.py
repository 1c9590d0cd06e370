from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RoutingConfig(AppConfig):
    name = "routing"
    verbose_name = _("Routing and department answers")

    def ready(self):
        from ledger.state import register_state_check

        from .ledger_checks import CHECK, answer_disagreements

        register_state_check(name=CHECK, func=answer_disagreements)

        from core.panels import register_proposal_panel

        from .panels import routing_panel

        register_proposal_panel(order=30, func=routing_panel)
