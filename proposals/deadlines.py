"""The proposals app's dates for calendars (``core.deadlines``).

- ``staff_deadlines(user)``: for a member of staff (a person with a department), every call
  closing from ``core.deadlines.since()`` on; for anyone, the calls their own drafts are to, and
  the co-proposal invitations they have not answered, while the call is open. Two queries (one
  without a department).
- ``call_schedule(call)``: a call's public dates, its opening, deadline and expected results
  (the call's ``.ics`` download). No query.
"""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.deadlines import Deadline, since

from .enums import CoProposerStatus, ProposalStatus
from .models import Call, CoProposer, Proposal


def call_closes(call: Call) -> Deadline:
    return Deadline(
        uid=f"call-{call.pk}-closes",
        title=_("Call closes: %(title)s") % {"title": call.title},
        start=call.closes_at,
        url=call.get_absolute_url(),
        description=_("The deadline for proposals to this call."),
        updated=call.updated_at,
    )


def _open_calls_q(now) -> dict:
    return {"call__stored_phase": "", "call__closes_at__gt": now}


def staff_deadlines(user) -> list[Deadline]:
    now = timezone.now()
    found = []
    if user.department_id is not None:
        found += [call_closes(call) for call in Call.objects.filter(closes_at__gte=since(now))]
    drafts = Proposal.objects.filter(
        proposer=user, status=ProposalStatus.DRAFT, **_open_calls_q(now)
    ).select_related("call")
    found += [
        Deadline(
            uid=f"proposal-{draft.pk}-draft",
            title=_("Submit your draft: %(title)s") % {"title": draft.title or _("(untitled)")},
            start=draft.call.closes_at,
            url=reverse("proposals:proposal-update", kwargs={"pk": draft.pk}),
            description=_("A draft is not an entry: submit it before the call closes."),
            updated=draft.updated_at,
        )
        for draft in drafts
    ]
    invitations = CoProposer.objects.filter(
        user=user,
        status=CoProposerStatus.INVITED,
        proposal__status__in=(ProposalStatus.DRAFT, ProposalStatus.SUBMITTED),
        proposal__call__stored_phase="",
        proposal__call__closes_at__gt=now,
    ).select_related("proposal__call")
    found += [
        Deadline(
            uid=f"coproposer-{link.pk}-answer",
            title=_("Answer the co-proposal invitation: %(title)s")
            % {"title": link.proposal.title},
            start=link.proposal.call.closes_at,
            url=reverse("proposals:proposal-detail", kwargs={"pk": link.proposal_id}),
            description=_("Accept or decline before the call closes."),
        )
        for link in invitations
    ]
    return found


def call_schedule(call: Call) -> list[Deadline]:
    dates = [
        Deadline(
            uid=f"call-{call.pk}-opens",
            title=_("Call opens: %(title)s") % {"title": call.title},
            start=call.opens_at,
            url=call.get_absolute_url(),
            updated=call.updated_at,
        ),
        call_closes(call),
    ]
    if call.results_expected_on:
        dates.append(
            Deadline(
                uid=f"call-{call.pk}-results",
                title=_("Results expected: %(title)s") % {"title": call.title},
                start=call.results_expected_on,
                url=call.get_absolute_url(),
                updated=call.updated_at,
            )
        )
    return dates
