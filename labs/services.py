"""Writes for labs. Every state change passes through one function here.

Each service checks the actor's right (``PermissionDenied``) and the rule it enforces
(``ValidationError`` with a translated message), locks the rows it changes, saves with the
actor recorded in the history, and queues notifications through the outbox on commit.
"""

import hashlib
from collections.abc import Iterable
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from guardian.shortcuts import assign_perm, get_users_with_perms, remove_perm

from accounts.enums import Role
from accounts.models import Department, User
from accounts.permissions import LIAISON_PERMISSION
from core.history import record_change_author
from ledger.enums import LedgerKind
from ledger.services import ledger_append
from notifications.services import notify
from proposals.enums import CoProposerStatus, ProposalStatus
from proposals.files import sniff_attachment_kind
from proposals.models import Proposal
from proposals.services import clean_text

from . import permissions
from .enums import (
    OPEN_STATUSES,
    STARTED_STATUSES,
    DecisionKind,
    DecisionStatus,
    LabStatus,
    MembershipStatus,
    Outcome,
    SignoffVerdict,
)
from .models import (
    Decision,
    DutyRelease,
    FinalReport,
    Lab,
    LabAttachment,
    LogComment,
    LogEntry,
    Membership,
    Milestone,
    Signoff,
)
from .terms import MAX_TERM_MONTHS, term_end, validate_term

ATTACHMENT_MAX_MB = 10
OPEN_DECISION_STATUSES = (DecisionStatus.PENDING, DecisionStatus.AWAITING_APPROVAL)



def _lock_lab(lab: Lab) -> Lab:
    return Lab.objects.select_for_update().get(pk=lab.pk)


def _active_memberships(lab: Lab) -> list[Membership]:
    return list(lab.memberships.filter(status=MembershipStatus.ACTIVE).select_related("user"))


def _department_liaisons(department: Department | None) -> list[User]:
    if department is None:
        return []
    return list(
        get_users_with_perms(
            department,
            only_with_perms_in=[LIAISON_PERMISSION.split(".")[1]],
            with_superusers=False,
            with_group_users=False,
        )
    )


def _innovation_unit() -> list[User]:
    return list(User.objects.filter(groups__name=Role.INNOVATION_UNIT.value, is_active=True))


def _format(day: date | None) -> str:
    return date_format(day, "Y-m-d") if day else ""


def _sha256(text: str) -> str | None:
    """The ledger commits to free text by its SHA-256 digest only (``None`` when empty)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest() if text else None


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
            "comment_sha256": _sha256(signoff.comment),
        },
    )


# --- Forming a lab -----------------------------------------------------------------------


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
    if not permissions.can_manage_labs(by):
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
    invitations = []
    for person in proposal_volunteers(proposal):
        membership = Membership(lab=lab, user=person, status=MembershipStatus.INVITED, invited_by=by)
        record_change_author(membership, by, "invited as a volunteering proposer")
        membership.save()
        invitations.append(membership)
    _notify_invitations(lab, invitations)
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
            "mission_sha256": _sha256(lab.mission),
        },
    )
    return lab


@transaction.atomic
def lab_update(*, lab: Lab, by: User, **fields) -> Lab:
    """Changes a lab's name, mission, dates or cadence while it is still recruiting."""
    if not permissions.can_manage_labs(by):
        raise PermissionDenied
    lab = _lock_lab(lab)
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
    if not permissions.can_manage_labs(by):
        raise PermissionDenied
    lab = _lock_lab(lab)
    if lab.status != LabStatus.RECRUITING:
        raise ValidationError(_("This lab has already started."))
    members = _active_memberships(lab)
    if len(members) < 2:
        raise ValidationError(_("A lab starts only with at least two members who have accepted."))
    releases = list(
        DutyRelease.objects.select_for_update(of=("self",))
        .filter(membership__in=members, closed_at__isnull=True)
        .select_related("membership__user", "department")
    )
    acknowledged = {r.membership_id for r in releases if r.is_acknowledged}
    waiting = [m.user.full_name for m in members if m.pk not in acknowledged]
    if waiting:
        raise ValidationError(
            _("The home department has not yet acknowledged the release from routine duties of: %(names)s.")
            % {"names": ", ".join(waiting)}
        )
    lab.status = LabStatus.RUNNING
    lab.started_at = timezone.now()
    record_change_author(lab, by, "started")
    lab.save()
    for release in releases:
        if release.is_acknowledged:
            _release_take_effect(release, lab=lab, starts_on=lab.start_date, by=by)
    return lab


