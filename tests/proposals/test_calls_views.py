from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import time_machine
from django.urls import reverse
from django.utils import translation

from notifications.models import Notification
from proposals.models import Call, CallNotice
from proposals.templatetags.proposals_tags import time_left
from tests.factories import CallFactory, ProposalFactory, SubmittedProposalFactory, UserFactory

SEOUL = ZoneInfo("Asia/Seoul")


def call_form_data(**overrides) -> dict:
    data = {
        "title": "2027년 G-랩 과제 공모",
        "code": "2027-G",
        "description": "도정 혁신 과제를 공모합니다.\n자세한 내용은 https://www.gyeongnam.go.kr 참고",
        "guidance": "제안서는 2쪽 이내로 작성해 주세요.",
        "opens_at": "2027-05-13T09:00",
        "closes_at": "2027-06-04T18:00",
        "attachment_max_mb": "10",
    }
    data.update(overrides)
    return data


def latest_record(obj):
    return obj.history.order_by("-history_id").first()


def test_innovation_unit_creates_a_call(iu_client, innovation_unit):
    response = iu_client.get(reverse("proposals:call-create"))
    assert response.status_code == 200

    response = iu_client.post(reverse("proposals:call-create"), call_form_data())

    call = Call.objects.get(code="2027-G")
    assert response.status_code == 302
    assert response["Location"] == call.get_absolute_url()
    assert call.title == "2027년 G-랩 과제 공모"
    assert call.opens_at == datetime(2027, 5, 13, 9, 0, tzinfo=SEOUL)
    assert call.closes_at == datetime(2027, 6, 4, 18, 0, tzinfo=SEOUL)
    assert call.attachment_max_mb == 10
    assert call.created_by == innovation_unit
    assert latest_record(call).history_user == innovation_unit

    page = iu_client.get(call.get_absolute_url()).content.decode()
    assert "2027년 G-랩 과제 공모" in page
    # Plain text with line breaks and links, nothing more.
    assert '<a href="https://www.gyeongnam.go.kr"' in page
    assert "2027-06-04 18:00" in page


def test_attachment_limit_defaults_to_ten_mb(iu_client):
    response = iu_client.get(reverse("proposals:call-create"))
    assert response.context["form"]["attachment_max_mb"].value() == 10


def test_call_must_close_after_it_opens(iu_client):
    response = iu_client.post(
        reverse("proposals:call-create"),
        call_form_data(opens_at="2027-06-04T18:00", closes_at="2027-05-13T09:00"),
    )
    assert response.status_code == 200
    assert "closes_at" in response.context["form"].errors
    assert not Call.objects.exists()


def test_innovation_unit_edits_a_call(iu_client, innovation_unit, open_call):
    response = iu_client.get(reverse("proposals:call-update", args=[open_call.pk]))
    assert response.status_code == 200

    data = call_form_data(
        title="수정된 공모",
        code=open_call.code,
        opens_at=open_call.opens_at.astimezone(SEOUL).strftime("%Y-%m-%dT%H:%M"),
        closes_at=open_call.closes_at.astimezone(SEOUL).strftime("%Y-%m-%dT%H:%M"),
        attachment_max_mb="20",
    )
    response = iu_client.post(reverse("proposals:call-update", args=[open_call.pk]), data)

    assert response.status_code == 302
    open_call.refresh_from_db()
    assert open_call.title == "수정된 공모"
    assert open_call.attachment_max_mb == 20
    assert latest_record(open_call).history_user == innovation_unit


