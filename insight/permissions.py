"""Who may see what in the insight pages: the one place it is decided.

Roles, most to least:

- The innovation unit sees everything: the full dashboard (with score distributions), every
  submitted proposal with its people, every export and the whole-call archive. Blind review
  never applies to it.
- A department liaison sees, in search and exports, the proposals routed to their departments
  with their people (as the routing page shows them), plus what every staff member sees.
- Every signed-in staff member sees their own proposals and the "outcomes level": the
  selected tasks of decided calls with their people (blind review ends with the decision),
  and the proposals routed to departments with the departments' answers — never the people
  behind a proposal that was not selected, never an individual board score.

The underlying rights come from the other apps' permission modules (proposals, routing,
screening, labs), so this module only combines them.
"""

from django.db.models import Exists, OuterRef, Q, QuerySet

from accounts.permissions import is_innovation_unit
from labs.enums import DecisionStatus
from labs.models import FinalReport
from proposals.enums import ProposalStatus
from proposals.models import Call, Proposal
from proposals.permissions import visible_proposals
from routing.enums import ReviewVerdict
from routing.models import Routing
from routing.permissions import liaison_department_ids
from screening.permissions import is_board_member

# Statuses the insight pages count as "submitted" (drafts stay private to their authors).
SUBMITTED_STATUSES = (
    ProposalStatus.SUBMITTED,
    ProposalStatus.WITHDRAWN,
    ProposalStatus.SELECTED,
    ProposalStatus.NOT_SELECTED,
)


def outcome_level_q() -> Q:
    """Proposals every staff member may know of: selected tasks, and proposals routed to a
    department (only their titles and the departments' answers). A correlated EXISTS, so a
    search that has narrowed the proposals by its index looks up their routings only, instead
    of reading every routing of the portal."""
    routed = Exists(Routing.objects.filter(proposal_id=OuterRef("pk")))
    return Q(status=ProposalStatus.SELECTED) | (Q(status=ProposalStatus.NOT_SELECTED) & Q(routed))


def people_visible_q(user) -> Q:
    """Proposals whose proposers the user may see (a condition on ``Proposal``)."""
    if is_innovation_unit(user):
        return ~Q(status=ProposalStatus.DRAFT)
    condition = Q(pk__in=visible_proposals(user).values("pk")) | Q(status=ProposalStatus.SELECTED)
    department_ids = liaison_department_ids(user)
    if department_ids:
        condition |= Q(pk__in=Routing.objects.filter(department_id__in=department_ids).values("proposal_id"))
    return condition


def searchable_proposals(user) -> QuerySet[Proposal]:
    """Every proposal the user may find in the search or the similar-proposal lists."""
    if not user.is_authenticated:
        return Proposal.objects.none()
    if is_innovation_unit(user):
        return Proposal.objects.filter(status__in=SUBMITTED_STATUSES)
    return Proposal.objects.filter(
        people_visible_q(user) | outcome_level_q(), status__in=SUBMITTED_STATUSES
    )


def shows_people(user, proposal: Proposal, *, own_ids: set[int], liaison_proposal_ids: set[int]) -> bool:
    """Whether the user may see the proposer and co-proposers of ``proposal`` (ids prefetched by
    ``people_context`` so a list costs no query per row)."""
    if is_innovation_unit(user) or proposal.status == ProposalStatus.SELECTED:
        return True
    return proposal.pk in own_ids or proposal.pk in liaison_proposal_ids


def people_context(user) -> dict[str, set[int]]:
    """The ids ``shows_people`` needs, read in two queries at most."""
    if is_innovation_unit(user) or not user.is_authenticated:
        return {"own_ids": set(), "liaison_proposal_ids": set()}
    own_ids = set(visible_proposals(user).values_list("pk", flat=True))
    department_ids = liaison_department_ids(user)
    liaison_ids = (
        set(Routing.objects.filter(department_id__in=department_ids).values_list("proposal_id", flat=True))
        if department_ids
        else set()
    )
    return {"own_ids": own_ids, "liaison_proposal_ids": liaison_ids}


def result_urls(user, proposals: list[Proposal]) -> dict[int, str]:
    """For each of ``proposals`` (found by the search), the page the user may open about it:
    the proposal's page where they may read it — but for a liaison the routing page of their
    department, where they answer it — else the lab's page (public), else "" (no link). Two
    queries at most."""
    ids = [p.pk for p in proposals]
    readable = set(printable_proposals(user).filter(pk__in=ids).values_list("pk", flat=True))
    unit = is_innovation_unit(user)
    liaison_routings: dict[int, Routing] = {}
    if not unit:
        for routing in Routing.objects.filter(proposal__in=ids, department_id__in=liaison_department_ids(user)):
            liaison_routings.setdefault(routing.proposal_id, routing)
    urls = {}
    for proposal in proposals:
        if proposal.pk in readable and (unit or proposal.pk not in liaison_routings):
            urls[proposal.pk] = proposal.get_absolute_url()
        elif proposal.pk in liaison_routings:
            urls[proposal.pk] = liaison_routings[proposal.pk].get_absolute_url()
        else:
            lab = getattr(proposal, "lab", None)
            urls[proposal.pk] = lab.get_absolute_url() if lab is not None else ""
    return urls


def printable_proposals(user) -> QuerySet[Proposal]:
    """Proposals whose full text the user may print: the proposal page's readers (the unit,
    the authors) and the liaisons of the departments it was routed to (as the routing page)."""
    if not user.is_authenticated:
        return Proposal.objects.none()
    condition = Q(pk__in=visible_proposals(user).values("pk"))
    department_ids = liaison_department_ids(user)
    if department_ids:
        condition |= Q(pk__in=Routing.objects.filter(department_id__in=department_ids).values("proposal_id"))
    return Proposal.objects.filter(condition)


def text_readable_ids(user) -> set[int] | None:
    """The ids of the proposals whose text (keywords, idea, owning department) the user may
    read where they open them (``printable_proposals``), for the search; ``None`` for the
    innovation unit, which reads every proposal it may find."""
    if is_innovation_unit(user):
        return None
    return set(printable_proposals(user).values_list("pk", flat=True))


def shown_routings_q(readable_ids: set[int] | None) -> Q:
    """Routings (a condition on ``Routing``) whose department a searcher sees for the proposal:
    every one where they read the proposal, else those "what became of it" shows at the
    outcome level (a proposal not selected whose review routed it, ``fates.fate``)."""
    if readable_ids is None:
        return Q()
    shown = Q(proposal__status=ProposalStatus.NOT_SELECTED, proposal__routing_review__verdict=ReviewVerdict.ROUTE)
    return Q(proposal_id__in=readable_ids) | shown


def can_print_score_sheet(user, call: Call, member) -> bool:
    """The unit prints any board member's sheet; a board member prints their own."""
    if is_innovation_unit(user):
        return True
    return user.is_authenticated and member.pk == user.pk and is_board_member(user, call)


def printable_reports(user) -> QuerySet[FinalReport]:
    """Adopted final reports are public to every signed-in person (as on the lab's page)."""
    if not user.is_authenticated:
        return FinalReport.objects.none()
    return FinalReport.objects.filter(decision__status=DecisionStatus.ADOPTED)
