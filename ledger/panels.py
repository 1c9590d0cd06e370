"""The ledger panel on a proposal's page (innovation unit only; a deferred panel registered in
``LedgerConfig.ready``): the proposal's latest ledger entries and a link to all of them."""

from accounts.permissions import is_innovation_unit

from . import selectors

PANEL_ENTRIES = 5


def ledger_panel_applies(request, proposal) -> bool:
    return is_innovation_unit(request.user)


def ledger_panel(request, proposal):
    if not ledger_panel_applies(request, proposal):
        return None
    object_type = proposal._meta.label_lower
    latest = list(
        selectors.entries_for_object(object_type=object_type, object_id=proposal.pk).order_by(
            "-position"
        )[:PANEL_ENTRIES]
    )
    return "ledger/panel.html", {
        "ledger_entries": latest,
        "object_type": object_type,
        "object_id": proposal.pk,
    }