@transaction.atomic
def lab_close(*, lab: Lab, by: User) -> Lab:
    """Closing → closed, after the final report has been signed off by every member. Ends the
    releases from routine duties, tells the departments and appends ``lab.closed`` to the
    decision ledger."""
    if not permissions.can_manage_labs(by):
        raise PermissionDenied
    lab = _lock_lab(lab)
    if lab.status != LabStatus.CLOSING:
        raise ValidationError(_("A lab is closed once all its members have signed off the final report."))
    lab.status = LabStatus.CLOSED
    lab.closed_at = timezone.now()
    record_change_author(lab, by, "closed")
    lab.save()
    for release in DutyRelease.objects.select_for_update(of=("self",)).filter(
        membership__lab=lab, closed_at__isnull=True
    ).select_related("membership__user", "department"):
        _release_close(release, lab=lab, by=by)
    report = (
        FinalReport.objects.filter(lab=lab, decision__status=DecisionStatus.ADOPTED)
        .order_by("-decision__settled_at", "-pk")
        .first()
    )
    ledger_append(
        kind=LedgerKind.LAB_CLOSED,
        obj=lab,
        actor=by,
        data={
            "lab_id": lab.pk,
            "proposal_id": lab.proposal_id,
            "decision_id": report.decision_id if report else None,
            "final_report_id": report.pk if report else None,
            "outcome": report.outcome if report else None,
            "member_ids": sorted(m.user_id for m in _active_memberships(lab)),
            "closed_on": timezone.localdate(lab.closed_at),
        },
    )
    return lab


# --- Membership --------------------------------------------------------------------------


def _membership_for(lab: Lab, user: User) -> Membership | None:
    return Membership.objects.select_for_update().filter(lab=lab, user=user).first()


def _notify_invitations(lab: Lab, invitations: Iterable[Membership]) -> None:
    for membership in invitations:
        notify(
            kind="labs_invitation",
            recipients=[membership.user],
            about=membership,
            occasion=str(timezone.now().timestamp()),
            context={"lab": lab},
            url=lab.get_absolute_url(),
        )


@transaction.atomic
def lab_volunteer(*, lab: Lab, by: User) -> Membership:
    """Any staff member volunteers while the lab recruits; the innovation unit (or, once the
    lab runs, its members) may then invite them."""
    lab = _lock_lab(lab)
    if not permissions.is_volunteering_open(lab, timezone.localdate()):
        raise ValidationError(_("This lab is not taking volunteers at the moment."))
    membership = _membership_for(lab, by)
    if membership is None:
        membership = Membership(lab=lab, user=by)
    elif membership.status in (MembershipStatus.VOLUNTEERED, MembershipStatus.INVITED, MembershipStatus.ACTIVE):
        raise ValidationError(_("You have already volunteered for this lab."))
    membership.status = MembershipStatus.VOLUNTEERED
    record_change_author(membership, by, "volunteered")
    membership.save()
    return membership


@transaction.atomic
def lab_volunteer_withdraw(*, lab: Lab, by: User) -> Membership:
    membership = _membership_for(lab, by)
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
    if not permissions.can_manage_labs(by):
        raise PermissionDenied
    lab = _lock_lab(membership.lab)
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    if membership.status != MembershipStatus.VOLUNTEERED:
        raise ValidationError(_("Only a volunteer can be invited."))
    if lab.status != LabStatus.RECRUITING and not (lab.status == LabStatus.PAUSED and not _active_memberships(lab)):
        raise ValidationError(_("Once the lab has started, its members decide jointly whom to add."))
    membership.status = MembershipStatus.INVITED
    membership.invited_by = by
    record_change_author(membership, by, "invited")
    membership.save()
    _notify_invitations(lab, [membership])
    return membership


