"""End to end: beat's daily-digest task run twice on one day by a real Celery worker (a
subprocess) on the real Redis sends one email to a local SMTP sink. Needs PostgreSQL and Redis;
skipped on a workstation without them, a failure in CI."""

import email
import email.policy
import time

import pytest

from notifications.enums import Delivery, EmailStatus, NotificationKind
from notifications.models import Notification, NotificationPreference
from notifications.services import notify
from notifications.tasks import send_daily_digest
from tests.factories import CallFactory, UserFactory

from .conftest import real_broker
from .test_worker import REDIS_URL, redis_up, worker  # noqa: F401 (fixtures)

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

KIND = NotificationKind.REMINDER_CALL_OPENED


def _wait_for(condition, process, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and process.poll() is None:
        if condition():
            return True
        time.sleep(0.2)
    return condition()


def test_two_digest_runs_on_one_day_send_one_email(worker, smtp_sink, settings):  # noqa: F811
    settings.NOTIFICATION_REQUEUE_AFTER = 3600
    person = UserFactory(full_name="김직원")
    NotificationPreference.objects.create(user=person, kind=KIND, delivery=Delivery.DIGEST)
    calls = [CallFactory(title=f"2026년 제{i}차 G-랩 과제 공모") for i in (1, 2)]
    for call in calls:
        notify(
            kind=KIND,
            recipients=[person],
            about=call,
            context={"call": call},
            url=call.get_absolute_url(),
        )
    items = Notification.objects.filter(recipient=person, kind=KIND)
    assert set(items.values_list("email_status", flat=True)) == {EmailStatus.DIGEST}

    with real_broker(REDIS_URL, task_default_queue=worker.queue):
        send_daily_digest.delay()
        send_daily_digest.delay()  # beat's run doubled (or retried)
    digests = Notification.objects.filter(recipient=person, kind=NotificationKind.DAILY_DIGEST)

    assert _wait_for(lambda: digests.filter(email_status=EmailStatus.SENT).exists(), worker), (
        worker.log.read_text()[-3000:]
    )
    assert _wait_for(lambda: worker.log.read_text().count("send_daily_digest") >= 4, worker, 20)
    time.sleep(1)
    assert digests.count() == 1
    assert len(smtp_sink.messages) == 1
    assert smtp_sink.recipients() == [person.email]
    message = email.message_from_bytes(smtp_sink.messages[0].content, policy=email.policy.default)
    text = message.get_body(("plain",)).get_content()
    for call in calls:
        assert call.title in text
    assert set(items.values_list("email_status", flat=True)) == {EmailStatus.IN_DIGEST}
