from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RoutingConfig(AppConfig):
    name = "routing"
    verbose_name = _("Routing and department answers")

    def ready(self):
        from ledger.state import register_state_check

        from .ledger_checks import CHECK, answer_disagreements

        register_state_check(name=CHECK, func=answer_disagreements)

        from core.panels import register_call_work, register_home_panel, register_proposal_panel

        from .panels import (
            idea_bank_home_panel,
            liaison_home_panel,
            routing_call_work,
            routing_panel,
            unit_answers_home_panel,
        )

        register_proposal_panel(order=30, func=routing_panel)
        register_home_panel(order=0, func=liaison_home_panel, role="liaison")
        register_home_panel(order=10, func=unit_answers_home_panel, role="unit")
        register_home_panel(order=30, func=idea_bank_home_panel, role="staff")
        register_call_work(order=20, func=routing_call_work)

        from core.deadlines import register_deadlines

        from .deadlines import liaison_deadlines

        register_deadlines(liaison_deadlines)
        from .personal_data import register

        register()
