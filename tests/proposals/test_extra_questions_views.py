"""Extra questions (추가 항목), the pages: the unit's list and form, the proposal form with the
call's questions, the proposal page; fixed query counts however many questions and answers."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from proposals.enums import ExtraKind, ProposalStatus
from proposals.models import ExtraAnswer, ExtraQuestion, Proposal
from tests.factories import ProposalFactory
from tests.factories.extras import ExtraAnswerFactory, ExtraQuestionFactory
from tests.proposals.helpers import proposal_data


def list_url(call):
    return reverse("proposals:extra-question-list", args=[call.pk])


def question_data(**overrides) -> dict:
    data = {
        "label": "관련 업무 경험",
        "kind": "long_text",
        "help_text": "",
        "max_length": "500",
        "choices": "",
        "position": "",
        "required": "on",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def test_the_unit_adds_a_question_through_the_form(iu_client, open_call):
    response = iu_client.post(
        reverse("proposals:extra-question-create", args=[open_call.pk]), question_data()
    )

    assert response.status_code == 302
    assert response["Location"] == list_url(open_call)
    question = ExtraQuestion.objects.get()
    assert (question.kind, question.max_length, question.required, question.position) == (
        ExtraKind.LONG_TEXT,
        500,
        True,
        1,
    )
    page = iu_client.get(list_url(open_call)).content.decode()
    assert "관련 업무 경험" in page


def test_a_refused_question_shows_the_error_and_writes_nothing(iu_client, open_call):
    response = iu_client.post(
        reverse("proposals:extra-question-create", args=[open_call.pk]),
        question_data(kind="single_choice", choices="하나뿐"),
    )
    assert response.status_code == 400
    assert not ExtraQuestion.objects.exists()


def test_an_answered_question_shows_its_fixed_fields_disabled(iu_client):
    question = ExtraAnswerFactory().question
    url = reverse("proposals:extra-question-update", args=[question.pk])

    page = iu_client.get(url).content.decode()
    assert 'name="label"' in page and "disabled" in page

    # A crafted POST cannot change a disabled field; the free ones change.
    response = iu_client.post(
        url,
        question_data(
            label="바뀐 질문",
            kind="short_text",
            max_length="200",
            required=None,
            help_text="예: 기간과 역할",
            position="5",
        ),
    )
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.label.startswith("추진 경험")
    assert (question.help_text, question.position) == ("예: 기간과 역할", 5)


def test_deleting_asks_first_and_keeps_answered_questions(iu_client, open_call):
    unanswered = ExtraQuestionFactory(call=open_call)
    answered = ExtraAnswerFactory(question__call=open_call).question
    delete = "proposals:extra-question-delete"

    assert (
        iu_client.post(reverse(delete, args=[unanswered.pk])).status_code == 200
    )  # the confirmation step
    assert ExtraQuestion.objects.filter(pk=unanswered.pk).exists()
    iu_client.post(reverse(delete, args=[unanswered.pk]), {"confirm": "1"})
    iu_client.post(reverse(delete, args=[answered.pk]), {"confirm": "1"})

    assert list(ExtraQuestion.objects.all()) == [answered]


def test_a_proposer_answers_with_the_draft_and_reads_the_answers(
    staff_client, open_call, department
):
    text = ExtraQuestionFactory(
        call=open_call,
        kind=ExtraKind.SHORT_TEXT,
        label="소속 팀",
        required=True,
        help_text="<b>팀 이름</b>",
    )
    choice = ExtraQuestionFactory(
        call=open_call, kind=ExtraKind.MULTIPLE_CHOICE, label="분야", choices="디지털\n복지\n환경"
    )
    yes_no = ExtraQuestionFactory(call=open_call, kind=ExtraKind.YES_NO, label="예산 필요")
    date = ExtraQuestionFactory(call=open_call, kind=ExtraKind.DATE, label="착수 희망일")
    create = reverse("proposals:proposal-create", args=[open_call.pk])

    form = staff_client.get(create).content.decode()
    assert f'name="extra_{text.pk}"' in form and 'data-required-for-submit="true"' in form
    assert "&lt;b&gt;팀 이름&lt;/b&gt;" in form  # the unit's help text is text, not markup

    response = staff_client.post(
        create,
        proposal_data(
            department=department,
            **{
                f"extra_{text.pk}": "데이터팀",
                f"extra_{choice.pk}": ["환경", "디지털"],
                f"extra_{yes_no.pk}": "yes",
                f"extra_{date.pk}": "2026.07.01",
            },
        ),
    )
    proposal = Proposal.objects.get()
    assert response.status_code == 302
    assert {a.question_id: a.value for a in ExtraAnswer.objects.all()} == {
        text.pk: "데이터팀",
        choice.pk: ["디지털", "환경"],
        yes_no.pk: True,
        date.pk: "2026-07-01",
    }

    page = staff_client.get(proposal.get_absolute_url()).content.decode()
    for shown in ("소속 팀", "데이터팀", "디지털, 환경", "착수 희망일", "2026-07-01"):
        assert shown in page
    edit = staff_client.get(
        reverse("proposals:proposal-update", args=[proposal.pk])
    ).content.decode()
    assert 'value="데이터팀"' in edit


def test_a_required_question_left_empty_keeps_the_submission_as_a_draft(
    staff_client, open_call, department
):
    question = ExtraQuestionFactory(call=open_call, required=True)
    create = reverse("proposals:proposal-create", args=[open_call.pk])

    response = staff_client.post(create, proposal_data(department=department, action="submit"))

    assert response.status_code == 400
    assert f"extra_{question.pk}" in response.context["form"].errors
    assert Proposal.objects.get().status == ProposalStatus.DRAFT
    assert not ExtraAnswer.objects.exists()


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("page", ["list", "proposal", "form"])
def test_pages_run_a_fixed_number_of_queries(client, innovation_unit, staff, open_call, page):
    proposal = ProposalFactory(
        call=open_call,
        proposer=staff,
        status=ProposalStatus.SUBMITTED if page == "list" else ProposalStatus.DRAFT,
    )

    def add(n):
        for _ in range(n):
            ExtraAnswerFactory(question__call=open_call, proposal=proposal)

    urls = {
        "list": (innovation_unit, list_url(open_call)),
        "proposal": (staff, proposal.get_absolute_url()),
        "form": (staff, reverse("proposals:proposal-update", args=[proposal.pk])),
    }
    user, url = urls[page]
    client.force_login(user)
    add(1)
    few = _count(client, url)
    add(12)
    assert _count(client, url) == few
