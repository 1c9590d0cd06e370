from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InsightConfig(AppConfig):
    name = "insight"
    verbose_name = _("Insight")

    def ready(self):
        from core.panels import register_proposal_panel

        from .panels import similar_proposals_applies, similar_proposals_panel

        # Deferred: the trigram search costs more than the rest of the page (core.panels).
        register_proposal_panel(
            order=60,
            func=similar_proposals_panel,
            slug="similar",
            title=_("Similar earlier proposals"),
            applies=similar_proposals_applies,
        )
