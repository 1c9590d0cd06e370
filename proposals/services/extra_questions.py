"""Extra questions (추가 항목): the innovation unit adds questions to a call's proposal form, and
proposers answer them with their draft.

The change rule: a question nobody has answered may change freely, or be deleted. Once a
proposal has answered it, its meaning is fixed: its kind, wording, choices, character limit and
whether it is required stay as they are, and it cannot be deleted; only its help text, its
position in the form and whether the screening board sees it may change. Questions are added
only until the call closes, so every proposal submitted on time had the chance to answer them.

A file answer is one of the proposal's attachments (the same type checks, limits, and board
copy without its makers' names); it is removed with that attachment.
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from core.history import record_change_author

from .. import permissions
from ..enums import CHOICE_KINDS, TEXT_KINDS, CallPhase, ExtraKind
from ..models import Call, ExtraAnswer, ExtraQuestion, Proposal
from .attachments import attachment_delete, attachments_add
from .common import clean_text

# What an answered question may no longer change.
FROZEN_FIELDS = ("kind", "label", "required", "max_length", "choices")
# What may always change.
FREE_FIELDS = ("help_text", "position", "hidden_from_board")
QUESTION_FIELDS = FROZEN_FIELDS + FREE_FIELDS
ADDING_PHASES = (CallPhase.UPCOMING, CallPhase.OPEN)
DEFAULT_LIMITS = {ExtraKind.SHORT_TEXT: 200, ExtraKind.LONG_TEXT: 2000}
MAX_LIMITS = {ExtraKind.SHORT_TEXT: 500, ExtraKind.LONG_TEXT: 10000}


def _ensure_manager(user: User, call: Call) -> None:
    if not permissions.can_manage_extra_questions(user, call):
        raise PermissionDenied


def _normalised(fields: dict) -> dict:
    """The question's fields, cleaned and made consistent with its kind."""
    kind = ExtraKind(fields["kind"])
    values = {name: fields.get(name) for name in QUESTION_FIELDS}
    values["label"] = clean_text(values["label"] or "").strip()
    values["help_text"] = clean_text(values["help_text"] or "").strip()
    values["required"] = bool(values["required"])
    values["hidden_from_board"] = bool(values["hidden_from_board"])
    values["position"] = values["position"] or 0
    if not values["label"]:
        raise ValidationError(_("Write the question."))
    if kind in TEXT_KINDS:
        limit = values["max_length"] or DEFAULT_LIMITS[kind]
        if not 1 <= limit <= MAX_LIMITS[kind]:
            raise ValidationError(
                _("The character limit must be between 1 and %(max)s.") % {"max": MAX_LIMITS[kind]}
            )
        values["max_length"] = limit
    else:
        values["max_length"] = None
    if kind in CHOICE_KINDS:
        lines = [clean_text(line).strip() for line in (values["choices"] or "").splitlines()]
        lines = [line for line in lines if line]
        if len(lines) < 2:
            raise ValidationError(_("Give at least two choices, one per line."))
        if len(set(lines)) != len(lines):
            raise ValidationError(_("Each choice must be different."))
        values["choices"] = "\n".join(lines)
    else:
        values["choices"] = ""
    return values


@transaction.atomic
def extra_question_add(*, call: Call, by: User, fields: dict) -> ExtraQuestion:
    """Adds a question to the call's form (the innovation unit, until the call closes). Without
    a position it goes last."""
    _ensure_manager(by, call)
    call = Call.objects.select_for_update().get(pk=call.pk)
    if call.phase not in ADDING_PHASES:
        raise ValidationError(_("Questions can be added only until the call closes."))
    values = _normalised(fields)
    if not fields.get("position"):
        last = call.extra_questions.order_by("-position").values_list("position", flat=True).first()
        values["position"] = (last or 0) + 1
    question = ExtraQuestion(call=call, **values)
    record_change_author(question, by)
    question.save()
    return question


def is_answered(question: ExtraQuestion) -> bool:
    return question.answers.exists()


@transaction.atomic
def extra_question_update(*, question: ExtraQuestion, by: User, fields: dict) -> ExtraQuestion:
    """Changes a question. Once answered, only its help text, position and visibility to the
    board may change (``FREE_FIELDS``); a change to anything else is refused, all of it."""
    question = ExtraQuestion.objects.select_for_update().select_related("call").get(pk=question.pk)
    _ensure_manager(by, question.call)
    values = _normalised({**fields, "kind": fields.get("kind") or question.kind})
    if not fields.get("position"):
        values["position"] = question.position  # left empty: the question keeps its place
    if is_answered(question):
        changed = [name for name in FROZEN_FIELDS if values[name] != getattr(question, name)]
        if changed:
            raise ValidationError(
                _(
                    "Proposals have already answered this question, so only its help text, its order and "
                    "whether the board sees it can change."
                )
            )
    for name, value in values.items():
        setattr(question, name, value)
    record_change_author(question, by)
    question.save()
    return question


