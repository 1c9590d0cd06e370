"""The idea bank's test world: a routed, not-selected proposal whose authors agreed."""

from proposals import services as proposal_services
from proposals.enums import CoProposerStatus

from . import CoProposerFactory
from .routing import RoutingFactory


def banked_routing(*, coproposer=None, **routing_kwargs):
    """A lead routing of a not-selected proposal that is in the idea bank: the proposer (and
    ``coproposer``, accepted, if given) agreed through the service."""
    routing = RoutingFactory(**routing_kwargs)
    proposal = routing.proposal
    if coproposer is not None:
        CoProposerFactory(proposal=proposal, user=coproposer, status=CoProposerStatus.ACCEPTED)
    for author in [proposal.proposer] + ([coproposer] if coproposer else []):
        proposal_services.idea_bank_consent_set(proposal=proposal, by=author, agreed=True)
    return routing


def banked_idea(**kwargs):
    return banked_routing(**kwargs).proposal
