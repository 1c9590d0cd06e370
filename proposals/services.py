"""Writes for calls and proposals. Every state change passes through one function here.

Each service checks the actor's right (raising ``PermissionDenied``) and the rule it enforces
(raising ``ValidationError`` with a translated message), locks the row on databases that
support it, saves, leaves the who/when in the history (django-simple-history records the
actor given as ``by``) and queues notifications through the outbox on commit.
"""

import unicodedata
import uuid
from collections.abc import Iterable
from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from core.history import record_change_author
from ledger.canonical import VALUE_PATTERN
from ledger.enums import LedgerKind
from ledger.services import ledger_append
from notifications.services import notify

from . import permissions
from .enums import CallPhase, CoProposerStatus, NoticeKind, ProposalStatus
from .files import sniff_attachment_kind
from .models import Attachment, Call, CallNotice, CoProposer, Proposal

PROPOSAL_TEXT_FIELDS = ("title", "problem", "idea", "effect", "keywords")


def clean_text(value: str) -> str:
    """NFC-normalises text and refuses control characters that have no place in a document."""
    value = unicodedata.normalize("NFC", value or "")
    if "\x00" in value:
        raise ValidationError(_("The text contains a NUL character, which cannot be stored."))
    return value



def ledger_reference(reference: str) -> str | None:
    """A proposal reference for a ledger payload: the reference when it is a plain code
    (e.g. "2019-G-001"), ``None`` when the call's prefix holds spaces or Hangul — the ledger
    records codes only, and the proposal id identifies it anyway."""
    return reference if reference and VALUE_PATTERN.fullmatch(reference) else None


def _call_locked(call: Call) -> Call:
    return Call.objects.select_for_update().get(pk=call.pk)


def _ensure_call_open(call: Call, now: datetime | None = None) -> None:
    phase = call.phase_at(now or timezone.now())
    if phase == CallPhase.UPCOMING:
        raise ValidationError(_("This call has not opened yet. Proposals can be submitted from %(opens)s.")
                              % {"opens": timezone.localtime(call.opens_at).strftime("%Y-%m-%d %H:%M")})
    if phase != CallPhase.OPEN:
        raise ValidationError(_("This call is closed. Proposals can no longer be written, changed or withdrawn."))


# --- Calls -------------------------------------------------------------------------------


@transaction.atomic
def call_create(*, by: User, **fields) -> Call:
    if not permissions.can_manage_calls(by):
        raise PermissionDenied
    call = Call(created_by=by, **fields)
    call.full_clean()
    record_change_author(call, by)
    call.save()
    return call


@transaction.atomic
def call_update(*, call: Call, by: User, **fields) -> Call:
    if not permissions.can_manage_calls(by):
        raise PermissionDenied
    call = _call_locked(call)
    old_closes_at = call.closes_at
    for name, value in fields.items():
        setattr(call, name, value)
    call.full_clean()
    record_change_author(call, by)
    call.save()
    if call.closes_at > old_closes_at and call.is_open:
        _notify_deadline_extended(call, old_closes_at)
    return call


@transaction.atomic
def call_extend_deadline(*, call: Call, closes_at: datetime, by: User) -> Call:
    """Moves the deadline later; recorded in the call's history and announced to everyone
    with a draft on the call."""
    if not permissions.can_manage_calls(by):
        raise PermissionDenied
    call = _call_locked(call)
    if call.stored_phase:
        raise ValidationError(_("The screening has started; the deadline can no longer be changed."))
    if closes_at <= call.closes_at:
        raise ValidationError(_("The new deadline must be later than the current one."))
    old_closes_at = call.closes_at
    call.closes_at = closes_at
    call.full_clean()
    record_change_author(call, by, reason="deadline extended")
    call.save()
    _notify_deadline_extended(call, old_closes_at)
    return call


def _notify_deadline_extended(call: Call, old_closes_at: datetime) -> None:
    drafts = Proposal.objects.filter(call=call, status=ProposalStatus.DRAFT).select_related("proposer")
    notify(
        kind="call_deadline_extended",
        recipients=[p.proposer for p in drafts],
        about=call,
        occasion=call.closes_at.isoformat(),
        context={"call": call, "old_closes_at": old_closes_at},
        url=call.get_absolute_url(),
    )


