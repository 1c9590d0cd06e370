from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LedgerConfig(AppConfig):
    name = "ledger"
    verbose_name = _("Decision ledger")

    def ready(self):
        from proposals.panels import register_proposal_panel

        from .panels import ledger_panel

        register_proposal_panel(order=90, func=ledger_panel)
