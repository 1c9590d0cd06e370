"""Who may do what in the screening: the one place these rights are decided.

- The innovation unit (``accounts.permissions.is_innovation_unit``) sets up every screening,
  sees identities with all scores, decides.
- A board member is a board member of one call: the guardian grant ``proposals.screen_call``
  on that call. They see the call's entries once the screening has opened (blinded when the
  screening is blind) and score them until the decision.
- Blind review covers the files: while the screening is blind the board downloads only each
  attachment's board copy, without its makers' names (``proposals.scrub``), never the original.
- Conflicts of interest follow from the relation, so they never go stale: nobody ever sees or
  scores an entry they proposed or were invited to co-propose (even if they declined).
  Beyond those, a member's declared conflicts and the department matches the unit confirmed
  (``models.Conflict``) take the entry off their list too.
- Assigned reviews: when the screening's ``review_mode`` is "assigned", a board member sees and
  scores only the entries assigned to them (``models.Assignment``). ``reviewable_q`` is the one
  filter for all of it; every board-facing list and check goes through it.
"""

from django.db.models import Q, QuerySet

from proposals.enums import CallPhase, ProposalStatus
from proposals.models import Call, CallUserObjectPermission, Proposal

from .enums import ConflictDecision, ReviewMode
from .models import Assignment, Conflict

BOARD_PERMISSION = "proposals.screen_call"
BOARD_CODENAME = "screen_call"
ENTRY_STATUSES = (ProposalStatus.SUBMITTED, ProposalStatus.SELECTED, ProposalStatus.NOT_SELECTED)
BOARD_PHASES = (CallPhase.SCREENING, CallPhase.DECIDED)
SEATS_ATTRIBUTE = "_glab_board_call_ids"


def _seats(user) -> QuerySet[CallUserObjectPermission]:
    """The user's board seats: their ``screen_call`` grants, read from the call grant table by
    its user index (two joins to the small permission tables, no DISTINCT). The page header
    reads the same rows in its own statement (glab_portal.header; a test compares the two)."""
    return CallUserObjectPermission.objects.filter(
        user=user,
        permission__codename=BOARD_CODENAME,
        permission__content_type__app_label="proposals",
    )


def remember_seats(user, call_ids) -> None:
    """Keeps ``call_ids`` (the user's seats, read with other things: the page header's one
    statement) on the user object for the request, as ``seated_call_ids`` keeps them, unless
    they were read already."""
    if getattr(user, SEATS_ATTRIBUTE, None) is None:
        setattr(user, SEATS_ATTRIBUTE, frozenset(call_ids))


def seated_call_ids(user) -> frozenset[int]:
    """The pks of the calls whose board the user sits on: one indexed query, kept on the user
    object for the request (as ``accounts.permissions.group_names`` keeps the groups), so the
    board page's check and the header's menu ask once. ``services.board_member_add`` and
    ``_remove`` drop it from the user object they are given."""
    if not user.is_authenticated:
        return frozenset()
    cached = getattr(user, SEATS_ATTRIBUTE, None)
    if cached is None:
        cached = frozenset(_seats(user).values_list("content_object_id", flat=True))
        setattr(user, SEATS_ATTRIBUTE, cached)
    return cached


def forget_seats(user) -> None:
    """Drops the seats ``seated_call_ids`` kept on this user object (after a change to them)."""
    # ``request.user`` is a lazy wrapper: the seats were kept on the user inside it.
    getattr(user, "_wrapped", user).__dict__.pop(SEATS_ATTRIBUTE, None)


def sits_on_a_board(user) -> bool:
    """Whether the user sits on any call's board (the header's menu)."""
    return bool(seated_call_ids(user))


def is_board_member(user, call: Call) -> bool:
    """Asked afresh (not from the request's ``seated_call_ids``): the services' check."""
    return user.is_authenticated and _seats(user).filter(content_object_id=call.pk).exists()


def conflict_q(user) -> Q:
    """Entries the user proposed or was named on as a co-proposer, whatever their answer."""
    return Q(proposer=user) | Q(pk__in=Proposal.objects.filter(coproposers__user=user).values("pk"))


def reviewable_q(user) -> Q:
    """Entries (of any call) this board member reviews: not their own (``conflict_q``), without
    a confirmed conflict of theirs, and, where the screening assigns reviews, assigned to them.
    Subqueries only, so it composes with any proposal query (one SQL statement)."""
    confirmed = Conflict.objects.filter(member=user, decision=ConflictDecision.CONFIRMED).values(
        "proposal_id"
    )
    assigned = Assignment.objects.filter(member=user).values("proposal_id")
    return (
        ~conflict_q(user)
        & ~Q(pk__in=confirmed)
        & (Q(call__screening__review_mode=ReviewMode.ALL) | Q(pk__in=assigned))
    )


def may_review(user, proposal: Proposal) -> bool:
    """Whether the entry is among ``user``'s to review (``reviewable_q``); not the seat check."""
    return Proposal.objects.filter(reviewable_q(user), pk=proposal.pk).exists()


def entries(call: Call) -> QuerySet[Proposal]:
    """The call's entries: submitted proposals (and, after the decision, their outcome)."""
    return Proposal.objects.filter(call=call, status__in=ENTRY_STATUSES)


def board_can_view(user, call: Call) -> bool:
    """A board member sees the call's entries from the opening of the screening on."""
    return call.phase in BOARD_PHASES and call.pk in seated_call_ids(user)


def entries_for_board_member(user, call: Call) -> QuerySet[Proposal]:
    """What this board member may open: their entries to review (``reviewable_q``)."""
    if not board_can_view(user, call):
        return Proposal.objects.none()
    return unconflicted_entries(user, call)


def unconflicted_entries(user, call: Call) -> QuerySet[Proposal]:
    """The call's entries the user reviews (``reviewable_q``: without their conflicts, and only
    the assigned ones where reviews are assigned), *without* the board check: only for a caller
    that has just made it (``board_can_view``; the board pages' mixin does, once)."""
    return entries(call).filter(reviewable_q(user))


def board_files_scrubbed(screening) -> bool:
    """Whether the board gets attachments' board copies instead of the originals: whenever the
    screening is blind, after the decision too (the entry pages keep hiding the people then,
    and the originals of the entries not selected would name them)."""
    return screening.is_blind
