"""The screening panels on a proposal's page and on the homes (registered in
``ScreeningConfig.ready``).

- ``screening_panel``: the proposers, once decided, see the outcome (with the rationale when
  selected).
- ``feedback_panel``: the proposers read the message the unit released to them (결과 안내,
  ``screening.feedback``); nobody else sees it there, the board and the unit included.
- ``screening_rank_panel``: the innovation unit sees the entry's rank and score, from the
  entries' summary rows; a deferred panel (``core.panels``), loaded after the page.
- ``board_home_panel``: a board member's home shows what is left to score;
  ``screening_call_work``: the innovation unit's home, what waits in each call's screening.

Board scores are never shown to proposers.
"""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.permissions import is_innovation_unit
from core.panels import WorkItem
from proposals.enums import CallPhase, ProposalStatus
from proposals.permissions import is_author

from . import feedback, selectors
from .models import Screening

SCREENED_STATUSES = (ProposalStatus.SUBMITTED, ProposalStatus.SELECTED, ProposalStatus.NOT_SELECTED)


def screening_panel(request, proposal):
    if proposal.status not in (ProposalStatus.SELECTED, ProposalStatus.NOT_SELECTED):
        return None
    if not is_author(request.user, proposal):
        return None
    screening = Screening.objects.filter(call_id=proposal.call_id).first()
    if screening is None or not screening.is_decided:
        return None
    return "screening/panel.html", {"screening": screening, "proposal": proposal}


def feedback_panel(request, proposal):
    """The released message, to the proposal's authors only (one query when there is one)."""
    if proposal.status not in (ProposalStatus.SELECTED, ProposalStatus.NOT_SELECTED):
        return None
    if not is_author(request.user, proposal):
        return None
    message = feedback.released_feedback(proposal)
    if message is None:
        return None
    return "screening/panel_feedback.html", {"feedback": message}


def screening_rank_applies(request, proposal) -> bool:
    return is_innovation_unit(request.user) and proposal.status in SCREENED_STATUSES


def screening_rank_panel(request, proposal):
    if not screening_rank_applies(request, proposal):
        return None
    screening = Screening.objects.filter(call_id=proposal.call_id).first()
    if screening is None or not screening.opened_at:
        return None
    result, entry_count = selectors.entry_rank(screening=screening, proposal=proposal)
    return "screening/panel_rank.html", {"screening": screening, "result": result, "entry_count": entry_count}


# --- The homes (core.panels): a board member's seats, and the unit's screening work ---------


def board_home_panel(request):
    """Per screening open now on whose board the person sits: how many entries are left to
    score, of how many, and the deadline, with a button to continue (``selectors.board_home``)."""
    seats = selectors.board_home(request.user)
    if not seats:
        return None
    return "screening/home/board.html", {"seats": seats}


def screening_call_work(calls):
    """What waits on the innovation unit in each call's screening: setting it up and opening it
    once the call has closed, deciding once the deadline has passed; while the board scores,
    the reviews filed so far; once decided, the messages to the proposers until they are
    released (``core.panels.register_call_work``)."""
    screenings = selectors.unit_screenings(calls)
    work = {}
    for call in calls:
        screening, phase = screenings.get(call.pk), call.current_phase
        if phase == CallPhase.CLOSED:
            setup = reverse("screening:setup", args=[call.pk])
            if screening is None:
                label = ngettext(
                    "Set up the screening of %(count)s entry", "Set up the screening of %(count)s entries",
                    call.submission_count,
                ) % {"count": call.submission_count}
            else:
                label = _("Open the screening to the board")
            work[call.pk] = [WorkItem(label=label, url=setup, tone="warning")]
        elif phase == CallPhase.SCREENING and screening is not None:
            ranking = reverse("screening:ranking", args=[call.pk])
            filed = ngettext(
                "%(count)s review filed", "%(count)s reviews filed", screening.review_count
            ) % {"count": screening.review_count}
            work[call.pk] = [WorkItem(label=filed, url=ranking)]
            if screening.deadline <= timezone.now():
                work[call.pk].append(WorkItem(label=_("Deadline passed: decide the selection"), url=ranking, tone="danger"))
        elif phase == CallPhase.DECIDED and screening is not None and screening.feedback_released_at is None:
            feedback_url = reverse("screening:feedback", args=[call.pk])
            work[call.pk] = [WorkItem(label=_("Release the feedback to the proposers"), url=feedback_url)]
    return work


def call_criteria_panel(request, call):
    """The call's page: how the entries will be judged. The criteria once the unit has
    published them (``criteria_publish``; fixed from then on), "to be announced" before; the
    screening's deadline once it is set up. Two queries at most, for every visitor."""
    screening = Screening.objects.filter(call=call).first()
    published = screening is not None and screening.criteria_published_at is not None
    criteria = selectors.screening_criteria(screening) if published else []
    return "screening/call_panel.html", {"screening": screening, "published": published, "criteria": criteria}
