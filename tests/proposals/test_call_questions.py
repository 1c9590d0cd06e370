"""The call's page for proposers: schedule and contact, the criteria once published (fixed
from then on), and 문의·답변 — staff ask privately, the unit answers and chooses what to publish."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from notifications.models import Notification
from proposals import services
from proposals.enums import NoticeKind
from proposals.models import CallNotice, CallQuestion
from screening import services as screening_services
from tests.factories import CallFactory, UserFactory
from tests.factories.screening import setup_screening


def call_page(client, call) -> str:
    response = client.get(call.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


# --- schedule and contact -------------------------------------------------------------------


def test_the_call_page_shows_its_schedule_and_contact(staff_client):
    call = CallFactory(contact="혁신정책과 김혁신 주무관 055-211-0000", results_expected_on=date(2026, 7, 1))
    html = call_page(staff_client, call)
    assert "혁신정책과 김혁신 주무관 055-211-0000" in html
    assert 'datetime="2026-07-01"' in html and "2026-07-01" in html
    assert call.closes_at.astimezone(timezone.get_current_timezone()).strftime("%Y-%m-%d %H:%M") in html


def test_without_a_contact_or_results_date_the_page_says_so(staff_client, open_call):
    html = call_page(staff_client, open_call)
    assert gettext("to be announced") in html
    assert gettext("the innovation unit (ask a question below)") in html


# --- criteria: to be announced, then published and fixed --------------------------------------


@pytest.mark.django_db
def test_criteria_are_announced_only_once_published_and_then_fixed(client, innovation_unit):
    call = CallFactory()
    screening = setup_screening(call=call, by=innovation_unit, open_it=False)
    criterion = screening.criteria.first()
    assert gettext("The criteria will be announced here once the screening is set up.") in call_page(client, call)
    assert criterion.name not in call_page(client, call)

    screening_services.criteria_publish(screening=screening, by=innovation_unit)

    html = call_page(client, call)  # anonymous visitors too: the call page is public
    assert criterion.name in html and criterion.description in html
    with pytest.raises(ValidationError):
        screening_services.rubric_update(
            screening=screening, by=innovation_unit,
            rows=[{"id": criterion.pk, "name": "바뀐 기준", "description": "", "weight": 1}],
        )
    criterion.refresh_from_db()
    assert criterion.name != "바뀐 기준"


def test_publishing_the_criteria_asks_for_confirmation_first(iu_client, innovation_unit):
    call = CallFactory()
    screening = setup_screening(call=call, by=innovation_unit, open_it=False)
    url = reverse("screening:criteria-publish", args=[call.pk])

    response = iu_client.post(url)
    assert response.status_code == 200
    screening.refresh_from_db()
    assert screening.criteria_published_at is None

    response = iu_client.post(url, {"confirm": "1"})
    assert response.status_code == 302
    screening.refresh_from_db()
    assert screening.criteria_published_at is not None


def test_only_the_unit_publishes_criteria(staff, innovation_unit):
    screening = setup_screening(call=CallFactory(), by=innovation_unit, open_it=False)
    with pytest.raises(PermissionDenied):
        screening_services.criteria_publish(screening=screening, by=staff)


# --- questions ----------------------------------------------------------------------------------


def test_staff_ask_privately_and_the_unit_is_told(staff_client, staff, other_staff, open_call, innovation_unit):
    response = staff_client.post(
        reverse("proposals:call-question-ask", args=[open_call.pk]), {"text": "부서 공동 제안도 되나요?"}
    )
    assert response.status_code == 302
    question = CallQuestion.objects.get()
    assert question.asked_by == staff and question.call == open_call
    assert Notification.objects.filter(kind="call_question_asked", recipient=innovation_unit).count() == 1
    # The asker sees it on the call's page, waiting; a colleague does not see it at all.
    assert "부서 공동 제안도 되나요?" in call_page(staff_client, open_call)
    staff_client.force_login(other_staff)
    assert "부서 공동 제안도 되나요?" not in call_page(staff_client, open_call)


def test_an_empty_question_is_refused_and_nothing_is_written(staff_client, open_call):
    response = staff_client.post(reverse("proposals:call-question-ask", args=[open_call.pk]), {"text": "  "})
    assert response.status_code == 400
    assert not CallQuestion.objects.exists()
    assert not Notification.objects.exists()


def test_questions_are_taken_until_the_deadline(staff):
    closed = CallFactory(opens_at=timezone.now() - timedelta(days=10), closes_at=timezone.now() - timedelta(days=1))
    with pytest.raises(ValidationError):
        services.question_ask(call=closed, by=staff, text="아직 되나요?")
    assert not CallQuestion.objects.exists()


def test_the_unit_answers_the_asker_is_told_and_publishing_shows_it_without_the_name(
    client, staff, other_staff, innovation_unit, open_call
):
    question = services.question_ask(call=open_call, by=staff, text="첨부는 몇 개까지 되나요?")
    client.force_login(innovation_unit)
    page = client.get(reverse("proposals:call-questions", args=[open_call.pk]))
    assert page.status_code == 200 and "첨부는 몇 개까지 되나요?" in page.content.decode()
    assert staff.full_name in page.content.decode()  # the unit sees who asked

    response = client.post(
        reverse("proposals:call-question-answer", args=[question.pk]),
        {f"q{question.pk}-answer": "다섯 개까지 됩니다.", f"q{question.pk}-publish": "on"},
    )
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.answer == "다섯 개까지 됩니다." and question.answered_by == innovation_unit
    notice = CallNotice.objects.get()
    assert notice.kind == NoticeKind.ANSWER and notice.question == question.text
    assert Notification.objects.filter(kind="call_question_answered", recipient=staff).count() == 1

    client.force_login(other_staff)
    html = call_page(client, open_call)
    assert "첨부는 몇 개까지 되나요?" in html and "다섯 개까지 됩니다." in html
    assert staff.full_name not in html


def test_a_corrected_answer_corrects_the_published_one_and_tells_no_one_twice(staff, innovation_unit, open_call):
    question = services.question_ask(call=open_call, by=staff, text="질문")
    services.question_answer(question=question, by=innovation_unit, answer="첫 답변", publish=True)
    services.question_answer(question=question, by=innovation_unit, answer="고친 답변", publish=False)
    assert CallNotice.objects.get().body == "고친 답변"
    assert Notification.objects.filter(kind="call_question_answered").count() == 1


def test_an_unpublished_answer_stays_private(staff, other_staff, innovation_unit, open_call, client):
    question = services.question_ask(call=open_call, by=staff, text="개인 사정 질문")
    services.question_answer(question=question, by=innovation_unit, answer="비공개 답변", publish=False)
    assert not CallNotice.objects.exists()
    client.force_login(staff)
    assert "비공개 답변" in call_page(client, open_call)
    client.force_login(other_staff)
    assert "비공개 답변" not in call_page(client, open_call)


def test_only_the_unit_answers(staff, open_call):
    question = services.question_ask(call=open_call, by=staff, text="질문")
    with pytest.raises(PermissionDenied):
        services.question_answer(question=question, by=UserFactory(), answer="답", publish=True)


def test_the_call_page_queries_do_not_grow_with_questions(staff_client, staff, open_call):
    services.question_ask(call=open_call, by=staff, text="하나")
    staff_client.get(open_call.get_absolute_url())
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        staff_client.get(open_call.get_absolute_url())
    for n in range(10):
        services.question_ask(call=open_call, by=staff, text=f"질문 {n}")
    with CaptureQueriesContext(connection) as many:
        staff_client.get(open_call.get_absolute_url())
    assert len(many) == len(few)
