"""The proposals app's side of the page panels (the registry is ``core.panels``): the proposal's
own deferred panel, its change history."""


# --- The proposal's own deferred panel: its change history -----------------------------------


def history_panel(request, proposal):
    from .selectors import proposal_change_log

    return "proposals/panel_history.html", {"change_log": proposal_change_log(proposal)}
