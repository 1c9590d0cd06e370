"""Joint decisions: any member proposes, every current member signs off (a member being
removed does not sign), one decline settles it; an extension then also needs the innovation
unit. An adopted decision takes effect here (``_apply``).
"""

from collections.abc import Iterable
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.permissions import is_innovation_unit
from accounts.selectors import innovation_unit_members
from core.digest import sha256_text
from core.history import record_change_author
from ledger.enums import LedgerKind
from ledger.services import ledger_append
from notifications.services import notify
from proposals.services import clean_text

from .. import permissions
from ..enums import DecisionKind, DecisionStatus, MembershipStatus, SignoffVerdict
from ..models import Decision, FinalReport, Lab, Membership, Signoff
from ..terms import MAX_TERM_MONTHS, term_end, validate_term
from . import closing, membership
from ._common import (
    OPEN_DECISION_STATUSES,
    active_memberships,
    format_day,
    lock_lab,
    membership_for,
    notify_invitations,
)
from .releases import releases_extend


def _ledger_signoff(signoff: Signoff, *, decision: Decision, lab: Lab, by: User) -> None:
    ledger_append(
        kind=LedgerKind.LAB_SIGNOFF,
        obj=lab,
        actor=by,
        data={
            "lab_id": lab.pk,
            "decision_id": decision.pk,
            "decision_kind": decision.kind,
            "signoff_id": signoff.pk,
            "user_id": signoff.user_id,
            "verdict": signoff.verdict,
            "comment_sha256": sha256_text(signoff.comment),
        },
    )


# --- Proposing ---------------------------------------------------------------------------


def _validate_extension(lab: Lab, new_end_date: date | None) -> None:
    longest = term_end(lab.start_date, MAX_TERM_MONTHS)
    if new_end_date is None or new_end_date <= lab.end_date:
        raise ValidationError(_("An extension must end after the current end date."))
    if new_end_date > longest:
        raise ValidationError(
            _("An extension must keep the whole term within 6 months: the end date can be at most %(longest)s.")
            % {"longest": format_day(longest)}
        )


def _validate_member_change(lab: Lab, *, by: User, kind: DecisionKind, subject: User | None) -> None:
    members = {m.user_id for m in active_memberships(lab)}
    if kind == DecisionKind.ADD_MEMBER:
        if subject is None or not subject.is_active:
            raise ValidationError(_("Choose the person to add."))
        if subject.pk in members:
            raise ValidationError(_("%(name)s is already a member.") % {"name": subject.full_name})
    if kind == DecisionKind.REMOVE_MEMBER:
        if subject is None or subject.pk not in members:
            raise ValidationError(_("Choose a current member."))
        if subject.pk == by.pk:
            raise ValidationError(_("To leave the lab, use “Leave the lab”: it needs no one's sign-off."))


def _validate_proposal(
    lab: Lab, *, by: User, kind: DecisionKind, new_mission: str, new_end_date: date | None,
    subject: User | None, report: dict | None,
) -> None:
    if kind == DecisionKind.SCOPE_CHANGE and not new_mission.strip():
        raise ValidationError(_("Describe the new mission."))
    if kind == DecisionKind.EXTENSION:
        _validate_extension(lab, new_end_date)
    if kind in (DecisionKind.ADD_MEMBER, DecisionKind.REMOVE_MEMBER):
        _validate_member_change(lab, by=by, kind=kind, subject=subject)
    if kind == DecisionKind.FINAL_REPORT:
        closing.validate_final_report(lab, report)
    duplicate = lab.decisions.filter(status__in=OPEN_DECISION_STATUSES, kind=kind)
    if kind in (DecisionKind.ADD_MEMBER, DecisionKind.REMOVE_MEMBER):
        duplicate = duplicate.filter(subject=subject)
    if duplicate.exists():
        raise ValidationError(_("A proposal of this kind is already waiting for sign-off."))


