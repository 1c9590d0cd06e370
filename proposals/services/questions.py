"""Questions about a call (문의·답변): a member of staff asks privately; the innovation unit
answers (the asker is told) and chooses which answers to publish on the call's page, without the
asker's name. Publishing makes a ``CallNotice`` of kind "answer", the call page's one list of
notices and answers."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.permissions import is_innovation_unit
from accounts.selectors import innovation_unit_members
from notifications.services import notify

from ..enums import CallPhase, NoticeKind
from ..models import Call, CallNotice, CallQuestion
from .common import clean_text

ASKING_PHASES = (CallPhase.UPCOMING, CallPhase.OPEN)


def can_ask(user: User, call: Call) -> bool:
    """Anyone signed in may ask, from the call's announcement until its deadline."""
    return user.is_authenticated and user.is_active and call.phase in ASKING_PHASES


def _text(value: str, *, limit: int, empty_message: str) -> str:
    text = clean_text(value or "").strip()
    if not text:
        raise ValidationError(empty_message)
    if len(text) > limit:
        raise ValidationError(_("Write at most %(limit)s characters.") % {"limit": limit})
    return text


@transaction.atomic
def question_ask(*, call: Call, by: User, text: str) -> CallQuestion:
    """Stores the question and tells the innovation unit (one notification each)."""
    if not by.is_authenticated:
        raise PermissionDenied
    if not can_ask(by, call):
        raise ValidationError(_("Questions about this call are taken until its deadline."))
    question = CallQuestion.objects.create(
        call=call, asked_by=by, text=_text(text, limit=2000, empty_message=_("Write your question."))
    )
    notify(
        kind="call_question_asked",
        recipients=innovation_unit_members(),
        about=question,
        context={"call": call, "question": question},
        url=reverse("proposals:call-questions", args=[call.pk]),
    )
    return question


@transaction.atomic
def question_answer(*, question: CallQuestion, by: User, answer: str, publish: bool) -> CallQuestion:
    """Answers (or corrects the answer to) a question and tells the asker the first time. With
    ``publish`` the question and answer appear on the call's page (once; a corrected answer
    corrects the published one); without it a published pair stays published."""
    if not is_innovation_unit(by):
        raise PermissionDenied
    question = CallQuestion.objects.select_for_update().get(pk=question.pk)
    first_answer = question.answered_at is None
    question.answer = _text(answer, limit=4000, empty_message=_("Write the answer."))
    question.answered_by = by
    question.answered_at = question.answered_at or timezone.now()
    notice = question.published_notice
    if notice is not None:
        notice.body = question.answer
        notice.save(update_fields=["body"])
    elif publish:
        question.published_notice = CallNotice.objects.create(
            call=question.call, kind=NoticeKind.ANSWER, question=question.text, body=question.answer, created_by=by
        )
    question.save()
    if first_answer:
        notify(
            kind="call_question_answered",
            recipients=[question.asked_by],
            about=question,
            context={"call": question.call, "question": question},
            url=question.call.get_absolute_url() + "#questions-heading",
        )
    return question
