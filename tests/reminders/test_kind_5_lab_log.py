"""Kind 5: a lab's progress log overdue for its cadence — all current members, once per lapse;
dropped when an entry is written before delivery."""

from datetime import date, datetime, timedelta

import pytest
import time_machine
from django.conf import settings
from django.core import mail

from labs import services
from labs.reminders import LOG_OVERDUE
from notifications.enums import EmailStatus
from notifications.models import Notification
from notifications.services import notifications_deliver_batch, reminders_dispatch
from tests.factories import UserFactory

from .conftest import SEOUL, emails, started_lab

pytestmark = pytest.mark.django_db

INTERVAL = timedelta(seconds=settings.REMINDER_DISPATCH_INTERVAL)
START = date(2026, 9, 1)
# Cadence 14 days from the start: the first entry is due on 15 September, overdue from the 16th.
OVERDUE = datetime(2026, 9, 16, 0, 0, tzinfo=SEOUL)


@pytest.fixture
def lab(innovation_unit, django_capture_on_commit_callbacks):
    a, b, c = UserFactory(full_name="팀원갑"), UserFactory(full_name="팀원을"), UserFactory(full_name="팀원병")
    with django_capture_on_commit_callbacks(execute=True):
        lab = started_lab(
            iu=innovation_unit, members=[a, b, c], start=START, started_at=datetime(2026, 9, 1, 9, 0, tzinfo=SEOUL)
        )
        with time_machine.travel(datetime(2026, 9, 5, 10, 0, tzinfo=SEOUL), tick=False):
            services.membership_leave(lab=lab, by=c)
    mail.outbox.clear()
    lab.members = (a, b)
    return lab


def test_fires_once_per_lapse_to_current_members(lab, run_dispatcher):
    UserFactory()  # someone outside the lab
    assert lab.log_cadence_days == 14
    assert run_dispatcher(OVERDUE - timedelta(seconds=1)) == {}
    assert run_dispatcher(OVERDUE + INTERVAL - timedelta(seconds=1)) == {LOG_OVERDUE: emails(*lab.members)}
    assert run_dispatcher(OVERDUE + 2 * INTERVAL) == {}
    assert run_dispatcher(OVERDUE + timedelta(days=5)) == {}  # the same lapse is not nagged again

    message = next(m for m in mail.outbox if m.to == [lab.members[0].email])
    assert lab.name in message.subject
    assert "2026-09-15" in message.body and "14" in message.body

    # An entry on the 22nd makes the next one due on 6 October: the next lapse, reminded once.
    with time_machine.travel(datetime(2026, 9, 22, 15, 0, tzinfo=SEOUL), tick=False):
        services.log_entry_create(lab=lab, by=lab.members[0], entry_date=date(2026, 9, 22), did="현장 인터뷰")
    next_lapse = datetime(2026, 10, 7, 0, 0, tzinfo=SEOUL)
    assert run_dispatcher(next_lapse - timedelta(seconds=1)) == {}
    assert run_dispatcher(next_lapse + INTERVAL - timedelta(seconds=1)) == {LOG_OVERDUE: emails(*lab.members)}


def test_a_lab_that_writes_its_log_hears_nothing(lab, run_dispatcher):
    with time_machine.travel(datetime(2026, 9, 10, 17, 0, tzinfo=SEOUL), tick=False):
        services.log_entry_create(lab=lab, by=lab.members[1], entry_date=date(2026, 9, 10), did="착수 회의")
    assert run_dispatcher(OVERDUE + timedelta(minutes=1)) == {}
    assert run_dispatcher(datetime(2026, 9, 25, 0, 1, tzinfo=SEOUL)) == {LOG_OVERDUE: emails(*lab.members)}


def test_dropped_when_an_entry_is_written_before_delivery(lab):
    with time_machine.travel(OVERDUE + timedelta(minutes=1), tick=False):
        reminders_dispatch()  # written; on-commit delivery is not run, the rows stay pending
    with time_machine.travel(OVERDUE + timedelta(hours=9), tick=False):
        services.log_entry_create(lab=lab, by=lab.members[0], entry_date=date(2026, 9, 16), did="중간 점검")
        report = notifications_deliver_batch()
    rows = Notification.objects.filter(kind=LOG_OVERDUE)
    assert rows.count() == 2
    assert {n.email_status for n in rows} == {EmailStatus.DROPPED}
    assert sorted(report.dropped) == sorted(n.pk for n in rows)
    assert not mail.outbox


def test_a_member_who_left_before_delivery_is_not_reminded(innovation_unit, django_capture_on_commit_callbacks):
    x, y, z = UserFactory(), UserFactory(), UserFactory()
    with django_capture_on_commit_callbacks(execute=True):  # the start's own notices go out now
        lab = started_lab(
            iu=innovation_unit, members=[x, y, z], start=START, started_at=datetime(2026, 9, 1, 9, 0, tzinfo=SEOUL)
        )
    with time_machine.travel(OVERDUE + timedelta(minutes=1), tick=False):
        reminders_dispatch()
        services.membership_leave(lab=lab, by=z)
        mail.outbox.clear()
        notifications_deliver_batch()
    statuses = dict(Notification.objects.filter(kind=LOG_OVERDUE).values_list("recipient_id", "email_status"))
    assert statuses == {x.pk: EmailStatus.SENT, y.pk: EmailStatus.SENT, z.pk: EmailStatus.DROPPED}