@transaction.atomic
def membership_respond(*, lab: Lab, by: User, accept: bool) -> Membership:
    """The invited person accepts (and becomes a member with the same rights as every other
    member) or declines. Accepting asks the home department to acknowledge the release from
    routine duties, and resumes a paused lab that has two members again. Accepting appends
    ``lab.member_joined`` to the decision ledger."""
    lab = _lock_lab(lab)
    membership = _membership_for(lab, by)
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
    for codename in permissions.MEMBER_PERMISSIONS:
        assign_perm(f"labs.{codename}", by, lab)
    release = DutyRelease(membership=membership)
    record_change_author(release, by)
    release.save()
    notify(
        kind="labs_release_requested",
        recipients=_department_liaisons(by.department),
        about=release,
        context={"lab": lab, "member": by, "release": release},
        url=_release_url(release),
    )
    if lab.status == LabStatus.PAUSED and len(_active_memberships(lab)) >= 2:
        lab.status = LabStatus.RUNNING
        record_change_author(lab, by, "resumed with two members")
        lab.save()
    _ledger_membership(LedgerKind.LAB_MEMBER_JOINED, membership, lab=lab, by=by)
    _recompute_pending(lab, by=by)
    return membership


@transaction.atomic
def membership_leave(*, lab: Lab, by: User) -> Membership:
    """A member leaves; this needs nobody's sign-off. Rights, the release and the member's
    pending signatures go with them; a lab left with fewer than two members pauses.
    Appends ``lab.member_left`` to the decision ledger."""
    lab = _lock_lab(lab)
    membership = _membership_for(lab, by)
    if membership is None or membership.status != MembershipStatus.ACTIVE:
        raise PermissionDenied
    if lab.status not in OPEN_STATUSES:
        raise ValidationError(_("The lab has finished; its members stay on record."))
    _membership_end(membership, lab=lab, status=MembershipStatus.LEFT, by=by)
    return membership


def _membership_end(
    membership: Membership,
    *,
    lab: Lab,
    status: MembershipStatus,
    by: User,
    decision: Decision | None = None,
) -> None:
    membership.status = status
    membership.ended_at = timezone.now()
    record_change_author(membership, by, str(status))
    membership.save()
    for codename in permissions.MEMBER_PERMISSIONS:
        remove_perm(f"labs.{codename}", membership.user, lab)
    for release in DutyRelease.objects.select_for_update(of=("self",)).filter(
        membership=membership, closed_at__isnull=True
    ).select_related("membership__user", "department"):
        _release_close(release, lab=lab, by=by)
    if lab.status == LabStatus.RUNNING and len(_active_memberships(lab)) < 2:
        lab.status = LabStatus.PAUSED
        record_change_author(lab, by, "paused: fewer than two members")
        lab.save()
    _ledger_membership(LedgerKind.LAB_MEMBER_LEFT, membership, lab=lab, by=by, decision=decision)
    lab.decisions.filter(
        status__in=OPEN_DECISION_STATUSES, kind=DecisionKind.REMOVE_MEMBER, subject=membership.user
    ).update(status=DecisionStatus.VOID, settled_at=timezone.now())
    _recompute_pending(lab, by=by)


# --- Release from routine duties ---------------------------------------------------------


def _release_url(release: DutyRelease) -> str:
    return reverse("labs:release-acknowledge", kwargs={"pk": release.pk})


@transaction.atomic
def release_acknowledge(*, release: DutyRelease, by: User, order_reference: str = "") -> DutyRelease:
    """The member's home department (a liaison) or the innovation unit acknowledges the
    release, recording the personnel order number when there is one. The home department is
    stored now. If the lab is already running the release takes effect at once."""
    release = (
        DutyRelease.objects.select_for_update(of=("self",))
        .select_related("membership__user__department", "membership__lab")
        .get(pk=release.pk)
    )
    if not permissions.can_acknowledge_release(by, release):
        raise PermissionDenied
    if release.closed_at is not None:
        raise ValidationError(_("This release has ended."))
    if release.is_acknowledged:
        raise ValidationError(_("This release has already been acknowledged."))
    department = release.membership.user.department
    if department is None:
        raise ValidationError(_("The member has no home department on record."))
    release.department = department
    release.order_reference = clean_text(order_reference).strip()
    release.acknowledged_by = by
    release.acknowledged_at = timezone.now()
    record_change_author(release, by, "acknowledged")
    release.save()
    lab = _lock_lab(release.membership.lab)
    if lab.status in STARTED_STATUSES:
        _release_take_effect(release, lab=lab, starts_on=max(timezone.localdate(), lab.start_date), by=by)
    return release


