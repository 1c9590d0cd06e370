"""Delivery: SMTP failures retried with backoff then recorded failed; exactly once under
concurrency (PostgreSQL)."""

import threading
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.db import connection
from django.utils import timezone

from notifications.enums import EmailStatus
from notifications.models import Notification
from notifications.services import notifications_deliver_batch, notify, reminders_dispatch
from tests.factories import CallFactory, UserFactory
from tests.smtp import free_port

from .conftest import CLOSES_AT, OPENS_AT, require_postgres


def _notify(users, about, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        notify(kind="reminder_call_opened", recipients=users, about=about, context={"call": about}, url="/")


@pytest.mark.django_db
def test_smtp_down_is_retried_with_backoff_then_recorded_failed(smtp_to, settings, django_capture_on_commit_callbacks):
    smtp_to(free_port())  # nothing listens there
    settings.NOTIFICATION_MAX_ATTEMPTS = 5
    call = CallFactory()
    user = UserFactory()
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        _notify([user], call, django_capture_on_commit_callbacks)
    row = Notification.objects.get()
    assert (row.email_status, row.attempts) == (EmailStatus.PENDING, 1)
    assert "ConnectionRefused" in row.last_error
    delays = [row.next_attempt_at - start]
    moment = start
    for attempt in range(2, 6):
        with time_machine.travel(row.next_attempt_at - timedelta(seconds=1), tick=False):
            assert notifications_deliver_batch().sent == []  # not due yet: nothing claimed
        moment = row.next_attempt_at
        with time_machine.travel(moment, tick=False):
            notifications_deliver_batch()
        row.refresh_from_db()
        assert row.attempts == attempt
        if row.next_attempt_at:
            delays.append(row.next_attempt_at - moment)
    assert delays == [timedelta(seconds=s) for s in (30, 60, 120, 240)]
    assert row.email_status == EmailStatus.FAILED
    assert row.next_attempt_at is None
    with time_machine.travel(moment + timedelta(days=1), tick=False):
        assert notifications_deliver_batch().sent == []  # failed stays failed until retried by hand


@pytest.mark.django_db
def test_a_refused_recipient_fails_alone_and_the_rest_of_the_batch_is_sent(
    smtp_sink, smtp_to, django_capture_on_commit_callbacks
):
    smtp_to(smtp_sink.port)
    call = CallFactory()
    users = UserFactory.create_batch(3)
    smtp_sink.refuse = {users[1].email}
    _notify(users, call, django_capture_on_commit_callbacks)
    statuses = dict(Notification.objects.values_list("recipient_id", "email_status"))
    assert statuses == {
        users[0].pk: EmailStatus.SENT,
        users[1].pk: EmailStatus.PENDING,
        users[2].pk: EmailStatus.SENT,
    }
    assert sorted(smtp_sink.recipients()) == sorted([users[0].email, users[2].email])
    assert len(smtp_sink.messages) == 2
    refused = Notification.objects.get(recipient=users[1])
    assert "SMTPRecipientsRefused" in refused.last_error


@pytest.mark.django_db
def test_an_expired_lease_makes_a_row_claimable_again_and_it_is_sent_once(django_capture_on_commit_callbacks):
    """A worker died holding the lease: the dispatcher's re-queue hands the row to another."""
    call = CallFactory()
    user = UserFactory()
    with django_capture_on_commit_callbacks(execute=False):
        notify(kind="reminder_call_opened", recipients=[user], about=call, context={"call": call})
    Notification.objects.update(email_status=EmailStatus.SENDING, lease_until=timezone.now() + timedelta(minutes=5))
    assert notifications_deliver_batch().sent == []  # leased by the lost worker
    with time_machine.travel(timezone.now() + timedelta(minutes=6), tick=False):
        reminders_dispatch()  # re-queues (eager here): sent now
        reminders_dispatch()
    assert [m.to for m in mail.outbox] == [[user.email]]
    assert Notification.objects.get().email_status == EmailStatus.SENT


def _in_threads(count, target):
    barrier = threading.Barrier(count)
    errors = []

    def run():
        try:
            barrier.wait()
            target()
        except Exception as error:  # reported below, in the test's thread
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert not errors, errors


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_dispatcher_run_twice_at_once_delivers_one_email_per_key():
    require_postgres()
    call = CallFactory(opens_at=OPENS_AT, closes_at=CLOSES_AT)
    staff = UserFactory.create_batch(30)
    expected = sorted([u.email for u in staff] + [call.created_by.email])
    with time_machine.travel(OPENS_AT + timedelta(minutes=1), tick=False):
        _in_threads(2, reminders_dispatch)
    assert sorted(to for m in mail.outbox for to in m.to) == expected
    assert Notification.objects.filter(email_status=EmailStatus.SENT).count() == len(expected)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_batches_claim_disjoint_rows():
    require_postgres()
    users = UserFactory.create_batch(120)
    # Pending rows as a broker outage leaves them; then four workers drain them at once.
    Notification.objects.bulk_create(
        Notification(recipient=u, kind="test", key=f"test:{u.pk}", subject="s", body_text="b") for u in users
    )
    _in_threads(4, lambda: [notifications_deliver_batch(limit=25) for _ in range(3)])
    assert sorted(to for m in mail.outbox for to in m.to) == sorted(u.email for u in users)
    assert Notification.objects.filter(email_status=EmailStatus.SENT).count() == 120
