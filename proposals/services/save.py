"""The proposal form's one POST (new proposal or edit), as one service."""

import uuid
from collections.abc import Iterable

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from accounts.models import User

from ..models import Call, Proposal
from .attachments import attachments_add
from .coproposers import coproposer_set_volunteering, proposal_set_coproposers
from .extra_questions import extra_answers_save
from .idea_bank import idea_bank_consent_set
from .proposals import proposal_save_draft, proposal_submit


@transaction.atomic
def proposal_save(
    *,
    call: Call,
    proposal: Proposal | None,
    by: User,
    client_token: uuid.UUID,
    fields: dict,
    coproposers: list[User] | None = None,
    volunteers: bool = False,
    attachments: Iterable[UploadedFile] = (),
    answers: dict | None = None,
    submit: bool = False,
    idea_bank: bool | None = None,
) -> Proposal:
    """Saves what the proposal form sent, all or nothing, and returns the proposal (submitted,
    with its reference, when ``submit``).

    The steps, in one transaction:

    1. the text (``proposal_save_draft``): a new draft on the first save (``proposal`` is
       ``None``), found again by ``client_token`` on a repeated POST;
    2. the co-proposers (``proposal_set_coproposers``), unless ``coproposers`` is ``None`` (the
       form did not offer them: a co-proposer is editing); new ones are invited, others removed;
    3. whether ``by`` volunteers for the lab (``coproposer_set_volunteering``);
    4. the new attachments (``attachments_add``: all checked, the proposal's limits included,
       before any is written);
    4a. the answers to the call's extra questions (``extra_answers_save``), unless ``answers``
       is ``None``;
    4b. whether ``by`` agrees to show the idea in the idea bank if it is routed and not
       selected (``idea_bank_consent_set``), unless ``idea_bank`` is ``None``;
    5. when ``submit``, the submission (``proposal_submit``).

    Side effects: history records of every change with ``by`` as author; notifications queued
    on commit (invitations to new co-proposers, receipts to the authors on submission); the
    uploaded files written to storage; on submission the call's next reference number and a
    ``proposal.submitted`` ledger entry. A ``ValidationError`` or ``PermissionDenied`` from any
    step rolls back every row the earlier steps wrote (no draft, link, attachment, history or
    notification remains); a file an earlier step already wrote to storage stays there,
    referenced by no row, until the daily sweep removes it (``core.storage.orphan_files_sweep``).
    """
    proposal = proposal_save_draft(call=call, by=by, client_token=client_token, proposal=proposal, fields=fields)
    if coproposers is not None:
        proposal_set_coproposers(proposal=proposal, users=coproposers, by=by)
    coproposer_set_volunteering(proposal=proposal, by=by, volunteers=volunteers)
    attachments_add(proposal=proposal, uploads=list(attachments), by=by)
    if answers is not None:
        extra_answers_save(proposal=proposal, by=by, answers=answers)
    if idea_bank is not None:
        idea_bank_consent_set(proposal=proposal, by=by, agreed=idea_bank)
    if submit:
        proposal = proposal_submit(proposal=proposal, by=by)
    return proposal