def _release_take_effect(release: DutyRelease, *, lab: Lab, starts_on: date, by: User | None) -> None:
    release.starts_on = starts_on
    release.ends_on = lab.end_date
    release.notified_at = timezone.now()
    record_change_author(release, by, "in effect")
    release.save()
    _notify_release(release, lab=lab, occasion=f"{release.department_id}:{_format(release.ends_on)}")


def _notify_release(release: DutyRelease, *, lab: Lab, occasion: str) -> None:
    notify(
        kind="labs_release_in_effect",
        recipients=_department_liaisons(release.department),
        about=release,
        occasion=occasion,
        context={"lab": lab, "member": release.membership.user, "release": release},
        url=lab.get_absolute_url(),
    )


def _release_close(release: DutyRelease, *, lab: Lab, by: User | None) -> None:
    was_in_effect = release.notified_at is not None
    release.closed_at = timezone.now()
    record_change_author(release, by, "ended")
    release.save()
    if was_in_effect:
        notify(
            kind="labs_release_ended",
            recipients=_department_liaisons(release.department),
            about=release,
            context={"lab": lab, "member": release.membership.user, "release": release},
            url=lab.get_absolute_url(),
        )


@transaction.atomic
def lab_member_home_department_changed(
    *, user: User, new_department: Department, by: User | None = None
) -> list[DutyRelease]:
    """Called when HR moves ``user`` to ``new_department``: every open, acknowledged release
    of theirs moves to the new department, whose liaisons receive the release notice if the
    release is in effect. Unacknowledged releases need nothing: acknowledgement reads the
    home department when it happens. Returns the releases moved."""
    moved = []
    for release in DutyRelease.objects.select_for_update(of=("self",)).filter(
        membership__user=user,
        membership__status=MembershipStatus.ACTIVE,
        closed_at__isnull=True,
        acknowledged_at__isnull=False,
    ).select_related("membership__lab", "membership__user"):
        if release.department_id == new_department.pk:
            continue
        release.department = new_department
        record_change_author(release, by, "home department changed")
        release.save()
        if release.notified_at is not None:
            _notify_release(
                release, lab=release.membership.lab, occasion=f"{new_department.pk}:{_format(release.ends_on)}"
            )
        moved.append(release)
    return moved


# --- Progress log and milestones ---------------------------------------------------------


def _store_attachments(
    *, lab: Lab, by: User, uploads: Iterable[UploadedFile], entry=None, report=None
) -> list[LabAttachment]:
    stored = []
    for upload in uploads:
        if upload.size > ATTACHMENT_MAX_MB * 1024 * 1024:
            raise ValidationError(
                _("“%(name)s” is larger than the limit of %(limit)s MB.")
                % {"name": upload.name, "limit": ATTACHMENT_MAX_MB}
            )
        kind = sniff_attachment_kind(upload)
        attachment = LabAttachment(
            lab=lab,
            entry=entry,
            report=report,
            original_name=clean_text(upload.name)[-255:],
            size=upload.size,
            kind=kind,
            uploaded_by=by,
        )
        attachment.file.save("upload", upload, save=False)
        attachment.save()
        stored.append(attachment)
    return stored


ENTRY_FIELDS = ("entry_date", "did", "learned", "next_steps", "blockers")


@transaction.atomic
def log_entry_create(
    *, lab: Lab, by: User, entry_date: date, did: str, learned: str = "", next_steps: str = "",
    blockers: str = "", uploads: Iterable[UploadedFile] = (),
) -> LogEntry:
    """A member writes a progress log entry, with optional attachments."""
    lab = _lock_lab(lab)
    if not permissions.can_write_log(by, lab):
        raise PermissionDenied
    entry = LogEntry(
        lab=lab, author=by, entry_date=entry_date, did=clean_text(did), learned=clean_text(learned),
        next_steps=clean_text(next_steps), blockers=clean_text(blockers),
    )
    entry.full_clean()
    record_change_author(entry, by)
    entry.save()
    _store_attachments(lab=lab, by=by, uploads=uploads, entry=entry)
    return entry


