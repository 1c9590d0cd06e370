"""A proposal's life: its draft text, submission (numbered, receipts, ledger), withdrawal and
the screening outcome."""

import uuid

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from core.history import record_change_author
from ledger.enums import LedgerKind
from ledger.services import ledger_append
from notifications.services import notify

from .. import permissions
from ..enums import CoProposerStatus, ProposalStatus
from ..models import Call, Proposal
from ..selectors import proposal_authors
from .common import (
    PROPOSAL_TEXT_FIELDS,
    call_locked,
    clean_text,
    ensure_call_open,
    ledger_reference,
)
from .extra_questions import missing_required_questions


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
    ensure_call_open(call)
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
    missing += missing_required_questions(proposal)
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
    ensure_call_open(proposal.call)
    if proposal.status != ProposalStatus.DRAFT:
        raise ValidationError(_("This proposal has already been submitted."))
    if not permissions.can_submit_proposal(by, proposal):
        raise PermissionDenied
    _validate_complete(proposal)
    call = call_locked(proposal.call)
    number = call.next_reference_number
    Call.objects.filter(pk=call.pk).update(next_reference_number=number + 1)
    proposal.reference = f"{call.code}-{number:03d}"
    proposal.status = ProposalStatus.SUBMITTED
    proposal.submitted_at = timezone.now()
    record_change_author(proposal, by, reason="submitted")
    proposal.save()
    notify(
        kind="proposal_submitted",
        recipients=proposal_authors(proposal),
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


def proposal_selection_record(*, proposal: Proposal, by: User | None, screening_id=None, rank=None) -> None:
    """Appends ``screening.selected`` for one selected proposal. Called by ``screening_decide``
    (with its screening and the proposal's rank); on its own only for a selection made without
    a screening (the demo's 2018 pilot: ``screening_id`` and ``rank`` None)."""
    ledger_append(
        kind=LedgerKind.SCREENING_SELECTED,
        obj=proposal,
        actor=by,
        data={
            "proposal_id": proposal.pk,
            "call_id": proposal.call_id,
            "screening_id": screening_id,
            "reference": ledger_reference(proposal.reference),
            "rank": rank,
        },
    )


@transaction.atomic
def proposal_withdraw(*, proposal: Proposal, by: User) -> Proposal:
    """Submitted → withdrawn by its proposer while the call is open; appends
    ``proposal.withdrawn`` to the decision ledger in the same transaction."""
    proposal = Proposal.objects.select_for_update().select_related("call").get(pk=proposal.pk)
    ensure_call_open(proposal.call)
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
    # updated_at too: auto_now is only written when listed ("last changed" on the lists).
    proposal.save(update_fields=["status", "updated_at"])
    return proposal