@transaction.atomic
def decision_propose(
    *,
    lab: Lab,
    by: User,
    kind: DecisionKind,
    summary: str = "",
    new_mission: str = "",
    new_end_date: date | None = None,
    subject: User | None = None,
    report: dict | None = None,
    uploads: Iterable[UploadedFile] = (),
) -> Decision:
    """Any member proposes a joint decision, which carries their own sign-off. The other
    members are asked to sign. ``report`` holds the final report's fields. The proposer's
    sign-off goes to the decision ledger (``lab.signoff``)."""
    lab = lock_lab(lab)
    if not permissions.can_decide(by, lab):
        raise PermissionDenied
    kind = DecisionKind(kind)
    new_mission, summary = clean_text(new_mission), clean_text(summary)
    _validate_proposal(
        lab, by=by, kind=kind, new_mission=new_mission, new_end_date=new_end_date, subject=subject, report=report
    )
    decision = Decision(
        lab=lab, kind=kind, summary=summary, new_mission=new_mission, new_end_date=new_end_date,
        subject=subject, proposed_by=by,
    )
    record_change_author(decision, by, "proposed")
    decision.save()
    if kind == DecisionKind.FINAL_REPORT:
        closing.final_report_file(decision, lab=lab, by=by, report=report, uploads=uploads)
    signoff = Signoff.objects.create(decision=decision, user=by, verdict=SignoffVerdict.SIGNED)
    _ledger_signoff(signoff, decision=decision, lab=lab, by=by)
    notify(
        kind="labs_decision_proposed",
        recipients=[m.user for m in active_memberships(lab) if m.user_id != by.pk],
        about=decision,
        context={"lab": lab, "decision": decision, "proposer": by},
        url=decision.get_absolute_url(),
    )
    _recompute(decision, lab=lab, by=by)
    return decision


# --- Signing and reviewing ---------------------------------------------------------------


@transaction.atomic
def decision_sign(*, decision: Decision, by: User, approve: bool, comment: str = "") -> Decision:
    """A current member signs off or declines (with a comment). One decline settles the
    decision as declined; the last missing signature makes it take effect. Appends
    ``lab.signoff`` (a decline's comment as a SHA-256 digest) to the decision ledger."""
    decision = Decision.objects.select_for_update().get(pk=decision.pk)
    lab = lock_lab(decision.lab)
    if not permissions.can_decide(by, lab):
        raise PermissionDenied
    if decision.status != DecisionStatus.PENDING:
        raise ValidationError(_("This proposal is no longer open for sign-off."))
    if decision.kind == DecisionKind.REMOVE_MEMBER and decision.subject_id == by.pk:
        raise ValidationError(_("A member being removed does not sign off on it."))
    if decision.signoffs.filter(user=by).exists():
        raise ValidationError(_("You have already responded to this proposal."))
    comment = clean_text(comment).strip()
    if not approve and not comment:
        raise ValidationError(_("Say why you decline, so the team can talk it through."))
    signoff = Signoff.objects.create(
        decision=decision, user=by, verdict=SignoffVerdict.SIGNED if approve else SignoffVerdict.DECLINED,
        comment=comment,
    )
    _ledger_signoff(signoff, decision=decision, lab=lab, by=by)
    if approve:
        _recompute(decision, lab=lab, by=by)
    else:
        _settle(decision, lab=lab, status=DecisionStatus.DECLINED, by=by)
    return decision


@transaction.atomic
def decision_review_extension(*, decision: Decision, by: User, approve: bool, comment: str = "") -> Decision:
    """The innovation unit approves (the end date moves, the releases follow and the
    departments are told) or turns down an extension the members have all signed."""
    if not is_innovation_unit(by):
        raise PermissionDenied
    decision = Decision.objects.select_for_update().get(pk=decision.pk)
    lab = lock_lab(decision.lab)
    if decision.status != DecisionStatus.AWAITING_APPROVAL:
        raise ValidationError(_("This extension is not waiting for approval."))
    decision.reviewed_by = by
    decision.review_comment = clean_text(comment).strip()
    if not approve:
        _settle(decision, lab=lab, status=DecisionStatus.REJECTED, by=by)
        return decision
    validate_term(lab.start_date, decision.new_end_date)
    lab.end_date = decision.new_end_date
    record_change_author(lab, by, "term extended")
    lab.save()
    releases_extend(lab, by=by)
    _settle(decision, lab=lab, status=DecisionStatus.ADOPTED, by=by)
    return decision


# --- Counting and settling ---------------------------------------------------------------