@transaction.atomic
def extra_question_delete(*, question: ExtraQuestion, by: User) -> None:
    question = ExtraQuestion.objects.select_for_update().select_related("call").get(pk=question.pk)
    _ensure_manager(by, question.call)
    if is_answered(question):
        raise ValidationError(
            _("Proposals have already answered this question, so it cannot be deleted.")
        )
    record_change_author(question, by)
    question.delete()


# --- Answers -------------------------------------------------------------------------------


def answer_value(question: ExtraQuestion, value):
    """The value to store for ``value`` (from the form), checked against the question; ``None``
    for no answer. Raises ``ValidationError`` for a value the question does not allow."""
    kind = question.kind
    if ExtraAnswer.is_empty(value):
        return None
    if kind in TEXT_KINDS:
        text = clean_text(str(value)).strip()
        if len(text) > (question.max_length or DEFAULT_LIMITS[kind]):
            raise ValidationError(
                _("“%(question)s” allows at most %(limit)s characters.")
                % {"question": question.label, "limit": question.max_length}
            )
        return text or None
    if kind == ExtraKind.YES_NO:
        if value not in (True, False):
            raise ValidationError(_("Answer yes or no."))
        return value
    if kind == ExtraKind.FILE:
        if not isinstance(value, UploadedFile):
            raise ValidationError(_("Choose a file."))
        return value
    if kind == ExtraKind.DATE:
        if isinstance(value, datetime.date):
            return value.isoformat()
        return datetime.date.fromisoformat(str(value)).isoformat()
    choices = question.choice_list
    picked = value if isinstance(value, list) else [value]
    if any(item not in choices for item in picked):
        raise ValidationError(_("Choose from the listed choices."))
    if kind == ExtraKind.SINGLE_CHOICE:
        if len(picked) != 1:
            raise ValidationError(_("Choose one."))
        return picked[0]
    return [item for item in choices if item in picked]


def extra_answers_save(*, proposal: Proposal, by: User, answers: dict[int, object]) -> None:
    """Saves the proposal's answers (question id → value) to its call's questions; an empty
    value removes the answer. Called by ``proposal_save`` inside its transaction, after the
    draft is saved (so its edit right is already checked)."""
    if not answers:
        return
    if not permissions.is_author(by, proposal):
        raise PermissionDenied
    questions = {q.pk: q for q in proposal.call.extra_questions.all()}
    existing = {a.question_id: a for a in proposal.extra_answers.select_related("attachment")}
    for question_id, raw in answers.items():
        question = questions.get(question_id)
        if question is None:
            raise ValidationError(_("This question is not part of the call's form."))
        value = answer_value(question, raw)
        answer = existing.get(question_id)
        if question.kind == ExtraKind.FILE and value is not None:
            _save_file_answer(proposal, question, value, answer, by)
            continue
        if value is None:
            if answer is not None:
                record_change_author(answer, by)
                answer.delete()
            continue
        if answer is None:
            answer = ExtraAnswer(proposal=proposal, question=question, value=value)
        elif answer.value == value:
            continue
        answer.value = value
        record_change_author(answer, by)
        answer.save()


def _save_file_answer(proposal, question, upload, answer, by) -> None:
    """A file answer is stored as one of the proposal's attachments (``attachments_add``: the
    same type checks, limits and board copy); a new file replaces the answer's previous one."""
    (attachment,) = attachments_add(proposal=proposal, uploads=[upload], by=by)
    previous = answer.attachment if answer is not None else None
    if answer is None:
        answer = ExtraAnswer(proposal=proposal, question=question)
    answer.value = attachment.original_name
    answer.attachment = attachment
    record_change_author(answer, by)
    answer.save()
    if previous is not None:
        attachment_delete(attachment=previous, by=by)


def missing_required_questions(proposal: Proposal) -> list[str]:
    """The labels of the call's required questions the proposal has not answered."""
    answered = set(proposal.extra_answers.values_list("question_id", flat=True))
    return [
        q.label for q in proposal.call.extra_questions.filter(required=True) if q.pk not in answered
    ]