@transaction.atomic
def call_set_phase(*, call: Call, to: CallPhase, by: User | None, reason: str = "") -> Call:
    """The one door for the stored phases: closed → screening → decided.

    Other apps (screening) call this; it enforces the order and records who moved it.
    """
    allowed = {CallPhase.CLOSED: CallPhase.SCREENING, CallPhase.SCREENING: CallPhase.DECIDED}
    call = _call_locked(call)
    current = call.phase
    if allowed.get(current) != to:
        raise ValidationError(
            _("A call in phase “%(current)s” cannot move to “%(to)s”.")
            % {"current": current.label, "to": CallPhase(to).label}
        )
    call.stored_phase = to
    record_change_author(call, by, reason=reason or f"phase → {to}")
    call.save(update_fields=["stored_phase", "updated_at"])
    return call


@transaction.atomic
def call_notice_post(*, call: Call, by: User, body: str, question: str = "") -> CallNotice:
    """Posts a notice (or a question with its answer) on the call's page (a receiver moves the
    call's ``updated_at``, under which the page caches its public parts: proposals.apps)."""
    if not permissions.can_manage_calls(by):
        raise PermissionDenied
    notice = CallNotice(
        call=call,
        kind=NoticeKind.ANSWER if question.strip() else NoticeKind.NOTICE,
        question=clean_text(question),
        body=clean_text(body),
        created_by=by,
    )
    notice.full_clean()
    notice.save()
    return notice


# --- Proposals ---------------------------------------------------------------------------


def _apply_fields(proposal: Proposal, fields: dict) -> None:
    for name, value in fields.items():
        if name in PROPOSAL_TEXT_FIELDS:
            value = clean_text(value).strip() if name in ("title", "keywords") else clean_text(value)
        if name == "keywords":
            value = ", ".join(dict.fromkeys(k.strip() for k in value.split(",") if k.strip()))
        setattr(proposal, name, value)


@transaction.atomic
def proposal_save_draft(
    *,
    call: Call,
    by: User,
    client_token: uuid.UUID,
    proposal: Proposal | None = None,
    fields: dict,
) -> Proposal:
    """Creates or updates a proposal's text. New drafts are found again by the form's
    ``client_token``, so a double POST of the same form never creates two proposals."""
    _ensure_call_open(call)
    if proposal is None:
        proposal = (
            Proposal.objects.select_for_update()
            .filter(proposer=by, client_token=client_token)
            .first()
        )
    else:
        proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if proposal is None:
        proposal = Proposal(call=call, proposer=by, client_token=client_token)
        _apply_fields(proposal, fields)
        proposal.full_clean()
        record_change_author(proposal, by)
        try:
            with transaction.atomic():
                proposal.save()
        except IntegrityError:
            # A concurrent request with the same token won the insert: update that one.
            proposal = Proposal.objects.select_for_update().get(proposer=by, client_token=client_token)
            return proposal_save_draft(call=call, by=by, client_token=client_token, proposal=proposal, fields=fields)
        return proposal
    if proposal.call_id != call.pk or not permissions.can_edit_proposal(by, proposal):
        raise PermissionDenied
    _apply_fields(proposal, fields)
    proposal.full_clean()
    record_change_author(proposal, by)
    proposal.save()
    return proposal


def _validate_complete(proposal: Proposal) -> None:
    missing = [
        str(Proposal._meta.get_field(name).verbose_name)
        for name in ("title", "problem", "idea", "effect", "owning_department")
        if not getattr(proposal, name)
    ]
    if missing:
        raise ValidationError(
            _("Fill in every required field before submitting: %(fields)s.") % {"fields": ", ".join(missing)}
        )


