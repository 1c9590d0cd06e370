"""The outbox page: innovation unit only, filters, and sending a failed email again."""

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation

from notifications.enums import EmailStatus
from notifications.models import Notification
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

OUTBOX = reverse("notifications:outbox")


def _row(status=EmailStatus.SENT, kind="reminder_call_opened", **fields):
    user = fields.pop("recipient", None) or UserFactory()
    n = Notification.objects.count()
    return Notification.objects.create(
        recipient=user, kind=kind, key=f"{kind}:{n}:{user.pk}", subject=f"제목 {n}", body_text="본문",
        email_status=status, **fields,
    )


@pytest.mark.parametrize("method", ["get", "post"])
def test_anonymous_is_sent_to_sign_in(client, method):
    failed = _row(EmailStatus.FAILED)
    url = OUTBOX if method == "get" else reverse("notifications:outbox-retry", args=[failed.pk])
    response = getattr(client, method)(url)
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]
    failed.refresh_from_db()
    assert failed.email_status == EmailStatus.FAILED


def test_staff_are_refused(staff_client):
    failed = _row(EmailStatus.FAILED, attempts=5)
    assert staff_client.get(OUTBOX).status_code == 403
    assert staff_client.post(reverse("notifications:outbox-retry", args=[failed.pk])).status_code == 403
    failed.refresh_from_db()
    assert (failed.email_status, failed.attempts) == (EmailStatus.FAILED, 5)
    assert mail.outbox == []


def test_unknown_notification_is_404(iu_client):
    assert iu_client.post(reverse("notifications:outbox-retry", args=[999999])).status_code == 404


def test_innovation_unit_filters_by_status_and_kind(iu_client):
    sent = _row(EmailStatus.SENT)
    failed = _row(EmailStatus.FAILED, last_error="SMTPServerDisconnected: gone")
    dropped = _row(EmailStatus.DROPPED, kind="reminder_call_closing_draft")
    response = iu_client.get(OUTBOX)
    assert response.status_code == 200
    assert {n.pk for n in response.context["notifications"]} == {sent.pk, failed.pk, dropped.pk}
    response = iu_client.get(OUTBOX, {"status": "failed"})
    assert [n.pk for n in response.context["notifications"]] == [failed.pk]
    assert "SMTPServerDisconnected" in response.content.decode()
    response = iu_client.get(OUTBOX, {"kind": "reminder_call_closing_draft"})
    assert [n.pk for n in response.context["notifications"]] == [dropped.pk]


def test_retry_sends_a_failed_email_again(iu_client, django_capture_on_commit_callbacks):
    failed = _row(EmailStatus.FAILED, kind="proposal_submitted", attempts=5, last_error="SMTPServerDisconnected")
    with django_capture_on_commit_callbacks(execute=True):
        response = iu_client.post(
            reverse("notifications:outbox-retry", args=[failed.pk]), {"next": OUTBOX + "?status=failed"}
        )
    assert response.status_code == 302
    assert response["Location"] == OUTBOX + "?status=failed"
    failed.refresh_from_db()
    assert (failed.email_status, failed.attempts) == (EmailStatus.SENT, 1)
    assert [m.to for m in mail.outbox] == [[failed.recipient.email]]


def test_every_failed_email_is_sent_again_at_once(iu_client, django_capture_on_commit_callbacks):
    failed = [_row(EmailStatus.FAILED, kind="proposal_submitted", attempts=5) for _ in range(3)]
    other_kind = _row(EmailStatus.FAILED, kind="routing_assigned", attempts=5)
    sent = _row(EmailStatus.SENT, attempts=1)
    assert "실패한 이메일 4건 모두 다시 보내기" in iu_client.get(OUTBOX).content.decode()
    # Filtered to one kind, the button sends that kind only.
    page = iu_client.get(OUTBOX, {"kind": "proposal_submitted"}).content.decode()
    assert "실패한 “제안 접수” 이메일 모두 다시 보내기" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = iu_client.post(reverse("notifications:outbox-retry-failed"), {"kind": "proposal_submitted"}, follow=True)
    assert "실패한 이메일 3건을 다시 발송 대기열에 넣었습니다." in response.content.decode()
    for row in [*failed, other_kind, sent]:
        row.refresh_from_db()
    assert [(r.email_status, r.attempts) for r in failed] == [(EmailStatus.SENT, 1)] * 3
    assert (other_kind.email_status, other_kind.attempts) == (EmailStatus.FAILED, 5)
    assert (sent.email_status, sent.attempts) == (EmailStatus.SENT, 1)
    assert sorted(m.to[0] for m in mail.outbox) == sorted(r.recipient.email for r in failed)
    # Unfiltered: the rest.
    with django_capture_on_commit_callbacks(execute=True):
        iu_client.post(reverse("notifications:outbox-retry-failed"))
    other_kind.refresh_from_db()
    assert other_kind.email_status == EmailStatus.SENT and len(mail.outbox) == 4
    response = iu_client.post(reverse("notifications:outbox-retry-failed"), follow=True)
    assert "다시 보낼 실패한 이메일이 없습니다." in response.content.decode()
    assert "모두 다시 보내기" not in iu_client.get(OUTBOX).content.decode()


def test_staff_cannot_send_every_failed_email_again(staff_client):
    failed = _row(EmailStatus.FAILED, attempts=5)
    assert staff_client.post(reverse("notifications:outbox-retry-failed")).status_code == 403
    failed.refresh_from_db()
    assert (failed.email_status, failed.attempts) == (EmailStatus.FAILED, 5)
    assert mail.outbox == []


def test_retry_of_a_sent_email_changes_nothing(iu_client):
    sent = _row(EmailStatus.SENT, attempts=1)
    response = iu_client.post(reverse("notifications:outbox-retry", args=[sent.pk]), follow=True)
    sent.refresh_from_db()
    assert (sent.email_status, sent.attempts) == (EmailStatus.SENT, 1)
    assert mail.outbox == []
    assert list(response.context["messages"])


def test_outbox_runs_the_same_queries_for_few_and_many_rows(iu_client, django_assert_num_queries):
    _row()
    iu_client.get(OUTBOX)  # warm the session and the user
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        iu_client.get(OUTBOX)
    for _ in range(20):
        _row(EmailStatus.FAILED)
    with django_assert_num_queries(len(few.captured_queries)):
        iu_client.get(OUTBOX)


def test_the_admin_action_sends_the_selected_failed_emails_again(admin_client, django_capture_on_commit_callbacks):
    failed = _row(EmailStatus.FAILED, kind="proposal_submitted", attempts=5)
    other_failed = _row(EmailStatus.FAILED, kind="proposal_submitted", attempts=5)
    sent = _row(EmailStatus.SENT, attempts=1)
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse("admin:notifications_notification_changelist"),
            {"action": "retry_failed", "_selected_action": [failed.pk, sent.pk]},
            follow=True,
        )
    with translation.override("ko"):
        expected = translation.gettext("%(count)d email(s) queued again.") % {"count": 1}
    assert expected in [str(m) for m in response.context["messages"]]
    for row in (failed, other_failed, sent):
        row.refresh_from_db()
    assert (failed.email_status, failed.attempts) == (EmailStatus.SENT, 1)
    assert (other_failed.email_status, other_failed.attempts) == (EmailStatus.FAILED, 5)
    assert (sent.email_status, sent.attempts) == (EmailStatus.SENT, 1)
    assert [m.to for m in mail.outbox] == [[failed.recipient.email]]
