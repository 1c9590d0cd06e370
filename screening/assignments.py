"""Reads for assigned reviews and conflicts of interest (split from ``selectors`` by concept):
the pairs the balancing must avoid, the department matches flagged to the unit, the declared
conflicts, and each member's progress. Every function runs a fixed number of queries.

Blind review: these are the unit's reads. Nothing here is shown to a board member; a member
never learns that an entry was flagged, nor the department that matched.
"""

from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef

from accounts.models import User
from proposals.models import CoProposer, Proposal

from . import permissions, selectors
from .enums import ConflictDecision, ConflictSource, ReviewMode
from .models import Assignment, Conflict, Review, Screening

Pair = tuple[int, int]  # (proposal id, member id)


@dataclass
class DepartmentFlag:
    """An entry whose proposer shares a board member's department, and the unit's decision
    (``None``: not decided yet)."""

    proposal: Proposal
    member: User
    decision: str | None


@dataclass
class MemberProgress:
    member: User
    done: int
    assigned: int

    @property
    def left(self) -> int:
        return max(self.assigned - self.done, 0)


def department_flags(
    screening: Screening, members: list[User] | None = None
) -> list[DepartmentFlag]:
    """Entries whose proposer is in a board member's department (the member's own entries
    aside: those are conflicts already), with the unit's decision. Three queries."""
    members = list(selectors.board_members(screening.call)) if members is None else members
    by_department: dict[int, list[User]] = {}
    for member in members:
        if member.department_id:
            by_department.setdefault(member.department_id, []).append(member)
    if not by_department:
        return []
    proposals = (
        permissions.entries(screening.call)
        .filter(proposer__department_id__in=list(by_department))
        .select_related("proposer__department")
        .order_by("reference", "pk")
    )
    decisions = {
        (p, m): d
        for p, m, d in Conflict.objects.filter(
            screening=screening, source=ConflictSource.DEPARTMENT
        ).values_list("proposal_id", "member_id", "decision")
    }
    return [
        DepartmentFlag(
            proposal=proposal, member=member, decision=decisions.get((proposal.pk, member.pk))
        )
        for proposal in proposals
        for member in by_department[proposal.proposer.department_id]
        if member.pk != proposal.proposer_id
    ]


def declared_conflicts(screening: Screening) -> list[Conflict]:
    """The conflicts board members declared, by entry. One query."""
    return list(
        Conflict.objects.filter(screening=screening, source=ConflictSource.DECLARED)
        .select_related("proposal", "member")
        .order_by("proposal__reference", "member__full_name", "pk")
    )


def excluded_pairs(screening: Screening, members: list[User]) -> set[Pair]:
    """The (entry, member) pairs the balancing never assigns: the member's own entries (as
    proposer or co-proposer), their confirmed conflicts, and department matches the unit has
    not dismissed. Five queries."""
    pairs = excluded_pairs_without_flags(screening, [m.pk for m in members])
    pairs |= {
        (flag.proposal.pk, flag.member.pk)
        for flag in department_flags(screening, members)
        if flag.decision != ConflictDecision.DISMISSED
    }
    return pairs


def progress(screening: Screening, members: list[User] | None = None) -> list[MemberProgress]:
    """Each board member's reviews done (scored or abstained) of the entries they are to review:
    the assigned ones, or every entry but their conflicts when everyone reviews everything.
    Four to six queries, whatever the size of the board or the call."""
    members = list(selectors.board_members(screening.call)) if members is None else members
    ids = [m.pk for m in members]
    reviews = Review.objects.filter(screening=screening, reviewer_id__in=ids)
    if screening.review_mode == ReviewMode.ASSIGNED:
        assigned = dict(
            Assignment.objects.filter(screening=screening, member_id__in=ids)
            .values("member_id")
            .annotate(n=Count("pk"))
            .values_list("member_id", "n")
        )
        reviews = reviews.filter(
            Exists(
                Assignment.objects.filter(
                    proposal=OuterRef("proposal"), member=OuterRef("reviewer")
                )
            )
        )
    else:
        total = permissions.entries(screening.call).count()
        excluded: dict[int, int] = {}
        for _proposal, member in excluded_pairs_without_flags(screening, ids):
            excluded[member] = excluded.get(member, 0) + 1
        assigned = {pk: total - excluded.get(pk, 0) for pk in ids}
    done = dict(
        reviews.order_by()
        .values("reviewer_id")
        .annotate(n=Count("pk"))
        .values_list("reviewer_id", "n")
    )
    return [
        MemberProgress(member=m, done=done.get(m.pk, 0), assigned=assigned.get(m.pk, 0))
        for m in members
    ]


def excluded_pairs_without_flags(screening: Screening, member_ids: list[int]) -> set[Pair]:
    """The pairs a member does not review when everyone reviews everything: their own entries
    and their confirmed conflicts (a pending department match still reviews). Three queries."""
    entries = permissions.entries(screening.call)
    pairs = set(entries.filter(proposer_id__in=member_ids).values_list("pk", "proposer_id"))
    pairs |= set(
        CoProposer.objects.filter(proposal__in=entries, user_id__in=member_ids).values_list(
            "proposal_id", "user_id"
        )
    )
    pairs |= set(
        Conflict.objects.filter(
            screening=screening, decision=ConflictDecision.CONFIRMED, member_id__in=member_ids
        ).values_list("proposal_id", "member_id")
    )
    return pairs


def assigned_counts(screening: Screening, proposal_ids: list[int]) -> dict[int, int]:
    """How many members each of these entries is assigned to (the ranking's page). One query."""
    return dict(
        Assignment.objects.filter(screening=screening, proposal_id__in=proposal_ids)
        .order_by()
        .values("proposal_id")
        .annotate(n=Count("pk"))
        .values_list("proposal_id", "n")
    )
