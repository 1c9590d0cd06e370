"""Forming a lab from a selected proposal, changing it while it recruits, and starting it
(all by the innovation unit)."""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.permissions import is_innovation_unit
from core.digest import sha256_text
from core.history import record_change_author
from ledger.enums import LedgerKind
from ledger.services import ledger_append
from proposals.enums import CoProposerStatus, ProposalStatus
from proposals.models import Proposal
from proposals.services import clean_text

from ..enums import LabStatus, MembershipStatus
from ..models import Lab, Membership
from ..terms import validate_term
from ._common import active_memberships, lock_lab, notify_invitations
from .releases import release_take_effect, releases_for_start


def proposal_volunteers(proposal: Proposal) -> list[User]:
    """The proposal's volunteering proposers: the proposer and accepted co-proposers who
    said they would join the lab."""
    people = [proposal.proposer] if proposal.proposer_volunteers else []
    people += [
        link.user
        for link in proposal.coproposers.select_related("user")
        if link.status == CoProposerStatus.ACCEPTED and link.volunteers
    ]
    return people


def _invite_volunteers(lab: Lab, proposal: Proposal, *, by: User) -> list[Membership]:
    invitations = []
    for person in proposal_volunteers(proposal):
        membership = Membership(lab=lab, user=person, status=MembershipStatus.INVITED, invited_by=by)
        record_change_author(membership, by, "invited as a volunteering proposer")
        membership.save()
        invitations.append(membership)
    notify_invitations(lab, invitations)
    return invitations


def _ledger_formed(lab: Lab, proposal: Proposal, invitations: list[Membership], *, by: User) -> None:
    ledger_append(
        kind=LedgerKind.LAB_FORMED,
        obj=lab,
        actor=by,
        data={
            "lab_id": lab.pk,
            "proposal_id": proposal.pk,
            "call_id": proposal.call_id,
            "start_date": lab.start_date,
            "end_date": lab.end_date,
            "recruitment_closes_on": lab.recruitment_closes_on,
            "invited_user_ids": sorted(m.user_id for m in invitations),
            "mission_sha256": sha256_text(lab.mission),
        },
    )


@transaction.atomic
def lab_form(
    *,
    proposal: Proposal,
    by: User,
    name: str,
    mission: str,
    start_date: date,
    end_date: date,
    log_cadence_days: int = 14,
    recruitment_closes_on: date | None = None,
) -> Lab:
    """Forms a lab from a selected proposal and invites its volunteering proposers.

    Side effects: one ``Membership`` (invited) per volunteer, an invitation notice to each,
    ``lab.formed`` in the decision ledger.
    """
    if not is_innovation_unit(by):
        raise PermissionDenied
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if proposal.status != ProposalStatus.SELECTED:
        raise ValidationError(_("Only a selected proposal can become a lab."))
    if Lab.objects.filter(proposal=proposal).exists():
        raise ValidationError(_("A lab has already been formed from this proposal."))
    validate_term(start_date, end_date)
    lab = Lab(
        proposal=proposal,
        name=clean_text(name).strip(),
        mission=clean_text(mission),
        start_date=start_date,
        end_date=end_date,
        log_cadence_days=log_cadence_days,
        recruitment_closes_on=recruitment_closes_on,
        created_by=by,
    )
    lab.full_clean()
    record_change_author(lab, by, "formed")
    lab.save()
    invitations = _invite_volunteers(lab, proposal, by=by)
    _ledger_formed(lab, proposal, invitations, by=by)
    return lab


@transaction.atomic
def lab_update(*, lab: Lab, by: User, **fields) -> Lab:
    """Changes a lab's name, mission, dates or cadence while it is still recruiting."""
    if not is_innovation_unit(by):
        raise PermissionDenied
    lab = lock_lab(lab)
    if lab.status != LabStatus.RECRUITING:
        raise ValidationError(_("Once the lab has started, its scope and term change only by joint decision."))
    for name, value in fields.items():
        setattr(lab, name, clean_text(value) if isinstance(value, str) else value)
    validate_term(lab.start_date, lab.end_date)
    lab.full_clean()
    record_change_author(lab, by)
    lab.save()
    return lab


@transaction.atomic
def lab_start(*, lab: Lab, by: User) -> Lab:
    """Recruiting → running, once at least two members have accepted and every member's home
    department has acknowledged the release. Each department is then notified that its member
    is released from routine duties for the term."""
    if not is_innovation_unit(by):
        raise PermissionDenied
    lab = lock_lab(lab)
    if lab.status != LabStatus.RECRUITING:
        raise ValidationError(_("This lab has already started."))
    members = active_memberships(lab)
    if len(members) < 2:
        raise ValidationError(_("A lab starts only with at least two members who have accepted."))
    releases = releases_for_start(members)
    lab.status = LabStatus.RUNNING
    lab.started_at = timezone.now()
    record_change_author(lab, by, "started")
    lab.save()
    for release in releases:
        if release.is_acknowledged:
            release_take_effect(release, lab=lab, starts_on=lab.start_date, by=by)
    return lab
