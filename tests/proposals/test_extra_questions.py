"""Extra questions (추가 항목), the services: adding, the change rule once answered, deleting,
answers saved with the draft, and required questions on submission."""

import uuid

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from proposals.enums import ExtraKind, ProposalStatus
from proposals.extra_answers import answers_for
from proposals.models import ExtraAnswer, ExtraQuestion
from proposals.services import (
    extra_answers_save,
    extra_question_add,
    extra_question_delete,
    extra_question_update,
    proposal_save,
    proposal_submit,
)
from tests.factories import ProposalFactory
from tests.factories.extras import ExtraAnswerFactory, ExtraQuestionFactory
from tests.factories.screening import ClosedCallFactory

CHOICES = {"kind": ExtraKind.SINGLE_CHOICE, "label": "희망 분야", "choices": "디지털\n복지\n환경"}


@pytest.fixture(autouse=True)
def _english_messages():
    """The refusals are matched by their English msgids (the service's words, not the catalogue's)."""
    with translation.override("en"):
        yield


def test_the_unit_adds_questions_in_order(innovation_unit, open_call):
    first = extra_question_add(
        call=open_call, by=innovation_unit, fields={"kind": "short_text", "label": "소속 팀"}
    )
    second = extra_question_add(call=open_call, by=innovation_unit, fields=CHOICES)

    assert [q.pk for q in open_call.extra_questions.all()] == [first.pk, second.pk]
    assert (first.position, second.position) == (1, 2)
    assert first.max_length == 200  # the default limit of short text
    assert second.choice_list == ["디지털", "복지", "환경"]
    assert second.max_length is None
    assert first.history.get().history_user == innovation_unit


def test_staff_cannot_add_a_question(staff, open_call):
    with pytest.raises(PermissionDenied):
        extra_question_add(
            call=open_call, by=staff, fields={"kind": "short_text", "label": "소속 팀"}
        )
    assert not ExtraQuestion.objects.exists()


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"kind": "short_text", "label": "  "}, "Write the question."),
        ({"kind": "single_choice", "label": "분야", "choices": "디지털"}, "at least two choices"),
        (
            {"kind": "multiple_choice", "label": "분야", "choices": "가\n가"},
            "Each choice must be different.",
        ),
        ({"kind": "long_text", "label": "경험", "max_length": 20000}, "between 1 and 10000"),
    ],
)
def test_a_malformed_question_is_refused(innovation_unit, open_call, fields, message):
    with pytest.raises(ValidationError, match=message):
        extra_question_add(call=open_call, by=innovation_unit, fields=fields)
    assert not ExtraQuestion.objects.exists()


def test_no_question_is_added_once_the_call_closed(innovation_unit):
    call = ClosedCallFactory()
    with pytest.raises(ValidationError, match="until the call closes"):
        extra_question_add(
            call=call, by=innovation_unit, fields={"kind": "short_text", "label": "소속 팀"}
        )
    assert not ExtraQuestion.objects.exists()


def test_an_unanswered_question_changes_freely(innovation_unit, open_call):
    question = ExtraQuestionFactory(call=open_call)
    extra_question_update(
        question=question, by=innovation_unit, fields={**CHOICES, "required": True}
    )
    question.refresh_from_db()
    assert (question.kind, question.label, question.required) == (
        ExtraKind.SINGLE_CHOICE,
        "희망 분야",
        True,
    )


@pytest.mark.parametrize(
    "change",
    [{"label": "다른 질문"}, {"required": True}, {"max_length": 50}, {"kind": "long_text"}],
)
def test_an_answered_question_keeps_its_meaning(innovation_unit, change):
    answer = ExtraAnswerFactory()
    question = answer.question
    fields = {
        name: getattr(question, name)
        for name in (
            "kind",
            "label",
            "help_text",
            "required",
            "max_length",
            "choices",
            "position",
            "hidden_from_board",
        )
    }
    with pytest.raises(ValidationError, match="only its help text, its order"):
        extra_question_update(question=question, by=innovation_unit, fields={**fields, **change})
    question.refresh_from_db()
    assert (
        question.label.startswith("추진 경험")
        and question.required is False
        and question.max_length == 200
    )
    assert question.kind == ExtraKind.SHORT_TEXT


def test_an_answered_question_changes_its_help_text_order_and_board_visibility(innovation_unit):
    question = ExtraAnswerFactory().question
    fields = {
        name: getattr(question, name)
        for name in ("kind", "label", "required", "max_length", "choices")
    }
    extra_question_update(
        question=question,
        by=innovation_unit,
        fields={
            **fields,
            "help_text": "구체적으로 적으세요.",
            "position": 9,
            "hidden_from_board": True,
        },
    )
    question.refresh_from_db()
    assert (question.help_text, question.position, question.hidden_from_board) == (
        "구체적으로 적으세요.",
        9,
        True,
    )


