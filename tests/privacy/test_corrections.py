"""Correction requests: the services (submit, handle), who may do what, the person's page and
the innovation unit's queue and handling page."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from notifications.models import Notification
from privacy.corrections import correction_handle, correction_submit, corrections_purge
from privacy.enums import CorrectionStatus
from privacy.models import CorrectionRequest
from tests.factories import UserFactory, innovation_unit_user

pytestmark = pytest.mark.django_db


def submit(person, **kwargs) -> CorrectionRequest:
    data = {
        "section": "profile",
        "what_is_wrong": "부서가 복지정책과로 나옵니다.",
        "should_be": "청년정책과",
        **kwargs,
    }
    return correction_submit(by=person, **data)


def test_submit_stores_the_request_and_tells_the_unit_but_not_the_requester(staff, innovation_unit):
    other_unit_member = innovation_unit_user()
    correction = submit(staff)
    assert (correction.requester, correction.status, correction.section) == (
        staff,
        CorrectionStatus.PENDING,
        "profile",
    )
    told = set(
        Notification.objects.filter(kind="privacy_correction_requested").values_list(
            "recipient_id", flat=True
        )
    )
    assert told == {innovation_unit.pk, other_unit_member.pk}
    notice = Notification.objects.filter(kind="privacy_correction_requested").first()
    assert "부서가" not in notice.body_text  # the request's text stays out of the email
    assert correction.history.count() == 1 and correction.history.first().history_user == staff


def test_a_unit_member_asking_is_not_told_of_their_own_request(innovation_unit):
    submit(innovation_unit)
    assert not Notification.objects.filter(
        recipient=innovation_unit, kind="privacy_correction_requested"
    ).exists()


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"what_is_wrong": "  "}, None),
        ({"should_be": ""}, None),
        ({"section": "no-such-section"}, "section"),
        ({"what_is_wrong": "가" * 2001}, None),
    ],
)
def test_submit_refuses_an_incomplete_request(staff, data, field):
    with pytest.raises(ValidationError) as caught:
        submit(staff, **data)
    if field:
        assert field in caught.value.message_dict
    assert not CorrectionRequest.objects.exists()


def test_something_else_is_a_request_without_a_section(staff):
    assert submit(staff, section="").section_title


def test_handle_corrected_tells_the_requester_once_and_is_recorded(staff, innovation_unit):
    correction = correction_handle(
        correction=submit(staff),
        by=innovation_unit,
        corrected=True,
        outcome="인사 시스템에서 부서를 고쳤습니다.",
    )
    assert (correction.status, correction.handled_by, correction.outcome) == (
        CorrectionStatus.CORRECTED,
        innovation_unit,
        "인사 시스템에서 부서를 고쳤습니다.",
    )
    assert correction.handled_at is not None
    notice = Notification.objects.get(kind="privacy_correction_handled")
    assert notice.recipient == staff and "인사 시스템에서 부서를 고쳤습니다." in notice.body_text
    assert notice.url == reverse("privacy:my-data") + "#corrections-heading"
    assert [h.status for h in correction.history.order_by("history_date")] == [
        "pending",
        "corrected",
    ]
    assert correction.history.latest("history_date").history_user == innovation_unit
    with pytest.raises(ValidationError):
        correction_handle(
            correction=correction, by=innovation_unit, corrected=False, outcome="다시"
        )
    assert Notification.objects.filter(kind="privacy_correction_handled").count() == 1


def test_answered_requests_go_with_their_history_after_the_retention_waiting_ones_stay(
    staff, innovation_unit, settings
):
    settings.CORRECTION_RETENTION_DAYS = 30
    answered = correction_handle(correction=submit(staff), by=innovation_unit, corrected=True, outcome="고쳤습니다.")
    waiting = submit(staff)
    CorrectionRequest.objects.filter(pk=waiting.pk).update(submitted_at=answered.handled_at - timedelta(days=400))
    assert corrections_purge(now=answered.handled_at + timedelta(days=29)) == 0
    assert corrections_purge(now=answered.handled_at + timedelta(days=31)) == 1
    assert list(CorrectionRequest.objects.values_list("pk", flat=True)) == [waiting.pk]
    assert not CorrectionRequest.history.filter(id=answered.pk).exists()
    assert CorrectionRequest.history.filter(id=waiting.pk).exists()


def test_handle_refused_needs_the_reason(staff, innovation_unit):
    correction = submit(staff)
    with pytest.raises(ValidationError):
        correction_handle(correction=correction, by=innovation_unit, corrected=False, outcome=" ")
    correction = correction_handle(
        correction=correction, by=innovation_unit, corrected=False, outcome="사실과 같습니다."
    )
    assert correction.status == CorrectionStatus.REFUSED


def test_only_the_unit_handles_and_nobody_their_own_request(staff, other_staff, innovation_unit):
    with pytest.raises(PermissionDenied):
        correction_handle(correction=submit(staff), by=other_staff, corrected=True, outcome="고침")
    own = submit(innovation_unit)
    with pytest.raises(PermissionDenied):
        correction_handle(correction=own, by=innovation_unit, corrected=True, outcome="고침")
    assert not CorrectionRequest.objects.exclude(status=CorrectionStatus.PENDING).exists()


def test_a_person_asks_on_their_page_and_sees_the_answer_there(
    staff_client, staff, innovation_unit
):
    url = reverse("privacy:my-data")
    response = staff_client.post(url, {"section": "profile", "what_is_wrong": "", "should_be": ""})
    assert response.status_code == 400 and not CorrectionRequest.objects.exists()
    response = staff_client.post(
        url, {"section": "profile", "what_is_wrong": "이메일이 틀립니다.", "should_be": "a@b.kr"}
    )
    assert response.status_code == 302 and response["Location"].endswith("#corrections-heading")
    correction = CorrectionRequest.objects.get(requester=staff)
    correction_handle(
        correction=correction, by=innovation_unit, corrected=False, outcome="인사 자료와 같습니다."
    )
    html = staff_client.get(url).content.decode()
    assert "이메일이 틀립니다." in html and "인사 자료와 같습니다." in html


def test_the_unit_handles_a_request_on_its_page(iu_client, staff, innovation_unit):
    correction = submit(staff)
    url = reverse("privacy:correction-detail", args=[correction.pk])
    page = iu_client.get(url)
    assert page.status_code == 200 and "부서가 복지정책과로 나옵니다." in page.content.decode()
    assert iu_client.post(url, {"result": "corrected", "outcome": ""}).status_code == 400
    response = iu_client.post(url, {"result": "corrected", "outcome": "고쳤습니다."})
    assert response.status_code == 302 and response["Location"] == reverse(
        "privacy:correction-list"
    )
    correction.refresh_from_db()
    assert correction.status == CorrectionStatus.CORRECTED
    assert iu_client.post(url, {"result": "refused", "outcome": "다시"}).status_code == 400


def test_a_unit_member_cannot_handle_their_own_request_on_the_page(iu_client, innovation_unit):
    correction = submit(innovation_unit)
    url = reverse("privacy:correction-detail", args=[correction.pk])
    assert 'name="outcome"' not in iu_client.get(url).content.decode()
    assert iu_client.post(url, {"result": "corrected", "outcome": "고침"}).status_code == 403


def test_staff_cannot_open_the_queue_or_a_request(staff_client, other_staff):
    correction = submit(other_staff)
    assert staff_client.get(reverse("privacy:correction-list")).status_code == 403
    detail = reverse("privacy:correction-detail", args=[correction.pk])
    assert staff_client.get(detail).status_code == 403
    assert staff_client.post(detail, {"result": "corrected", "outcome": "x"}).status_code == 403


def test_the_queue_filters_by_status(iu_client, innovation_unit):
    waiting = submit(UserFactory(full_name="대기중"))
    handled = correction_handle(
        correction=submit(UserFactory(full_name="처리됨")),
        by=innovation_unit,
        corrected=True,
        outcome="고침",
    )
    html = iu_client.get(reverse("privacy:correction-list"), {"status": "pending"}).content.decode()
    assert reverse("privacy:correction-detail", args=[waiting.pk]) in html
    assert reverse("privacy:correction-detail", args=[handled.pk]) not in html


def _queue_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("privacy:correction-list")).status_code == 200
    return len(queries)


def test_the_queue_runs_the_same_queries_for_few_and_many_requests(iu_client):
    submit(UserFactory())
    few = _queue_queries(iu_client)
    for _ in range(12):
        submit(UserFactory())
    assert _queue_queries(iu_client) == few
