from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LedgerConfig(AppConfig):
    name = "ledger"
    verbose_name = _("Decision ledger")

    def ready(self):
        from core.panels import register_proposal_panel

        from .panels import ledger_panel, ledger_panel_applies

        # Deferred (core.panels): loaded after the page, for those it applies to.
        register_proposal_panel(
            order=90, func=ledger_panel, slug="ledger", title=_("Decision ledger"), applies=ledger_panel_applies
        )
