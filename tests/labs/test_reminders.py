from datetime import timedelta

import pytest
from django.utils import timezone

from labs import reminders, services
from labs.terms import term_end
from notifications.models import Notification
from notifications.services import reminders_dispatch
from tests.factories import UserFactory
from tests.factories.labs import running_lab

pytestmark = pytest.mark.django_db


def test_members_of_a_lab_with_a_lapsed_log_are_nudged_once():
    a, b, c = UserFactory(), UserFactory(), UserFactory()
    quiet = running_lab(a, b, start_offset_days=20)
    busy = running_lab(c, UserFactory(), start_offset_days=20)
    services.log_entry_create(lab=busy, by=c, entry_date=timezone.localdate(), did="회의")
    reminders_dispatch()
    reminders_dispatch()
    rows = Notification.objects.filter(kind=reminders.LOG_OVERDUE)
    assert {n.recipient for n in rows} == {a, b}
    assert all(n.about_id == quiet.pk for n in rows)

    services.log_entry_create(lab=quiet, by=a, entry_date=timezone.localdate(), did="다시 시작")
    assert reminders.logs_overdue_still_relevant(list(rows), timezone.now()) == set()


def test_a_departed_member_is_not_nudged():
    a, b, c = UserFactory(), UserFactory(), UserFactory()
    lab = running_lab(a, b, c, start_offset_days=20)
    reminders_dispatch()
    services.membership_leave(lab=lab, by=c)
    rows = list(Notification.objects.filter(kind=reminders.LOG_OVERDUE))
    relevant = reminders.logs_overdue_still_relevant(rows, timezone.now())
    assert {n.recipient for n in rows if n.pk in relevant} == {a, b}


def test_members_are_reminded_before_the_term_ends():
    a, b = UserFactory(), UserFactory()
    lab = running_lab(a, b)
    reminders_dispatch()
    assert not Notification.objects.filter(kind=reminders.TERM_ENDING).exists()
    lab.end_date = timezone.localdate() + timedelta(days=10)
    lab.start_date = lab.end_date - timedelta(days=120)
    lab.save()
    reminders_dispatch()
    rows = list(Notification.objects.filter(kind=reminders.TERM_ENDING))
    assert {n.recipient for n in rows} == {a, b}
    assert "11" in rows[0].body_text  # days left, end date inclusive
    lab.end_date = term_end(lab.start_date, 6)
    lab.save()
    assert reminders.terms_ending_still_relevant(rows, timezone.now()) == set()
