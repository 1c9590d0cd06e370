"""The innovation unit sends every failed email again from the outbox, in one step."""

import pytest

from notifications.enums import EmailStatus
from notifications.models import Notification
from tests.factories import UserFactory, innovation_unit_user


@pytest.fixture
def failed_emails(transactional_db):
    rows = [
        Notification.objects.create(
            recipient=UserFactory(), kind="proposal_submitted", key=f"proposal_submitted:{i}",
            subject=f"접수 확인 {i}", body_text="본문", email_status=EmailStatus.FAILED, attempts=5,
            last_error="SMTPServerDisconnected",
        )
        for i in range(3)
    ]
    return innovation_unit_user(full_name="박혁신"), rows


def test_the_unit_sends_every_failed_email_again(page, visit, login, axe_check, failed_emails):
    innovation_unit, rows = failed_emails
    login(innovation_unit)
    visit("/notifications/outbox/?status=failed")
    page.get_by_role("button", name="실패한 이메일 3건 모두 다시 보내기").click()
    page.wait_for_load_state("load")
    assert "실패한 이메일 3건을 다시 발송 대기열에 넣었습니다." in page.content()
    axe_check(page)
    assert not Notification.objects.filter(pk__in=[r.pk for r in rows], email_status=EmailStatus.FAILED).exists()
