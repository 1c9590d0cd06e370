"""The lab panel on a selected proposal's page; on the homes (``core.panels``), the lab
invitations, a lab member's work, the releases a liaison acknowledges and what waits on the
innovation unit in the labs."""

from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.permissions import is_innovation_unit, is_liaison
from core.panels import WorkItem
from proposals.enums import ProposalStatus

from . import selectors
from .enums import LabStatus, MembershipStatus
from .models import Lab, Membership


def proposal_lab_panel(request, proposal):
    """Links a selected proposal to its lab, or offers the innovation unit to form one."""
    if proposal.status != ProposalStatus.SELECTED:
        return None
    lab = Lab.objects.filter(proposal=proposal).first()
    can_form = lab is None and is_innovation_unit(request.user)
    if lab is None and not can_form:
        return None
    return "labs/panels/proposal_lab.html", {"lab": lab, "can_form": can_form, "proposal_pk": proposal.pk}


def lab_invitations_home_panel(request):
    """A person's open invitations to join a lab, each linking to the lab's page, where they
    answer it. One query."""
    invitations = list(
        Membership.objects.filter(
            user=request.user,
            status=MembershipStatus.INVITED,
            lab__status__in=[LabStatus.RECRUITING, LabStatus.RUNNING, LabStatus.PAUSED],
        )
        .select_related("lab")
        .only("id", "lab__id", "lab__name", "lab__status")
        .order_by("lab__name", "id")
    )
    if not invitations:
        return None
    return "labs/panels/home_invitations.html", {"invitations": invitations}


def member_home_panel(request):
    """A lab member's home: per lab, the next milestone, the decisions waiting for their
    sign-off, what the others wrote lately and whether the log is due
    (``selectors.member_home``)."""
    labs, decisions = selectors.member_home(request.user)
    if not labs:
        return None
    return "labs/home/member.html", {"labs": labs, "decisions": decisions, "recent_days": selectors.RECENT_DAYS}


def liaison_releases_home_panel(request):
    """A liaison's home: the releases from routine duties of their departments' members that
    wait for their acknowledgement (the innovation unit sees them on its labs panel)."""
    user = request.user
    if not is_liaison(user) or is_innovation_unit(user):
        return None
    count = selectors.releases_to_acknowledge(user)
    if not count:
        return None
    return "labs/home/releases.html", {"count": count}


def unit_labs_home_panel(request):
    """The innovation unit's home: every lab not yet closed with what waits on the unit
    (``selectors.unit_labs``) and the releases to acknowledge."""
    if not is_innovation_unit(request.user):
        return None
    return "labs/home/unit_labs.html", {
        "labs": selectors.unit_labs(),
        "releases_pending": selectors.releases_to_acknowledge(request.user),
    }


def labs_call_work(calls):
    """Per call, the selected proposals that have no lab yet: the unit forms one
    (``core.panels.register_call_work``)."""
    return {
        call_pk: [
            WorkItem(
                label=_("Form the lab for %(title)s") % {"title": proposal.title},
                url=reverse("labs:lab-create", args=[proposal.pk]),
                tone="warning",
            )
            for proposal in proposals
        ]
        for call_pk, proposals in selectors.labs_to_form(calls).items()
    }
