from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LedgerConfig(AppConfig):
    name = "ledger"
    verbose_name = _("Decision ledger")

    def ready(self):
        from django.db.models.signals import post_migrate

        from core.panels import register_proposal_panel

        from .panels import ledger_panel, ledger_panel_applies
        from .roles import grants_after_migrate

        # Deferred (core.panels): loaded after the page, for those it applies to.
        register_proposal_panel(
            order=90, func=ledger_panel, slug="ledger", title=_("Decision ledger"), applies=ledger_panel_applies
        )
        # With DB_APP_ROLE set, every migrate ends by reapplying the application role's grants
        # (the ledger tables append-only for it): ledger.roles.
        post_migrate.connect(grants_after_migrate, sender=self, dispatch_uid="ledger-db-roles")