@transaction.atomic
def proposal_submit(*, proposal: Proposal, by: User) -> Proposal:
    """Draft → submitted: numbers the proposal within its call and sends receipts.

    Safe against double clicks: the second call finds the proposal already submitted and
    raises ``ValidationError`` instead of numbering it twice. Appends ``proposal.submitted``
    to the decision ledger in the same transaction.
    """
    proposal = Proposal.objects.select_for_update().select_related("call").get(pk=proposal.pk)
    _ensure_call_open(proposal.call)
    if proposal.status != ProposalStatus.DRAFT:
        raise ValidationError(_("This proposal has already been submitted."))
    if not permissions.can_submit_proposal(by, proposal):
        raise PermissionDenied
    _validate_complete(proposal)
    call = _call_locked(proposal.call)
    number = call.next_reference_number
    Call.objects.filter(pk=call.pk).update(next_reference_number=number + 1)
    proposal.reference = f"{call.code}-{number:03d}"
    proposal.status = ProposalStatus.SUBMITTED
    proposal.submitted_at = timezone.now()
    record_change_author(proposal, by, reason="submitted")
    proposal.save()
    authors = [proposal.proposer] + [
        c.user for c in proposal.coproposers.select_related("user") if c.status == CoProposerStatus.ACCEPTED
    ]
    notify(
        kind="proposal_submitted",
        recipients=authors,
        about=proposal,
        context={"proposal": proposal, "call": call},
        url=proposal.get_absolute_url(),
    )
    proposal_submission_record(proposal=proposal, by=by)
    return proposal


def proposal_submission_record(*, proposal: Proposal, by: User | None) -> None:
    """Appends ``proposal.submitted`` to the decision ledger. Called by ``proposal_submit``;
    on its own only for submissions that came from elsewhere (the demo's 2019 call)."""
    coproposer_ids = proposal.coproposers.filter(status=CoProposerStatus.ACCEPTED).values_list("user_id", flat=True)
    ledger_append(
        kind=LedgerKind.PROPOSAL_SUBMITTED,
        obj=proposal,
        actor=by,
        data={
            "proposal_id": proposal.pk,
            "call_id": proposal.call_id,
            "reference": ledger_reference(proposal.reference),
            "proposer_id": proposal.proposer_id,
            "coproposer_ids": sorted(coproposer_ids),
            "owning_department_id": proposal.owning_department_id,
            "submitted_at": proposal.submitted_at,
        },
    )


@transaction.atomic
def proposal_withdraw(*, proposal: Proposal, by: User) -> Proposal:
    """Submitted → withdrawn by its proposer while the call is open; appends
    ``proposal.withdrawn`` to the decision ledger in the same transaction."""
    proposal = Proposal.objects.select_for_update().select_related("call").get(pk=proposal.pk)
    _ensure_call_open(proposal.call)
    if not permissions.can_withdraw_proposal(by, proposal):
        raise PermissionDenied
    from_status = proposal.status
    proposal.status = ProposalStatus.WITHDRAWN
    record_change_author(proposal, by, reason="withdrawn")
    proposal.save()
    ledger_append(
        kind=LedgerKind.PROPOSAL_WITHDRAWN,
        obj=proposal,
        actor=by,
        data={
            "proposal_id": proposal.pk,
            "call_id": proposal.call_id,
            "reference": ledger_reference(proposal.reference),
            "from_status": from_status,
        },
    )
    return proposal


ALLOWED_TRANSITIONS = {
    ProposalStatus.SUBMITTED: {ProposalStatus.SELECTED, ProposalStatus.NOT_SELECTED},
}


@transaction.atomic
def proposal_transition(*, proposal: Proposal, to: ProposalStatus, by: User | None, reason: str = "") -> Proposal:
    """The door for the screening outcome (submitted → selected / not selected).

    Callers (the screening decision) check the actor's right; this checks the transition.
    """
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if to not in ALLOWED_TRANSITIONS.get(ProposalStatus(proposal.status), set()):
        raise ValidationError(
            _("A proposal that is “%(current)s” cannot become “%(to)s”.")
            % {"current": proposal.get_status_display(), "to": ProposalStatus(to).label}
        )
    proposal.status = to
    record_change_author(proposal, by, reason=reason or f"status → {to}")
    # updated_at too: auto_now is only written when listed, and lists keyed on it (the
    # submissions rows) must see the new status at once.
    proposal.save(update_fields=["status", "updated_at"])
    return proposal


