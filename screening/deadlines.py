"""The screening app's dates for calendars (``core.deadlines``). Blind review covers calendars
too: a board member's deadline names the call and the deadline, never an entry or a proposer.

- ``board_deadlines(user)``: the screenings open now (the call in screening) whose board the
  person sits on: their scores are due by the screening's deadline. One query (and the seats,
  kept on the user object).
- ``call_screening_dates(call)``: the call's public screening dates for its ``.ics``: when the
  screening closes (once it has opened) and when the selection was decided. One query.
"""

from django.urls import reverse
from django.utils.translation import gettext as _

from core.deadlines import Deadline
from proposals.enums import CallPhase

from . import permissions
from .models import Screening


def board_deadlines(user) -> list[Deadline]:
    seats = permissions.seated_call_ids(user)
    if not seats:
        return []
    screenings = (
        Screening.objects.filter(call_id__in=seats, call__stored_phase=CallPhase.SCREENING)
        .select_related("call")
        .only("id", "deadline", "call__id", "call__title")
    )
    return [
        Deadline(
            uid=f"screening-{screening.pk}-scores",
            title=_("Scores due: %(title)s") % {"title": screening.call.title},
            start=screening.deadline,
            url=reverse("screening:workspace", kwargs={"call_pk": screening.call_id}),
            description=_("Score the entries you review, or abstain, by this deadline."),
        )
        for screening in screenings
    ]


def call_screening_dates(call) -> list[Deadline]:
    screening = (
        Screening.objects.filter(call=call)
        .only("id", "deadline", "opened_at", "decided_at")
        .first()
    )
    if screening is None:
        return []
    dates = []
    if screening.opened_at is not None:
        dates.append(
            Deadline(
                uid=f"call-{call.pk}-screening",
                title=_("Screening closes: %(title)s") % {"title": call.title},
                start=screening.deadline,
                url=call.get_absolute_url(),
            )
        )
    if screening.decided_at is not None:
        dates.append(
            Deadline(
                uid=f"call-{call.pk}-decided",
                title=_("Selection decided: %(title)s") % {"title": call.title},
                start=screening.decided_at,
                url=call.get_absolute_url(),
            )
        )
    return dates
