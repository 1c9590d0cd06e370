"""Who may do what with calls and proposals: the one place these rights are decided.

- The innovation unit (a global role) runs calls and sees every proposal.
- A proposal is visible to its proposer and to co-proposers who were invited and have not
  declined; it is editable by the proposer and accepted co-proposers while the call is open.
  These rights follow from the relation, so they never go stale.
- Board membership of a call is an explicit guardian grant (``proposals.screen_call``); the
  screening app decides what a board member may do with it.
"""

from django.db.models import Q, QuerySet

from accounts.permissions import is_innovation_unit

from .enums import CoProposerStatus, ProposalStatus
from .models import Call, CoProposer, Proposal

EDITABLE_STATUSES = (ProposalStatus.DRAFT, ProposalStatus.SUBMITTED)


def own_proposals_q(user) -> Q:
    """Proposals the user proposed or is named on (invited or accepted, not declined).

    A UNION of two indexed lookups: an OR across the proposer and a join (or subquery) of the
    co-proposers cannot use an index and scans every proposal on each request."""
    proposed = Proposal.objects.filter(proposer=user).order_by().values("pk")
    named = CoProposer.objects.filter(
        user=user, status__in=[CoProposerStatus.INVITED, CoProposerStatus.ACCEPTED]
    ).order_by().values("proposal_id")
    return Q(pk__in=proposed.union(named, all=True))


def visible_proposals(user) -> QuerySet[Proposal]:
    """Proposals whose page the user may open through the proposals app.

    Drafts stay private to their authors, the innovation unit included: it sees every
    proposal once it is submitted.
    """
    if not user.is_authenticated:
        return Proposal.objects.none()
    own = own_proposals_q(user)
    if is_innovation_unit(user):
        return Proposal.objects.filter(own | ~Q(status=ProposalStatus.DRAFT))
    return Proposal.objects.filter(own)


def is_author(user, proposal: Proposal) -> bool:
    """Proposer, or a co-proposer who accepted being named."""
    if not user.is_authenticated:
        return False
    if proposal.proposer_id == user.pk:
        return True
    return any(
        c.user_id == user.pk and c.status == CoProposerStatus.ACCEPTED
        for c in proposal.coproposers.all()
    )


def can_edit_proposal(user, proposal: Proposal) -> bool:
    return (
        is_author(user, proposal)
        and proposal.status in EDITABLE_STATUSES
        and proposal.call.is_open
    )


def can_withdraw_proposal(user, proposal: Proposal) -> bool:
    return (
        user.is_authenticated
        and proposal.proposer_id == user.pk
        and proposal.status == ProposalStatus.SUBMITTED
        and proposal.call.is_open
    )


def can_submit_proposal(user, proposal: Proposal) -> bool:
    return is_author(user, proposal) and proposal.status == ProposalStatus.DRAFT and proposal.call.is_open


def can_propose_to(user, call: Call) -> bool:
    return user.is_authenticated and call.is_open


def can_manage_extra_questions(user, call: Call) -> bool:
    """The innovation unit manages every call's extra questions (추가 항목)."""
    return is_innovation_unit(user)
