"""Who may do what with reviews, routings and department answers: the one place it is decided.

- The innovation unit (``accounts.permissions.is_innovation_unit``) reviews not-selected
  proposals, routes them, decides re-route requests, moves routings, manages answer templates,
  liaisons and call settings, and sees the tracking.
- A department liaison (guardian grant ``accounts.act_as_liaison`` on the department; the inbox
  is for ``accounts.permissions.is_liaison``) sees and answers what is routed to their
  departments, nothing else.
- Proposers and co-proposers see where their own proposal went (the same people the proposal
  page serves, ``proposals.permissions.visible_proposals``).
- The idea bank (아이디어 뱅크): every member of the office's staff reads the ideas in it
  (``banked_proposals``: routed, not selected, every author agreed), supports, comments and
  follows them; the innovation unit hides a comment. An idea not in the bank is not found.
"""

from django.db.models import Exists, OuterRef, QuerySet

from accounts.permissions import is_innovation_unit, is_office_staff, liaison_departments
from proposals.enums import ProposalStatus
from proposals.models import Proposal
from proposals.permissions import visible_proposals
from proposals.selectors import idea_bank_consented_q

from .enums import ANSWERABLE_STATUSES, RoutingStatus
from .models import IdeaComment, Routing


def liaison_department_ids(user) -> set[int]:
    """The ids of the departments the user answers for, cached on the user for the request."""
    if not user.is_authenticated:
        return set()
    cached = getattr(user, "_glab_liaison_department_ids", None)
    if cached is None:
        cached = set(liaison_departments(user).values_list("pk", flat=True))
        user._glab_liaison_department_ids = cached
    return cached


def can_view_routing(user, routing: Routing) -> bool:
    """Whether the user may open the routing: any for the unit; their departments' for a
    liaison; the routings of their own proposals for a proposer or co-proposer.

    Asked of the routing already fetched, rather than folded into its query as a filter: the
    page's one wide query then plans in a fraction of the time, and the unit and a liaison
    need no further query."""
    if not user.is_authenticated:
        return False
    if is_innovation_unit(user) or routing.department_id in liaison_department_ids(user):
        return True
    return visible_proposals(user).filter(pk=routing.proposal_id).exists()


def can_answer(user, routing: Routing) -> bool:
    return (
        routing.department_id in liaison_department_ids(user)
        and routing.status in ANSWERABLE_STATUSES
    )


def can_update_progress(user, routing: Routing) -> bool:
    return (
        routing.department_id in liaison_department_ids(user)
        and routing.status == RoutingStatus.ADOPTED
    )


def can_decide_reroute(user, routing: Routing) -> bool:
    return is_innovation_unit(user) and routing.status == RoutingStatus.REROUTE_REQUESTED


# --- The idea bank (아이디어 뱅크) -------------------------------------------------------------


def banked_proposals() -> QuerySet[Proposal]:
    """The ideas in the bank: not-selected proposals routed to a department (a lead routing)
    whose proposer and every accepted co-proposer agreed. Asked afresh on every request, so a
    withdrawn consent or an anonymised call takes the idea out at once."""
    routed = Routing.objects.filter(proposal=OuterRef("pk"), is_lead=True)
    return Proposal.objects.filter(
        Exists(routed), idea_bank_consented_q(), status=ProposalStatus.NOT_SELECTED
    )


def can_use_idea_bank(user) -> bool:
    """Every member of the office's staff (``accounts.permissions.is_office_staff``) reads,
    supports, comments on and follows ideas; an outside evaluator does not."""
    return is_office_staff(user)


def can_hide_comment(user, comment: IdeaComment) -> bool:
    """The innovation unit hides a comment not hidden yet."""
    return is_innovation_unit(user) and not comment.is_hidden
