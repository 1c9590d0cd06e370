"""The proposals app's side of the page panels (the registry is ``core.panels``): what moves a
proposal's ``updated_at`` when a row its page shows changes, and the proposal's own deferred
panel, its change history."""

from collections.abc import Callable

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Model
from django.db.models.signals import post_delete, post_save


def touch_proposal_on_change(*models: type[Model], proposal_id: Callable[[Model], int | None]) -> None:
    """Every save or delete of a row of ``models`` moves the ``updated_at`` of the proposal
    ``proposal_id(row)`` names, in the same transaction, so the proposal's cached page shows it
    at once (see "Cached with the page" above). Receivers, not calls in each service, so the
    admin and any later code path are covered too; bulk_create and queryset.update() send no
    signals, and a caller using them must touch the proposals itself."""
    from .services import proposals_touch

    def touch(sender, instance, **kwargs):
        try:
            pk = proposal_id(instance)
        except ObjectDoesNotExist:  # the row it hung from is gone: that deletion touched it
            return
        if pk is not None:
            proposals_touch(proposal_ids=[pk])

    for model in models:
        label = model._meta.label_lower
        post_save.connect(touch, sender=model, weak=False, dispatch_uid=f"proposal-page-saved-{label}")
        post_delete.connect(touch, sender=model, weak=False, dispatch_uid=f"proposal-page-deleted-{label}")



# --- The proposal's own deferred panel: its change history -----------------------------------


def history_panel(request, proposal):
    from .selectors import proposal_change_log

    return "proposals/panel_history.html", {"change_log": proposal_change_log(proposal)}