@transaction.atomic
def log_entry_update(*, entry: LogEntry, by: User, uploads: Iterable[UploadedFile] = (), **fields) -> LogEntry:
    """Any member may correct any entry (there is no author privilege in a lab)."""
    entry = LogEntry.objects.select_for_update(of=("self",)).select_related("lab").get(pk=entry.pk)
    if not permissions.can_write_log(by, entry.lab):
        raise PermissionDenied
    for name, value in fields.items():
        if name not in ENTRY_FIELDS:
            raise TypeError(name)
        setattr(entry, name, clean_text(value) if isinstance(value, str) else value)
    entry.full_clean()
    record_change_author(entry, by)
    entry.save()
    _store_attachments(lab=entry.lab, by=by, uploads=uploads, entry=entry)
    return entry


@transaction.atomic
def log_comment_add(*, entry: LogEntry, by: User, body: str) -> LogComment:
    """A member or the innovation unit comments on an entry."""
    if not permissions.can_comment(by, entry.lab):
        raise PermissionDenied
    comment = LogComment(entry=entry, author=by, body=clean_text(body).strip())
    comment.full_clean()
    comment.save()
    return comment


@transaction.atomic
def milestone_create(*, lab: Lab, by: User, title: str, target_date: date) -> Milestone:
    lab = _lock_lab(lab)
    if not permissions.can_write_log(by, lab):
        raise PermissionDenied
    milestone = Milestone(lab=lab, title=clean_text(title).strip(), target_date=target_date, created_by=by)
    milestone.full_clean()
    record_change_author(milestone, by)
    milestone.save()
    return milestone


@transaction.atomic
def milestone_set_done(*, milestone: Milestone, by: User, done: bool) -> Milestone:
    milestone = Milestone.objects.select_for_update(of=("self",)).select_related("lab").get(pk=milestone.pk)
    if not permissions.can_write_log(by, milestone.lab):
        raise PermissionDenied
    milestone.done = done
    milestone.done_on = timezone.localdate() if done else None
    record_change_author(milestone, by, "done" if done else "not done")
    milestone.save()
    return milestone


# --- Joint decisions ---------------------------------------------------------------------


def _validate_proposal(
    lab: Lab, *, by: User, kind: DecisionKind, new_mission: str, new_end_date: date | None,
    subject: User | None, report: dict | None,
) -> None:
    members = {m.user_id for m in _active_memberships(lab)}
    if kind == DecisionKind.SCOPE_CHANGE and not new_mission.strip():
        raise ValidationError(_("Describe the new mission."))
    if kind == DecisionKind.EXTENSION:
        longest = term_end(lab.start_date, MAX_TERM_MONTHS)
        if new_end_date is None or new_end_date <= lab.end_date:
            raise ValidationError(_("An extension must end after the current end date."))
        if new_end_date > longest:
            raise ValidationError(
                _("An extension must keep the whole term within 6 months: the end date can be at most %(longest)s.")
                % {"longest": _format(longest)}
            )
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
    if kind == DecisionKind.FINAL_REPORT:
        if lab.status != LabStatus.RUNNING:
            raise ValidationError(_("A final report can be proposed while the lab runs with at least two members."))
        required = ("summary", "results", "outcome", "lessons")
        if not report or any(not str(report.get(name, "")).strip() for name in required):
            raise ValidationError(_("The final report needs a summary, results, an outcome and the lessons learned."))
        if report["outcome"] not in Outcome.values:
            raise ValidationError(_("Choose an outcome."))
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
    lab = _lock_lab(lab)
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
        final = FinalReport(
            decision=decision, lab=lab,
            **{name: clean_text(str(report.get(name, ""))) for name in
               ("summary", "results", "outcome", "lessons", "next_steps")},
        )
        final.full_clean()
        record_change_author(final, by)
        final.save()
        _store_attachments(lab=lab, by=by, uploads=uploads, report=final)
    signoff = Signoff.objects.create(decision=decision, user=by, verdict=SignoffVerdict.SIGNED)
    _ledger_signoff(signoff, decision=decision, lab=lab, by=by)
    notify(
        kind="labs_decision_proposed",
        recipients=[m.user for m in _active_memberships(lab) if m.user_id != by.pk],
        about=decision,
        context={"lab": lab, "decision": decision, "proposer": by},
        url=decision.get_absolute_url(),
    )
    _recompute(decision, lab=lab, by=by)
    return decision


