from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RoutingConfig(AppConfig):
    name = "routing"
    verbose_name = _("Routing and department answers")

    def ready(self):
        from core.panels import register_proposal_panel
        from proposals.panels import touch_proposal_on_change

        from .models import Review, Routing, RoutingEvent
        from .panels import routing_panel

        register_proposal_panel(order=30, func=routing_panel)
        touch_proposal_on_change(Review, Routing, proposal_id=lambda row: row.proposal_id)
        touch_proposal_on_change(RoutingEvent, proposal_id=lambda event: event.routing.proposal_id)
