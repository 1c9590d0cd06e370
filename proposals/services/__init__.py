"""Writes for calls and proposals. Every state change passes through one function here.

Each service checks the actor's right (raising ``PermissionDenied``) and the rule it enforces
(raising ``ValidationError`` with a translated message), locks the row on databases that
support it, saves, leaves the who/when in the history (django-simple-history records the
actor given as ``by``) and queues notifications through the outbox on commit.

The services live in modules by subject (``calls``, ``proposals``, ``coproposers``,
``attachments``, and ``save`` for the proposal form's one POST); this package re-exports them,
so ``from proposals import services`` and ``from proposals.services import …`` both work.
"""

from .attachments import (
    attachment_add,
    attachment_board_copy_build,
    attachment_delete,
    attachments_add,
    proposal_attachment_limits,
)
from .calls import call_create, call_extend_deadline, call_notice_post, call_set_phase, call_update
from .common import clean_text, ledger_reference
from .coproposers import coproposer_respond, coproposer_set_volunteering, proposal_set_coproposers
from .extra_questions import (
    extra_answers_save,
    extra_question_add,
    extra_question_delete,
    extra_question_update,
)
from .idea_bank import idea_bank_consent_set
from .proposals import (
    proposal_save_draft,
    proposal_selection_record,
    proposal_submission_record,
    proposal_submit,
    proposal_transition,
    proposal_withdraw,
)
from .questions import can_ask, question_answer, question_ask
from .save import proposal_save

__all__ = [
    "attachment_add",
    "attachment_board_copy_build",
    "attachment_delete",
    "attachments_add",
    "call_create",
    "call_extend_deadline",
    "call_notice_post",
    "call_set_phase",
    "call_update",
    "can_ask",
    "clean_text",
    "extra_answers_save",
    "extra_question_add",
    "extra_question_delete",
    "extra_question_update",
    "idea_bank_consent_set",
    "coproposer_respond",
    "coproposer_set_volunteering",
    "ledger_reference",
    "proposal_attachment_limits",
    "proposal_save",
    "proposal_save_draft",
    "proposal_set_coproposers",
    "proposal_selection_record",
    "proposal_submission_record",
    "proposal_submit",
    "proposal_transition",
    "question_answer",
    "question_ask",
    "proposal_withdraw",
]
