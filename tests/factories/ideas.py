"""The idea bank's test world: a routed, not-selected proposal whose authors agreed."""

from proposals import services as proposal_services
from proposals.enums import CoProposerStatus

from . import CoProposerFactory
from .routing import NotSelectedProposalFactory, ReviewFactory, RoutingFactory


def banked_routing(*, coproposer=None, department=None, **proposal_kwargs):
    """A lead routing of a not-selected proposal (``proposal_kwargs``) that is in the idea
    bank: the proposer (and ``coproposer``, accepted, if given) agreed through the service."""
    proposal = NotSelectedProposalFactory(**proposal_kwargs)
    ReviewFactory(proposal=proposal)
    routing = RoutingFactory(
        proposal=proposal, **({"department": department} if department else {})
    )
    if coproposer is not None:
        CoProposerFactory(proposal=proposal, user=coproposer, status=CoProposerStatus.ACCEPTED)
    for author in [proposal.proposer] + ([coproposer] if coproposer else []):
        proposal_services.idea_bank_consent_set(proposal=proposal, by=author, agreed=True)
    return routing


def banked_idea(**kwargs):
    return banked_routing(**kwargs).proposal
