"""Kind 4: a department answer due in 3 days, and overdue by a day — the department's liaisons;
the overdue one also to the innovation unit. Dropped once the answer is given, the due date
moved, or the routing went to another department."""

from datetime import date, datetime, timedelta

import pytest
import time_machine
from django.conf import settings
from django.core import mail

from accounts.enums import Role
from accounts.models import User
from notifications.enums import EmailStatus
from notifications.models import Notification
from notifications.services import notifications_deliver_batch, reminders_dispatch
from routing import services
from routing.enums import RoutingStatus
from routing.reminders import KIND, OVERDUE_KIND
from tests.factories import DepartmentFactory, UserFactory, innovation_unit_user
from tests.factories.routing import RoutingFactory, liaison_user

from .conftest import SEOUL, emails

pytestmark = pytest.mark.django_db

INTERVAL = timedelta(seconds=settings.REMINDER_DISPATCH_INTERVAL)
DUE_ON = date(2026, 8, 14)
SOON = datetime(2026, 8, 11, 0, 0, tzinfo=SEOUL)  # three days before, midnight KST
OVERDUE = datetime(2026, 8, 15, 0, 0, tzinfo=SEOUL)  # the first day after the due date


def unit() -> list[User]:
    return list(User.objects.filter(groups__name=Role.INNOVATION_UNIT.value, is_active=True).distinct())


@pytest.fixture
def routed(innovation_unit, django_capture_on_commit_callbacks):
    with (
        time_machine.travel(datetime(2026, 8, 1, 10, 0, tzinfo=SEOUL), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        routing = RoutingFactory(due_on=DUE_ON)
        department = routing.department
        liaisons = [liaison_user(department), liaison_user(department)]
        other = RoutingFactory(due_on=DUE_ON + timedelta(days=20))  # not yet due
        people = {
            "routing": routing,
            "liaisons": liaisons,
            "colleague": UserFactory(department=department),  # same department, not a liaison
            "other_liaison": liaison_user(other.department),
            "elsewhere_liaison": liaison_user(DepartmentFactory()),
            "retired_unit_member": innovation_unit_user(is_active=False),
        }
    mail.outbox.clear()
    return people


def test_liaisons_three_days_before_then_liaisons_and_unit_a_day_overdue(routed, run_dispatcher):
    liaisons = emails(*routed["liaisons"])
    assert run_dispatcher(SOON - timedelta(seconds=1)) == {}
    assert run_dispatcher(SOON + INTERVAL - timedelta(seconds=1)) == {KIND: liaisons}
    assert run_dispatcher(SOON + 2 * INTERVAL) == {}
    assert run_dispatcher(datetime(2026, 8, 14, 23, 59, tzinfo=SEOUL)) == {}  # due today: not yet overdue

    assert run_dispatcher(OVERDUE - timedelta(seconds=1)) == {}
    assert run_dispatcher(OVERDUE + INTERVAL - timedelta(seconds=1)) == {
        KIND: liaisons,
        OVERDUE_KIND: emails(*unit()),
    }
    assert run_dispatcher(OVERDUE + 2 * INTERVAL) == {}
    assert run_dispatcher(OVERDUE + timedelta(days=10)) == {}  # overdue reminders come once

    title = routed["routing"].proposal.title
    to_liaison = [m for m in mail.outbox if m.to == [routed["liaisons"][0].email]]
    assert len(to_liaison) == 2
    assert "2026-08-14" in to_liaison[0].body and title in to_liaison[0].subject
    assert "기한이 지났습니다" not in to_liaison[0].body
    assert "기한이 지났습니다" in to_liaison[1].body
    to_unit = next(m for m in mail.outbox if m.to == [unit()[0].email])
    assert routed["routing"].department.name in to_unit.subject and "2026-08-14" in to_unit.body


def test_dropped_when_the_answer_is_given_before_delivery(routed):
    with time_machine.travel(OVERDUE + timedelta(minutes=1), tick=False):
        reminders_dispatch()  # written; on-commit delivery is not run, the rows stay pending
        services.routing_answer(routing=routed["routing"], by=routed["liaisons"][0], status=RoutingStatus.UNDER_STUDY)
        mail.outbox.clear()
        report = notifications_deliver_batch()
    rows = Notification.objects.filter(kind__in=[KIND, OVERDUE_KIND])
    assert rows.count() == len(routed["liaisons"]) + len(unit())
    assert {n.email_status for n in rows} == {EmailStatus.DROPPED}
    assert len(report.dropped) == rows.count()
    assert not [m for m in mail.outbox if "기한" in m.subject]


def test_a_due_soon_reminder_not_delivered_before_the_due_date_passed_is_dropped(routed, run_dispatcher):
    with time_machine.travel(SOON + timedelta(minutes=1), tick=False):
        reminders_dispatch()  # written while no worker ran
    with time_machine.travel(OVERDUE + timedelta(minutes=1), tick=False):
        report = notifications_deliver_batch()
    assert len(report.dropped) == 2 and not report.sent
    # the overdue stage that replaced it is sent as usual
    assert run_dispatcher(OVERDUE + timedelta(minutes=2))[KIND] == emails(*routed["liaisons"])


def test_moved_to_another_department_drops_the_old_liaisons_reminders(routed, innovation_unit, run_dispatcher):
    with time_machine.travel(SOON + timedelta(minutes=1), tick=False):
        reminders_dispatch()
        successor = DepartmentFactory()
        new_liaison = liaison_user(successor)
        services.routing_move(routing=routed["routing"], to_department=successor, by=innovation_unit)
        report = notifications_deliver_batch(ids=list(Notification.objects.filter(kind=KIND).values_list("id", flat=True)))
    assert len(report.dropped) == 2 and not report.sent
    routing = routed["routing"]
    routing.refresh_from_db()
    new_soon = datetime.combine(routing.due_on - timedelta(days=3), datetime.min.time(), tzinfo=SEOUL)
    sent = run_dispatcher(new_soon + timedelta(minutes=1))  # also delivers the move's own notices
    assert sent[KIND] == [new_liaison.email]
    assert OVERDUE_KIND not in sent


def test_days_come_from_settings(routed, run_dispatcher, settings):
    settings.REMINDER_ANSWER_DUE_DAYS = 5
    settings.REMINDER_ANSWER_OVERDUE_DAYS = 2
    assert run_dispatcher(SOON - timedelta(days=2, seconds=1)) == {}
    assert run_dispatcher(SOON - timedelta(days=2) + timedelta(minutes=1)) == {KIND: emails(*routed["liaisons"])}
    assert run_dispatcher(OVERDUE + timedelta(minutes=1)) == {}  # one day late is not yet overdue
    sent = run_dispatcher(OVERDUE + timedelta(days=1, minutes=1))
    assert sent == {KIND: emails(*routed["liaisons"]), OVERDUE_KIND: emails(*unit())}
