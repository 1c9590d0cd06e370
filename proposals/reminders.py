"""Reminders about calls (kinds 1 and 2), declared with the notifications registry.

* ``reminder_call_opened`` — a call opens: every active member of staff (people with a
  department), within ``REMINDER_CALL_OPENED_WINDOW`` of the opening.
* ``reminder_call_closing_draft`` — the call closes in N days (``REMINDER_CALL_CLOSING_DAYS``,
  default 3 and 1): people whose proposal to it is still a draft.
* ``reminder_call_closing_invitation`` — same moments: invited co-proposers who have neither
  accepted nor declined.

Each closing reminder is due from its moment (closes_at − N days) until the next, smaller N's
moment, so a dispatcher that was down for days sends the one that fits now, never a stale one.
The occasion names the deadline and N, so an extended deadline starts a fresh set; reminders
for the old deadline, and those whose recipient has since submitted or answered, are dropped at
delivery.
"""

from collections.abc import Iterator, Sequence
from datetime import datetime, timedelta

from django.conf import settings
from django.urls import reverse

from accounts.models import User
from notifications.reminders import Due, register

from .enums import CallPhase, CoProposerStatus, ProposalStatus
from .models import Call, CoProposer, Proposal

CALL_OPENED = "reminder_call_opened"
CALL_CLOSING_DRAFT = "reminder_call_closing_draft"
CALL_CLOSING_INVITATION = "reminder_call_closing_invitation"

INVITATION_STATUSES = (ProposalStatus.DRAFT, ProposalStatus.SUBMITTED)


def active_staff():
    """Everyone who works in a department of the office and can sign in."""
    return User.objects.filter(is_active=True, department__isnull=False)


def _open_calls(now: datetime):
    return Call.objects.filter(opens_at__lte=now, closes_at__gt=now, stored_phase="")


def _calls_by_id(notifications: Sequence) -> dict[int, Call]:
    return Call.objects.in_bulk({n.about_id for n in notifications})


# --- 1. A call opens -------------------------------------------------------------------------


def find_calls_opened(now: datetime) -> Iterator[Due]:
    window = timedelta(seconds=settings.REMINDER_CALL_OPENED_WINDOW)
    staff = list(active_staff())
    for call in _open_calls(now).filter(opens_at__gt=now - window):
        yield Due(
            about=call,
            recipients=staff,
            occasion=call.opens_at.isoformat(),
            context={"call": call},
            url=call.get_absolute_url(),
            expires_at=call.closes_at,
        )


def calls_opened_still_relevant(notifications: Sequence, now: datetime) -> set[int]:
    calls = _calls_by_id(notifications)
    return {
        n.pk
        for n in notifications
        if (call := calls.get(n.about_id)) is not None and call.phase_at(now) == CallPhase.OPEN
    }


# --- 2. A call closes in N days --------------------------------------------------------------


def _closing_occasion(call: Call, days: int) -> str:
    return f"{call.closes_at.isoformat()}/{days}d"


def calls_closing(now: datetime) -> Iterator[tuple[Call, int]]:
    """(call, N) for every open call whose N-days-before moment has come and whose next
    reminder's moment has not."""
    days_list = sorted(set(settings.REMINDER_CALL_CLOSING_DAYS), reverse=True)
    for index, days in enumerate(days_list):
        calls = _open_calls(now).filter(closes_at__lte=now + timedelta(days=days))
        if index + 1 < len(days_list):
            calls = calls.filter(closes_at__gt=now + timedelta(days=days_list[index + 1]))
        for call in calls:
            yield call, days


def _drafters(call: Call) -> list[User]:
    return [p.proposer for p in Proposal.objects.filter(call=call, status=ProposalStatus.DRAFT).select_related("proposer")]


def _undecided_coproposers(call: Call) -> list[User]:
    links = CoProposer.objects.filter(
        proposal__call=call, proposal__status__in=INVITATION_STATUSES, status=CoProposerStatus.INVITED
    ).select_related("user")
    return [link.user for link in links]


def _closing_finder(recipients_for):
    def find(now: datetime) -> Iterator[Due]:
        for call, days in calls_closing(now):
            yield Due(
                about=call,
                recipients=recipients_for(call),
                occasion=_closing_occasion(call, days),
                context={"call": call, "days": days},
                url=reverse("proposals:my-proposals"),
                expires_at=call.closes_at,
            )

    return find


def _closing_still_relevant(pairs_query):
    """Relevant while the call is open with the same deadline and the recipient is still in
    the (call, person) pairs the query returns."""

    def check(notifications: Sequence, now: datetime) -> set[int]:
        calls = _calls_by_id(notifications)
        pairs = set(pairs_query(calls.keys(), {n.recipient_id for n in notifications}))
        return {
            n.pk
            for n in notifications
            if (call := calls.get(n.about_id)) is not None
            and call.phase_at(now) == CallPhase.OPEN
            and n.occasion.startswith(call.closes_at.isoformat() + "/")
            and (call.pk, n.recipient_id) in pairs
        }

    return check


def _draft_pairs(call_ids, user_ids):
    return Proposal.objects.filter(
        call_id__in=call_ids, proposer_id__in=user_ids, status=ProposalStatus.DRAFT
    ).values_list("call_id", "proposer_id")


def _invitation_pairs(call_ids, user_ids):
    return CoProposer.objects.filter(
        proposal__call_id__in=call_ids,
        proposal__status__in=INVITATION_STATUSES,
        user_id__in=user_ids,
        status=CoProposerStatus.INVITED,
    ).values_list("proposal__call_id", "user_id")


register(CALL_OPENED, find_calls_opened, still_relevant=calls_opened_still_relevant)
register(CALL_CLOSING_DRAFT, _closing_finder(_drafters), still_relevant=_closing_still_relevant(_draft_pairs))
register(
    CALL_CLOSING_INVITATION,
    _closing_finder(_undecided_coproposers),
    still_relevant=_closing_still_relevant(_invitation_pairs),
)