def test_only_an_unanswered_question_is_deleted(innovation_unit):
    answered = ExtraAnswerFactory().question
    unanswered = ExtraQuestionFactory(call=answered.call)

    extra_question_delete(question=unanswered, by=innovation_unit)
    with pytest.raises(ValidationError, match="cannot be deleted"):
        extra_question_delete(question=answered, by=innovation_unit)

    assert list(ExtraQuestion.objects.all()) == [answered]


def test_answers_are_checked_against_their_question(staff, open_call):
    proposal = ProposalFactory(call=open_call, proposer=staff)
    text = ExtraQuestionFactory(call=open_call, max_length=5)
    choice = ExtraQuestionFactory(call=open_call, **CHOICES)
    several = ExtraQuestionFactory(
        call=open_call, kind=ExtraKind.MULTIPLE_CHOICE, choices="가\n나\n다"
    )
    yes_no = ExtraQuestionFactory(call=open_call, kind=ExtraKind.YES_NO)
    date = ExtraQuestionFactory(call=open_call, kind=ExtraKind.DATE)

    for bad in (
        {text.pk: "여섯 글자 초과"},
        {choice.pk: "없는 분야"},
        {several.pk: ["가", "라"]},
        {yes_no.pk: "예"},
    ):
        with pytest.raises(ValidationError):
            extra_answers_save(proposal=proposal, by=staff, answers=bad)
    assert not ExtraAnswer.objects.exists()

    extra_answers_save(
        proposal=proposal,
        by=staff,
        answers={
            text.pk: " 다섯글자 ",
            choice.pk: "복지",
            several.pk: ["다", "가"],
            yes_no.pk: False,
            date.pk: "2026-07-01",
        },
    )
    rows = {row.question.pk: row.text for row in answers_for(proposal, for_board=False)}
    assert rows == {
        text.pk: "다섯글자",
        choice.pk: "복지",
        several.pk: "가, 다",
        yes_no.pk: translation.gettext("No"),
        date.pk: "2026-07-01",
    }

    extra_answers_save(proposal=proposal, by=staff, answers={text.pk: ""})
    assert not ExtraAnswer.objects.filter(question=text).exists()


def test_only_an_author_answers(other_staff, open_call):
    proposal = ProposalFactory(call=open_call)
    question = ExtraQuestionFactory(call=open_call)
    with pytest.raises(PermissionDenied):
        extra_answers_save(proposal=proposal, by=other_staff, answers={question.pk: "남의 답"})
    assert not ExtraAnswer.objects.exists()


def test_a_question_of_another_call_is_refused(staff, open_call):
    proposal = ProposalFactory(call=open_call, proposer=staff)
    elsewhere = ExtraQuestionFactory()
    with pytest.raises(ValidationError):
        extra_answers_save(proposal=proposal, by=staff, answers={elsewhere.pk: "답"})
    assert not ExtraAnswer.objects.exists()


def test_a_required_question_must_be_answered_to_submit(staff, open_call):
    question = ExtraQuestionFactory(call=open_call, required=True, label="추진 경험")
    proposal = ProposalFactory(call=open_call, proposer=staff)

    with pytest.raises(ValidationError, match="추진 경험"):
        proposal_submit(proposal=proposal, by=staff)
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.DRAFT

    extra_answers_save(proposal=proposal, by=staff, answers={question.pk: "있습니다."})
    assert proposal_submit(proposal=proposal, by=staff).status == ProposalStatus.SUBMITTED


def test_answers_travel_with_the_draft_all_or_nothing(staff, open_call, department):
    question = ExtraQuestionFactory(call=open_call, required=True, max_length=10)
    fields = {
        "title": "제안",
        "problem": "문제",
        "idea": "생각",
        "effect": "효과",
        "owning_department": department,
    }

    with pytest.raises(ValidationError):
        proposal_save(
            call=open_call,
            proposal=None,
            by=staff,
            client_token=uuid.uuid4(),
            fields=fields,
            answers={question.pk: "열 글자를 훌쩍 넘는 답변입니다"},
        )
    assert not ExtraAnswer.objects.exists()
    assert not open_call.proposals.exists()

    proposal = proposal_save(
        call=open_call,
        proposal=None,
        by=staff,
        client_token=uuid.uuid4(),
        fields=fields,
        answers={question.pk: "짧은 답"},
        submit=True,
    )
    assert proposal.status == ProposalStatus.SUBMITTED
    assert ExtraAnswer.objects.get().value == "짧은 답"


def test_the_board_reads_leave_out_hidden_questions(open_call):
    shown = ExtraAnswerFactory(question__call=open_call)
    hidden = ExtraAnswerFactory(
        question__call=open_call, question__hidden_from_board=True, proposal=shown.proposal
    )

    board = answers_for(shown.proposal, for_board=True)
    unit = answers_for(shown.proposal, for_board=False)

    assert [row.question for row in board] == [shown.question]
    assert [row.question for row in unit] == [shown.question, hidden.question]
