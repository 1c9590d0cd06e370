from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProposalsConfig(AppConfig):
    name = "proposals"
    verbose_name = _("Calls and proposals")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from core.panels import register_proposal_panel

        from .models import Attachment, CallNotice, CoProposer
        from .panels import history_panel, touch_proposal_on_change

        register_proposal_panel(
            order=100, func=history_panel, slug="history", title=_("Change history"), applies=lambda request, proposal: True
        )
        # The page shows its co-proposers and files (proposals.panels: cached with the page).
        touch_proposal_on_change(CoProposer, Attachment, proposal_id=lambda row: row.proposal_id)
        # A call's page caches its notices under the call's updated_at.
        post_save.connect(_notice_changed, sender=CallNotice, dispatch_uid="call-notice-saved")
        post_delete.connect(_notice_changed, sender=CallNotice, dispatch_uid="call-notice-deleted")


def _notice_changed(sender, instance, **kwargs):
    from django.utils import timezone

    from .models import Call

    Call.objects.filter(pk=instance.call_id).update(updated_at=timezone.now())