@transaction.atomic
def decision_sign(*, decision: Decision, by: User, approve: bool, comment: str = "") -> Decision:
    """A current member signs off or declines (with a comment). One decline settles the
    decision as declined; the last missing signature makes it take effect. Appends
    ``lab.signoff`` (a decline's comment as a SHA-256 digest) to the decision ledger."""
    decision = Decision.objects.select_for_update().get(pk=decision.pk)
    lab = _lock_lab(decision.lab)
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
    if not permissions.can_manage_labs(by):
        raise PermissionDenied
    decision = Decision.objects.select_for_update().get(pk=decision.pk)
    lab = _lock_lab(decision.lab)
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
    for release in DutyRelease.objects.select_for_update(of=("self",)).filter(
        membership__lab=lab, closed_at__isnull=True, notified_at__isnull=False
    ).select_related("membership__user", "department"):
        release.ends_on = lab.end_date
        record_change_author(release, by, "term extended")
        release.save()
        _notify_release(release, lab=lab, occasion=f"{release.department_id}:{_format(release.ends_on)}")
    _settle(decision, lab=lab, status=DecisionStatus.ADOPTED, by=by)
    return decision


def required_signers(decision: Decision, members: Iterable[Membership]) -> set[int]:
    """Who must sign: every current member, except the one a removal is about."""
    required = {m.user_id for m in members}
    if decision.kind == DecisionKind.REMOVE_MEMBER:
        required.discard(decision.subject_id)
    return required


def _recompute_pending(lab: Lab, *, by: User) -> None:
    """After membership changes: signatures of people no longer members stop counting, and a
    decision every current member has signed takes effect."""
    for decision in lab.decisions.select_for_update().filter(status=DecisionStatus.PENDING):
        _recompute(decision, lab=lab, by=by)


def _recompute(decision: Decision, *, lab: Lab, by: User) -> None:
    members = _active_memberships(lab)
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
            recipients=_innovation_unit(),
            about=decision,
            context={"lab": lab, "decision": decision},
            url=decision.get_absolute_url(),
        )
        return
    _settle(decision, lab=lab, status=DecisionStatus.ADOPTED, by=by)
    _apply(decision, lab=lab, by=by)


def _settle(decision: Decision, *, lab: Lab, status: DecisionStatus, by: User) -> None:
    """Settles the decision, appends ``lab.decision`` to the decision ledger and tells the
    members. Its effects (if adopted) follow in ``_apply``."""
    decision.status = status
    decision.settled_at = timezone.now()
    record_change_author(decision, by, str(status))
    decision.save()
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
            "mission_sha256": _sha256(decision.new_mission),
            "final_report_id": report.pk if report else None,
            "outcome": report.outcome if report else None,
            "reviewed_by_id": decision.reviewed_by_id,
        },
    )
    notify(
        kind="labs_decision_settled",
        recipients=[m.user for m in _active_memberships(lab)],
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
        membership = _membership_for(lab, decision.subject) or Membership(lab=lab, user=decision.subject)
        membership.status = MembershipStatus.INVITED
        membership.invited_by = decision.proposed_by
        record_change_author(membership, by, "invited by joint decision")
        membership.save()
        _notify_invitations(lab, [membership])
    elif decision.kind == DecisionKind.REMOVE_MEMBER:
        membership = _membership_for(lab, decision.subject)
        _membership_end(membership, lab=lab, status=MembershipStatus.REMOVED, by=by, decision=decision)
    elif decision.kind == DecisionKind.FINAL_REPORT:
        lab.status = LabStatus.CLOSING
        record_change_author(lab, by, "final report signed off")
        lab.save()
        lab.decisions.filter(status__in=OPEN_DECISION_STATUSES).update(
            status=DecisionStatus.VOID, settled_at=timezone.now()
        )
        notify(
            kind="labs_report_signed",
            recipients=_innovation_unit(),
            about=decision,
            context={"lab": lab, "decision": decision},
            url=lab.get_absolute_url(),
        )