def proposals_touch(*, proposal_ids: Iterable[int]) -> None:
    """Records that what these proposals' pages show has changed without the proposal row
    itself being saved (a co-proposer's answer, a file, a department's answer, the lab): moves
    their ``updated_at``, which keys each page's cached body (``ProposalDetailView``) and the
    cached submissions rows. Called by the receivers that ``proposals.panels.
    touch_proposal_on_change`` connects, in the transaction of the change. It writes no history
    record: the change itself is recorded where it happens."""
    Proposal.objects.filter(pk__in=list(proposal_ids)).update(updated_at=timezone.now())


# --- Co-proposers ------------------------------------------------------------------------


@transaction.atomic
def proposal_set_coproposers(*, proposal: Proposal, users: list[User], by: User) -> None:
    """Invites new co-proposers and removes those no longer named (until the call closes)."""
    if not permissions.can_edit_proposal(by, proposal):
        raise PermissionDenied
    wanted = {u.pk: u for u in users if u.pk != proposal.proposer_id}
    existing = {c.user_id: c for c in proposal.coproposers.all()}
    for user_id, link in existing.items():
        if user_id not in wanted:
            record_change_author(link, by, reason="removed")
            link.delete()
    new_links = []
    for user_id, user in wanted.items():
        if user_id not in existing:
            link = CoProposer(proposal=proposal, user=user)
            record_change_author(link, by)
            link.save()
            new_links.append(link)
    if new_links:
        notify(
            kind="coproposer_invited",
            recipients=[link.user for link in new_links],
            about=proposal,
            context={"proposal": proposal, "inviter": by},
            url=proposal.get_absolute_url(),
        )


@transaction.atomic
def coproposer_respond(*, proposal: Proposal, by: User, accept: bool, volunteers: bool = False) -> CoProposer:
    """The invited colleague accepts (and may volunteer for the lab) or declines."""
    link = CoProposer.objects.select_for_update().filter(proposal=proposal, user=by).first()
    if link is None:
        raise PermissionDenied
    if not proposal.call.is_open:
        raise ValidationError(_("This call is closed. Proposals can no longer be written, changed or withdrawn."))
    link.status = CoProposerStatus.ACCEPTED if accept else CoProposerStatus.DECLINED
    link.volunteers = bool(volunteers and accept)
    link.responded_at = timezone.now()
    record_change_author(link, by, reason="accepted" if accept else "declined")
    link.save()
    return link


@transaction.atomic
def coproposer_set_volunteering(*, proposal: Proposal, by: User, volunteers: bool) -> None:
    """Proposer or accepted co-proposer says whether they would join the lab."""
    if not permissions.can_edit_proposal(by, proposal):
        raise PermissionDenied
    if proposal.proposer_id == by.pk:
        if proposal.proposer_volunteers == volunteers:
            return  # unchanged: no empty history entry
        proposal.proposer_volunteers = volunteers
        record_change_author(proposal, by)
        proposal.save(update_fields=["proposer_volunteers", "updated_at"])
        return
    link = CoProposer.objects.select_for_update().get(proposal=proposal, user=by)
    if link.volunteers == volunteers:
        return
    link.volunteers = volunteers
    record_change_author(link, by)
    link.save(update_fields=["volunteers"])


# --- Attachments -------------------------------------------------------------------------


@transaction.atomic
def attachment_add(*, proposal: Proposal, upload: UploadedFile, by: User) -> Attachment:
    """Stores an upload after checking its size against the call's limit and its type by
    extension and by content."""
    if not permissions.can_edit_proposal(by, proposal):
        raise PermissionDenied
    limit = proposal.call.attachment_max_bytes
    if upload.size > limit:
        raise ValidationError(
            _("“%(name)s” is larger than the limit of %(limit)s MB for this call.")
            % {"name": upload.name, "limit": proposal.call.attachment_max_mb}
        )
    kind = sniff_attachment_kind(upload)
    name = clean_text(upload.name)[-255:]
    attachment = Attachment(
        proposal=proposal, original_name=name, size=upload.size, kind=kind, uploaded_by=by
    )
    attachment.file.save("upload", upload, save=False)
    attachment.save()
    return attachment


@transaction.atomic
def attachment_delete(*, attachment: Attachment, by: User) -> None:
    if not permissions.can_edit_proposal(by, attachment.proposal):
        raise PermissionDenied
    attachment.file.delete(save=False)
    attachment.delete()