def test_extending_the_deadline_is_recorded_and_announced_to_staff_with_drafts(
    iu_client, innovation_unit, open_call, django_capture_on_commit_callbacks, mailoutbox
):
    with_draft = UserFactory(full_name="초안작성자")
    ProposalFactory(call=open_call, proposer=with_draft)
    with_submission = UserFactory(full_name="제출완료자")
    SubmittedProposalFactory(call=open_call, proposer=with_submission)
    other_call_draft = ProposalFactory(call=CallFactory()).proposer
    old_closes_at = open_call.closes_at
    new_closes_at = (
        (old_closes_at + timedelta(days=3)).astimezone(SEOUL).replace(second=0, microsecond=0)
    )

    with django_capture_on_commit_callbacks(execute=True):
        response = iu_client.post(
            reverse("proposals:call-extend", args=[open_call.pk]),
            {"closes_at": new_closes_at.strftime("%Y-%m-%dT%H:%M")},
        )

    assert response.status_code == 302
    open_call.refresh_from_db()
    assert open_call.closes_at == new_closes_at
    record = latest_record(open_call)
    assert record.history_user == innovation_unit
    assert record.closes_at == new_closes_at
    assert record.prev_record.closes_at == old_closes_at
    notified = Notification.objects.filter(kind="call_deadline_extended")
    assert [n.recipient for n in notified] == [with_draft]
    assert with_submission not in {n.recipient for n in Notification.objects.all()}
    assert other_call_draft not in {n.recipient for n in Notification.objects.all()}
    assert [m.to for m in mailoutbox] == [[with_draft.email]]


def test_a_deadline_cannot_be_moved_earlier(iu_client, open_call):
    old = open_call.closes_at
    earlier = (old - timedelta(days=1)).astimezone(SEOUL)
    response = iu_client.post(
        reverse("proposals:call-extend", args=[open_call.pk]),
        {"closes_at": earlier.strftime("%Y-%m-%dT%H:%M")},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["closes_at"]
    open_call.refresh_from_db()
    assert open_call.closes_at == old


def test_notices_and_answers_appear_on_the_call_page(iu_client, open_call, client, staff):
    response = iu_client.post(
        reverse("proposals:call-notice-create", args=[open_call.pk]),
        {"question": "", "body": "공모 설명회를 5월 20일에 엽니다."},
    )
    assert response.status_code == 302
    response = iu_client.post(
        reverse("proposals:call-notice-create", args=[open_call.pk]),
        {"question": "공동 제안자는 몇 명까지 가능한가요?", "body": "제한은 없습니다."},
    )
    assert response.status_code == 302
    assert CallNotice.objects.filter(call=open_call).count() == 2

    client.force_login(staff)
    page = client.get(open_call.get_absolute_url()).content.decode()
    assert "공모 설명회를 5월 20일에 엽니다." in page
    assert "공동 제안자는 몇 명까지 가능한가요?" in page
    assert "제한은 없습니다." in page


def test_home_page_shows_open_calls_with_time_left(staff_client):
    now = datetime(2026, 5, 20, 10, 0, tzinfo=SEOUL)
    with time_machine.travel(now, tick=False):
        soon = CallFactory(
            title="곧 마감하는 공모",
            opens_at=now - timedelta(days=7),
            closes_at=now + timedelta(hours=3),
        )
        later = CallFactory(
            title="사흘 남은 공모",
            opens_at=now - timedelta(days=7),
            closes_at=now + timedelta(days=3),
        )
        CallFactory(
            title="마감된 공모",
            opens_at=now - timedelta(days=30),
            closes_at=now - timedelta(days=1),
        )
        CallFactory(
            title="예정된 공모",
            opens_at=now + timedelta(days=1),
            closes_at=now + timedelta(days=30),
        )
        response = staff_client.get(reverse("home"))
        page = response.content.decode()
        with translation.override(response.wsgi_request.LANGUAGE_CODE):
            assert time_left(soon.closes_at) in page
            assert time_left(later.closes_at) in page
            assert time_left(later.closes_at) == translation.gettext("D-%(days)s") % {"days": 3}
    assert "곧 마감하는 공모" in page
    assert "사흘 남은 공모" in page
    assert "마감된 공모" not in page
    assert "예정된 공모" not in page


# --- Who may manage calls ----------------------------------------------------------------


