"""Assigned reviews and conflicts of interest: the unit's choice of review mode, the balanced
assignment (``screening.balance``), a board member's declared conflict, and the unit's
decision on a department match.

A confirmed conflict (declared, or a department match the unit confirms) takes the entry off
the member's list at once: their review of it, if any, is withdrawn (kept in the history) and
the entry's summary refreshed, their assignment dropped, and, where reviews are assigned, the
board re-balanced so the entry still has its reviewers.
"""

from collections import Counter

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from accounts.models import User
from core.history import record_change_author
from notifications.services import notify
from proposals.enums import CallPhase, ProposalStatus
from proposals.models import Call, Proposal
from proposals.services import clean_text

from .. import assignments as reads
from .. import permissions
from ..balance import balance
from ..enums import ConflictDecision, ConflictSource, ReviewMode
from ..models import Assignment, Conflict, Review, Screening
from ..selectors import board_members
from ..summaries import entry_scores_refresh
from ._common import ensure_not_decided, require_manager, scores_remove, screening_locked


@transaction.atomic
def review_mode_set(*, call: Call, by: User, mode: str, per_entry: int) -> Screening:
    """Every member reviews every entry (``all``), or each entry is assigned to ``per_entry``
    members (``assigned``), balanced across the board. Possible until the decision; choosing
    "assigned" (again) re-balances: a member added since takes over unreviewed assignments."""
    require_manager(by)
    screening = screening_locked(call)
    ensure_not_decided(call)
    if mode not in ReviewMode.values:
        raise ValidationError(_("Choose who reviews which entry."))
    if not 1 <= int(per_entry) <= 20:
        raise ValidationError(_("Each entry needs between 1 and 20 board members."))
    screening.review_mode = mode
    screening.reviews_per_entry = int(per_entry)
    record_change_author(screening, by, reason="review mode")
    screening.save()
    if mode == ReviewMode.ASSIGNED:
        rebalance(screening, by=by)
    return screening


def rebalance(screening: Screening, *, by: User) -> None:
    """Brings the screening's assignments to ``balance``'s answer: each entry to
    ``reviews_per_entry`` members without conflicts, loads level, reviewed pairs kept. Called
    inside the caller's transaction (under the screening's lock) when reviews are assigned."""
    if screening.review_mode != ReviewMode.ASSIGNED:
        return
    members = list(board_members(screening.call))
    existing = {
        (a.proposal_id, a.member_id): a
        for a in Assignment.objects.filter(screening=screening).select_for_update()
    }
    entry_ids = list(permissions.entries(screening.call).values_list("pk", flat=True))
    fixed = set(
        Review.objects.filter(screening=screening).values_list("proposal_id", "reviewer_id")
    )
    wanted = balance(
        entries=entry_ids,
        members=[m.pk for m in members],
        per_entry=screening.reviews_per_entry,
        existing=existing,
        excluded=reads.excluded_pairs(screening, members),
        fixed=fixed,
    )
    for pair, assignment in existing.items():
        if pair not in wanted:
            record_change_author(assignment, by, reason="rebalanced")
            assignment.delete()
    new = [
        Assignment(screening=screening, proposal_id=p, member_id=m)
        for p, m in sorted(wanted - set(existing))
    ]
    if new:
        bulk_create_with_history(new, Assignment, default_user=by, default_change_reason="assigned")
        _notify_assigned(screening, members, new)


def _notify_assigned(screening: Screening, members: list[User], new: list[Assignment]) -> None:
    """Once the screening is open, each member given entries by a re-balance (a member left, a
    conflict was confirmed, the unit changed the mode) is told how many, by when (before it
    opens, the opening message covers them). Blind review covers email too: the message names
    only the call, the count and the deadline."""
    if screening.opened_at is None:
        return
    counts = Counter(assignment.member_id for assignment in new)
    occasion = timezone.now().isoformat()
    for member in members:
        if counts[member.pk]:
            notify(
                kind="screening_entries_assigned",
                recipients=[member],
                about=screening,
                occasion=occasion,
                context={"screening": screening, "call": screening.call, "count": counts[member.pk]},
                url=reverse("screening:workspace", kwargs={"call_pk": screening.call_id}),
            )


