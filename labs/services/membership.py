"""Membership: volunteering, invitation, one's own acceptance, leaving and removal.

An active ``Membership`` is the whole of a member's rights (``labs.permissions``): accepting
gives them and ending the membership takes them away, with nothing else to keep in step.
Every change of the members recounts the pending joint decisions (``decisions``).
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.permissions import is_innovation_unit
from core.history import record_change_author
from ledger.enums import LedgerKind
from ledger.services import ledger_append

from .. import permissions
from ..enums import OPEN_STATUSES, DecisionKind, DecisionStatus, LabStatus, MembershipStatus
from ..models import Decision, Lab, Membership
from . import decisions
from ._common import (
    OPEN_DECISION_STATUSES,
    active_memberships,
    lock_lab,
    membership_for,
    notify_invitations,
)
from .releases import release_request, releases_close


def _ledger_membership(
    kind: LedgerKind, membership: Membership, *, lab: Lab, by: User, decision: Decision | None = None
) -> None:
    """``lab.member_joined`` / ``lab.member_left``, with the lab's status after the change."""
    ledger_append(
        kind=kind,
        obj=lab,
        actor=by,
        data={
            "lab_id": lab.pk,
            "membership_id": membership.pk,
            "user_id": membership.user_id,
            "status": membership.status,
            "invited_by_id": membership.invited_by_id,
            "decision_id": decision.pk if decision is not None else None,
            "lab_status": lab.status,
        },
    )


@transaction.atomic
def lab_volunteer(*, lab: Lab, by: User) -> Membership:
    """Any staff member volunteers while the lab recruits; the innovation unit (or, once the
    lab runs, its members) may then invite them."""
    lab = lock_lab(lab)
    if not permissions.is_volunteering_open(lab, timezone.localdate()):
        raise ValidationError(_("This lab is not taking volunteers at the moment."))
    membership = membership_for(lab, by)
    if permissions.has_volunteered(membership):
        raise ValidationError(_("You have already volunteered for this lab."))
    if membership is None:
        membership = Membership(lab=lab, user=by)
    membership.status = MembershipStatus.VOLUNTEERED
    record_change_author(membership, by, "volunteered")
    membership.save()
    return membership


@transaction.atomic
def lab_volunteer_withdraw(*, lab: Lab, by: User) -> Membership:
    membership = membership_for(lab, by)
    if membership is None or membership.status != MembershipStatus.VOLUNTEERED:
        raise ValidationError(_("You are not volunteering for this lab."))
    membership.status = MembershipStatus.WITHDRAWN
    record_change_author(membership, by, "withdrew")
    membership.save()
    return membership


@transaction.atomic
def membership_invite(*, membership: Membership, by: User) -> Membership:
    """The innovation unit invites a volunteer while the lab recruits (or has no member left);
    the person still has to accept. In a lab with members, adding one is a joint decision."""
    if not is_innovation_unit(by):
        raise PermissionDenied
    lab = lock_lab(membership.lab)
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    if membership.status != MembershipStatus.VOLUNTEERED:
        raise ValidationError(_("Only a volunteer can be invited."))
    if lab.status != LabStatus.RECRUITING and not (lab.status == LabStatus.PAUSED and not active_memberships(lab)):
        raise ValidationError(_("Once the lab has started, its members decide jointly whom to add."))
    membership.status = MembershipStatus.INVITED
    membership.invited_by = by
    record_change_author(membership, by, "invited")
    membership.save()
    notify_invitations(lab, [membership])
    return membership


@transaction.atomic
def membership_respond(*, lab: Lab, by: User, accept: bool) -> Membership:
    """The invited person accepts (and becomes a member with the same rights as every other
    member) or declines. Accepting asks the home department to acknowledge the release from
    routine duties, and resumes a paused lab that has two members again. Accepting appends
    ``lab.member_joined`` to the decision ledger."""
    lab = lock_lab(lab)
    membership = membership_for(lab, by)
    if membership is None or membership.status != MembershipStatus.INVITED:
        raise PermissionDenied
    if lab.status not in OPEN_STATUSES:
        raise ValidationError(_("This lab is no longer taking members."))
    if not accept:
        membership.status = MembershipStatus.DECLINED
        record_change_author(membership, by, "declined")
        membership.save()
        return membership
    membership.status = MembershipStatus.ACTIVE
    membership.joined_at = timezone.now()
    membership.ended_at = None
    record_change_author(membership, by, "accepted")
    membership.save()
    release_request(membership, lab=lab, by=by)
    if lab.status == LabStatus.PAUSED and len(active_memberships(lab)) >= 2:
        lab.status = LabStatus.RUNNING
        record_change_author(lab, by, "resumed with two members")
        lab.save()
    _ledger_membership(LedgerKind.LAB_MEMBER_JOINED, membership, lab=lab, by=by)
    decisions.recompute_pending(lab, by=by)
    return membership


@transaction.atomic
def membership_leave(*, lab: Lab, by: User) -> Membership:
    """A member leaves; this needs nobody's sign-off. Rights, the release and the member's
    pending signatures go with them; a lab left with fewer than two members pauses.
    Appends ``lab.member_left`` to the decision ledger."""
    lab = lock_lab(lab)
    membership = membership_for(lab, by)
    if not permissions.is_active_membership(membership):
        raise PermissionDenied
    if lab.status not in OPEN_STATUSES:
        raise ValidationError(_("The lab has finished; its members stay on record."))
    membership_end(membership, lab=lab, status=MembershipStatus.LEFT, by=by)
    return membership


def membership_end(
    membership: Membership,
    *,
    lab: Lab,
    status: MembershipStatus,
    by: User,
    decision: Decision | None = None,
) -> None:
    """Ends a membership (left, or removed by ``decision``): the member's rights end with it,
    their release ends, a running lab left with fewer than two members pauses, a pending
    proposal to remove them is void and the other pending decisions are recounted."""
    membership.status = status
    membership.ended_at = timezone.now()
    record_change_author(membership, by, str(status))
    membership.save()
    releases_close(lab=lab, by=by, membership=membership)
    if lab.status == LabStatus.RUNNING and len(active_memberships(lab)) < 2:
        lab.status = LabStatus.PAUSED
        record_change_author(lab, by, "paused: fewer than two members")
        lab.save()
    _ledger_membership(LedgerKind.LAB_MEMBER_LEFT, membership, lab=lab, by=by, decision=decision)
    lab.decisions.filter(
        status__in=OPEN_DECISION_STATUSES, kind=DecisionKind.REMOVE_MEMBER, subject=membership.user
    ).update(status=DecisionStatus.VOID, settled_at=timezone.now())
    decisions.recompute_pending(lab, by=by)
