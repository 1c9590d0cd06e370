from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScreeningConfig(AppConfig):
    name = "screening"
    verbose_name = _("Screening")

    def ready(self):
        from ledger.state import register_state_check

        from .ledger_checks import CHECK, selection_disagreements

        register_state_check(name=CHECK, func=selection_disagreements)

        from core.deadlines import register_call_dates, register_deadlines
        from core.panels import (
            register_call_panel,
            register_call_work,
            register_home_panel,
            register_proposal_panel,
        )

        from .deadlines import board_deadlines, call_screening_dates
        from .panels import (
            board_home_panel,
            call_criteria_panel,
            feedback_panel,
            screening_call_work,
            screening_panel,
            screening_rank_applies,
            screening_rank_panel,
        )

        register_deadlines(board_deadlines)
        register_call_dates(call_screening_dates)

        register_call_panel(order=10, func=call_criteria_panel)
        register_home_panel(order=0, func=board_home_panel, role="board")
        register_call_work(order=10, func=screening_call_work)

        register_proposal_panel(order=10, func=screening_panel)
        register_proposal_panel(order=12, func=feedback_panel)  # the unit's released message
        # Deferred: loaded after the page, for the innovation unit only.
        register_proposal_panel(
            order=11, func=screening_rank_panel, slug="rank", title=_("Screening"), applies=screening_rank_applies
        )

        from .personal_data import register

        register()