def _withdraw(
    screening: Screening, proposal_id: int, member_id: int, *, by: User, reason: str
) -> None:
    """Removes the member's review of the entry (into the history) and their assignment."""
    review = (
        Review.objects.select_for_update()
        .filter(proposal_id=proposal_id, reviewer_id=member_id)
        .first()
    )
    if review is not None:
        scores_remove(review, by=by, reason=reason)
        record_change_author(review, by, reason=reason)
        review.delete()
        entry_scores_refresh(proposal_ids=[proposal_id])
    for assignment in Assignment.objects.filter(proposal_id=proposal_id, member_id=member_id):
        record_change_author(assignment, by, reason=reason)
        assignment.delete()


@transaction.atomic
def conflict_declare(*, proposal: Proposal, by: User, reason: str) -> Conflict:
    """``by``, a board member, declares a conflict of interest on one of their entries, with a
    reason. It counts at once: the entry leaves their list (and their review of it, if any,
    leaves the ranking); where reviews are assigned another member takes it over. The unit
    sees the declaration on the assignments page."""
    proposal = Proposal.objects.select_related("call").get(pk=proposal.pk)
    call = proposal.call
    if not permissions.is_board_member(by, call) or not permissions.may_review(by, proposal):
        raise PermissionDenied
    if call.phase != CallPhase.SCREENING or proposal.status != ProposalStatus.SUBMITTED:
        raise ValidationError(_("Conflicts can be declared only while the screening is open."))
    reason = clean_text(reason).strip()
    if not reason:
        raise ValidationError(_("Say why you have a conflict of interest."))
    screening = screening_locked(call)
    if screening.is_decided:
        raise ValidationError(_("Conflicts can be declared only while the screening is open."))
    conflict = Conflict.objects.filter(proposal=proposal, member=by).first() or Conflict(
        screening=screening, proposal=proposal, member=by
    )
    conflict.source = ConflictSource.DECLARED
    conflict.reason = reason
    conflict.decision = ConflictDecision.CONFIRMED
    conflict.decided_by = by
    record_change_author(conflict, by, reason="declared")
    conflict.save()
    _withdraw(screening, proposal.pk, by.pk, by=by, reason="conflict declared")
    rebalance(screening, by=by)
    return conflict


@transaction.atomic
def conflict_decide(
    *, call: Call, proposal: Proposal, member: User, by: User, decision: str
) -> Conflict:
    """The unit decides on a department match flagged on the assignments page: ``confirmed``
    (the member leaves the entry, as for a declared conflict) or ``dismissed`` (the member may
    review it; where reviews are assigned, the entry may be assigned to them). Can be changed
    until the decision. Only a flagged pair can be decided here."""
    require_manager(by)
    screening = screening_locked(call)
    ensure_not_decided(call)
    if decision not in ConflictDecision.values:
        raise ValidationError(_("Choose whether this is a conflict of interest."))
    flagged = {(f.proposal.pk, f.member.pk) for f in reads.department_flags(screening)}
    if (proposal.pk, member.pk) not in flagged:
        raise ValidationError(_("This board member is not in the proposer's department."))
    conflict = Conflict.objects.filter(proposal=proposal, member=member).first()
    if conflict is not None and conflict.source == ConflictSource.DECLARED:
        raise ValidationError(_("The board member has declared this conflict themselves."))
    conflict = conflict or Conflict(screening=screening, proposal=proposal, member=member)
    conflict.source = ConflictSource.DEPARTMENT
    conflict.decision = decision
    conflict.decided_by = by
    record_change_author(conflict, by, reason=f"department match {decision}")
    conflict.save()
    if decision == ConflictDecision.CONFIRMED:
        _withdraw(screening, proposal.pk, member.pk, by=by, reason="conflict confirmed")
    rebalance(screening, by=by)
    return conflict