def required_signers(decision: Decision, members: Iterable[Membership]) -> set[int]:
    """Who must sign: every current member, except the one a removal is about."""
    required = {m.user_id for m in members}
    if decision.kind == DecisionKind.REMOVE_MEMBER:
        required.discard(decision.subject_id)
    return required


def recompute_pending(lab: Lab, *, by: User) -> None:
    """After membership changes: signatures of people no longer members stop counting, and a
    decision every current member has signed takes effect."""
    for decision in lab.decisions.select_for_update().filter(status=DecisionStatus.PENDING):
        _recompute(decision, lab=lab, by=by)


def _recompute(decision: Decision, *, lab: Lab, by: User) -> None:
    members = active_memberships(lab)
    required = required_signers(decision, members)
    if not required:
        return
    if decision.kind == DecisionKind.FINAL_REPORT and len(members) < 2:
        return
    signed = set(
        decision.signoffs.filter(verdict=SignoffVerdict.SIGNED, user_id__in=required).values_list("user_id", flat=True)
    )
    if signed != required:
        return
    if decision.kind == DecisionKind.EXTENSION:
        _settle(decision, lab=lab, status=DecisionStatus.AWAITING_APPROVAL, by=by)
        notify(
            kind="labs_extension_requested",
            recipients=innovation_unit_members(),
            about=decision,
            context={"lab": lab, "decision": decision},
            url=decision.get_absolute_url(),
        )
        return
    _settle(decision, lab=lab, status=DecisionStatus.ADOPTED, by=by)
    _apply(decision, lab=lab, by=by)


def _ledger_decision(decision: Decision, *, lab: Lab, by: User) -> None:
    """``lab.decision``: how the decision settled, who signed, what it changes."""
    report = (
        FinalReport.objects.filter(decision=decision).first()
        if decision.kind == DecisionKind.FINAL_REPORT
        else None
    )
    ledger_append(
        kind=LedgerKind.LAB_DECISION,
        obj=lab,
        actor=by,
        data={
            "lab_id": lab.pk,
            "decision_id": decision.pk,
            "decision_kind": decision.kind,
            "status": decision.status,
            "proposed_by_id": decision.proposed_by_id,
            "signer_ids": sorted(
                decision.signoffs.filter(verdict=SignoffVerdict.SIGNED).values_list("user_id", flat=True)
            ),
            "subject_id": decision.subject_id,
            "new_end_date": decision.new_end_date,
            "mission_sha256": sha256_text(decision.new_mission),
            "final_report_id": report.pk if report else None,
            "outcome": report.outcome if report else None,
            "reviewed_by_id": decision.reviewed_by_id,
        },
    )


def _settle(decision: Decision, *, lab: Lab, status: DecisionStatus, by: User) -> None:
    """Settles the decision, appends ``lab.decision`` to the decision ledger and tells the
    members. Its effects (if adopted) follow in ``_apply``."""
    decision.status = status
    decision.settled_at = timezone.now()
    record_change_author(decision, by, str(status))
    decision.save()
    _ledger_decision(decision, lab=lab, by=by)
    notify(
        kind="labs_decision_settled",
        recipients=[m.user for m in active_memberships(lab)],
        about=decision,
        occasion=str(status),
        context={"lab": lab, "decision": decision},
        url=decision.get_absolute_url(),
    )


def _apply(decision: Decision, *, lab: Lab, by: User) -> None:
    if decision.kind == DecisionKind.SCOPE_CHANGE:
        lab.mission = decision.new_mission
        record_change_author(lab, by, "scope changed by joint decision")
        lab.save()
    elif decision.kind == DecisionKind.ADD_MEMBER:
        invited = membership_for(lab, decision.subject) or Membership(lab=lab, user=decision.subject)
        invited.status = MembershipStatus.INVITED
        invited.invited_by = decision.proposed_by
        record_change_author(invited, by, "invited by joint decision")
        invited.save()
        notify_invitations(lab, [invited])
    elif decision.kind == DecisionKind.REMOVE_MEMBER:
        removed = membership_for(lab, decision.subject)
        membership.membership_end(removed, lab=lab, status=MembershipStatus.REMOVED, by=by, decision=decision)
    elif decision.kind == DecisionKind.FINAL_REPORT:
        closing.lab_enter_closing(decision, lab=lab, by=by)
