"""The proposals app's side of the page panels (the registry is ``core.panels``): the proposal's
own deferred panel, its change history."""


# --- The proposal's own deferred panel: its change history -----------------------------------


def history_panel(request, proposal):
    from .selectors import proposal_change_log

    return "proposals/panel_history.html", {"change_log": proposal_change_log(proposal)}


# --- The homes: a staff member's work, and the calls the innovation unit runs ----------------


def staff_home_panel(request):
    """Everyone signed in is staff: the calls open now, their drafts and invitations to
    co-propose, their latest proposals (``selectors.staff_home``, four queries)."""
    from .selectors import CLOSING_SOON_DAYS, staff_home

    return "proposals/home/staff.html", {"home": staff_home(request.user), "soon_days": CLOSING_SOON_DAYS}


def unit_calls_home_panel(request):
    """The innovation unit's calls: each one's stage and, from the apps that own the work
    (``core.panels.call_work``), what waits on the unit."""
    from accounts.permissions import is_innovation_unit
    from core.panels import call_work

    from .selectors import unit_home_calls

    if not is_innovation_unit(request.user):
        return None
    calls = unit_home_calls()
    work = call_work(calls)
    rows = [{"call": call, "work": work.get(call.pk, [])} for call in calls]
    return "proposals/home/unit_calls.html", {"rows": rows}
