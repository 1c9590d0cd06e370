"""The routing panels: "where did my proposal go" on a proposal's page; on the homes, a
liaison's inbox at a glance and what waits on the innovation unit (``core.panels``)."""

from datetime import timedelta
from urllib.parse import urlencode

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import ngettext

from accounts.permissions import is_innovation_unit
from core.panels import WorkItem

from . import idea_bank, permissions, selectors
from .selectors import proposal_routing_overview


def routing_panel(request, proposal):
    """For everyone who may see the proposal (its authors, the innovation unit; panels are only
    called with such a proposal, see core.panels): the review verdict, each department the
    proposal went to and every answer and update. Three queries at most."""
    review, routings = proposal_routing_overview(proposal)
    if review is None:
        return None
    return "routing/panel.html", {"review": review, "routings": routings}


def liaison_home_panel(request):
    """A liaison's home: proposals to answer, how many due soon and overdue, each count linking
    to the inbox filtered to those (``selectors.liaison_home``)."""
    today = timezone.localdate()
    home = selectors.liaison_home(request.user, today=today)
    if home is None:
        return None
    return "routing/home/liaison.html", {"home": home, "soon_days": selectors.DUE_SOON_DAYS, "today": today}


def routing_call_work(calls):
    """Per call, the not-selected proposals still waiting for the unit's practical-effect
    review (``core.panels.register_call_work``)."""
    work = {}
    for call_pk, waiting in selectors.unit_review_queues(calls).items():
        if waiting > 0:
            label = ngettext(
                "%(count)s proposal to review for practical effect",
                "%(count)s proposals to review for practical effect",
                waiting,
            ) % {"count": waiting}
            work[call_pk] = [WorkItem(label=label, url=reverse("routing:review-queue", args=[call_pk]))]
    return work


def unit_answers_home_panel(request):
    """The innovation unit's home: departments' answers overdue, re-route requests to decide
    and routings of closed departments, each linking to the tracking's list."""
    if not is_innovation_unit(request.user):
        return None
    counts = selectors.unit_answer_work()
    tracking = reverse("routing:tracking")
    labels = {
        "overdue": (ngettext("%(count)s answer overdue", "%(count)s answers overdue", counts["overdue"]), "danger"),
        "reroute": (
            ngettext("%(count)s re-route request to decide", "%(count)s re-route requests to decide", counts["reroute"]),
            "warning",
        ),
        "flagged": (
            ngettext(
                "%(count)s proposal of a closed department", "%(count)s proposals of closed departments", counts["flagged"]
            ),
            "warning",
        ),
    }
    items = [
        WorkItem(label=label % {"count": counts[show]}, url=f"{tracking}?{urlencode({'show': show})}", tone=tone)
        for show, (label, tone) in labels.items()
        if counts[show]
    ]
    return "routing/home/unit_answers.html", {"items": items, "tracking_url": tracking}


IDEA_BANK_NEW_DAYS = 30


def idea_bank_home_panel(request):
    """A member of staff's home: one line on the idea bank (how many ideas are new in the last
    30 days), linking to it; nothing while the bank is empty or for an outside evaluator. Two
    bounded queries (``idea_bank.idea_bank_home``)."""
    if not permissions.can_use_idea_bank(request.user):
        return None
    since = timezone.now() - timedelta(days=IDEA_BANK_NEW_DAYS)
    counts = idea_bank.idea_bank_home(since=since)
    if not counts["any"]:
        return None
    return "routing/home/idea_bank.html", {**counts, "days": IDEA_BANK_NEW_DAYS}
