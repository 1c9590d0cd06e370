"""Kind 7: a member's release from routine duties starts and ends — the liaisons of the member's
home department; dropped when the release changed (ended, moved, dates changed)."""

from datetime import date, datetime, timedelta

import pytest
import time_machine
from django.conf import settings
from django.core import mail

from labs import services
from labs.enums import DecisionKind
from labs.reminders import RELEASE_ENDS, RELEASE_STARTS
from labs.terms import term_end
from notifications.enums import EmailStatus
from notifications.models import Notification
from notifications.services import notifications_deliver_batch, reminders_dispatch
from tests.factories import DepartmentFactory, UserFactory
from tests.factories.labs import liaison_of

from .conftest import SEOUL, emails, only, started_lab

pytestmark = pytest.mark.django_db

INTERVAL = timedelta(seconds=settings.REMINDER_DISPATCH_INTERVAL)
START = date(2026, 9, 1)
END = date(2026, 11, 30)
STARTS = datetime(2026, 9, 1, 0, 0, tzinfo=SEOUL)
ENDS = datetime(2026, 11, 30, 0, 0, tzinfo=SEOUL)  # the last day of the release
KINDS = (RELEASE_STARTS, RELEASE_ENDS)


@pytest.fixture
def people(db):
    dept_a, dept_b = DepartmentFactory(name="정책기획관실"), DepartmentFactory(name="회계과")
    return {
        "a": UserFactory(department=dept_a),
        "b": UserFactory(department=dept_b),
        "c": UserFactory(),  # a department without a liaison: nobody to tell
        "liaisons_a": [liaison_of(dept_a), liaison_of(dept_a)],
        "liaison_b": liaison_of(dept_b),
        "colleague_a": UserFactory(department=dept_a),
        "liaison_elsewhere": liaison_of(DepartmentFactory()),
    }


@pytest.fixture
def lab(people, innovation_unit, django_capture_on_commit_callbacks):
    """Started a week before its first day: the departments were told then, and are reminded
    when the release actually starts."""
    with django_capture_on_commit_callbacks(execute=True):
        lab = started_lab(
            iu=innovation_unit, members=[people["a"], people["b"], people["c"]], start=START, months=3,
            started_at=datetime(2026, 8, 25, 10, 0, tzinfo=SEOUL),
        )
    assert lab.end_date == END
    mail.outbox.clear()
    return lab


def all_liaisons(people) -> list[str]:
    return emails(*people["liaisons_a"], people["liaison_b"])


def test_the_home_departments_hear_on_the_first_and_the_last_day(people, lab, run_dispatcher):
    for moment, kind in ((STARTS, RELEASE_STARTS), (ENDS, RELEASE_ENDS)):
        assert only(run_dispatcher(moment - timedelta(seconds=1)), *KINDS) == {}
        assert only(run_dispatcher(moment + INTERVAL - timedelta(seconds=1)), *KINDS) == {kind: all_liaisons(people)}
        assert only(run_dispatcher(moment + 2 * INTERVAL), *KINDS) == {}
    assert only(run_dispatcher(ENDS + timedelta(days=1, minutes=1)), *KINDS) == {}

    to_b = [m for m in mail.outbox if m.to == [people["liaison_b"].email]]
    assert len(to_b) == 2
    member = people["b"].full_name
    assert member in to_b[0].subject and "2026-09-01" in to_b[0].body and "2026-11-30" in to_b[0].body
    assert member in to_b[1].subject and "2026-11-30" in to_b[1].body and lab.name in to_b[1].body
    assert people["a"].full_name not in to_b[0].body


def test_no_start_reminder_when_the_department_was_told_on_the_first_day(people, innovation_unit, run_dispatcher):
    started_lab(
        iu=innovation_unit, members=[people["a"], people["b"]], start=START,
        started_at=datetime(2026, 9, 1, 9, 0, tzinfo=SEOUL),
    )
    sent = run_dispatcher(datetime(2026, 9, 1, 9, 1, tzinfo=SEOUL))
    assert sorted(sent["labs_release_in_effect"]) == all_liaisons(people)  # told when it took effect
    assert only(sent, *KINDS) == {}
    assert only(run_dispatcher(datetime(2026, 9, 2, 0, 1, tzinfo=SEOUL)), *KINDS) == {}


def test_dropped_when_the_member_left_before_delivery(people, lab):
    with time_machine.travel(STARTS + timedelta(minutes=1), tick=False):
        reminders_dispatch()  # written; on-commit delivery is not run, the rows stay pending
    with time_machine.travel(STARTS + timedelta(hours=9), tick=False):
        services.membership_leave(lab=lab, by=people["b"])
        notifications_deliver_batch()
    statuses = dict(Notification.objects.filter(kind=RELEASE_STARTS).values_list("recipient_id", "email_status"))
    assert statuses == {
        people["liaisons_a"][0].pk: EmailStatus.SENT,
        people["liaisons_a"][1].pk: EmailStatus.SENT,
        people["liaison_b"].pk: EmailStatus.DROPPED,
    }


def test_dropped_for_the_old_department_when_the_member_moved(people, lab):
    new_department = DepartmentFactory()
    new_liaison = liaison_of(new_department)
    with time_machine.travel(ENDS + timedelta(minutes=1), tick=False):
        reminders_dispatch()
        services.lab_member_home_department_changed(user=people["a"], new_department=new_department)
        notifications_deliver_batch(ids=list(Notification.objects.filter(kind=RELEASE_ENDS).values_list("id", flat=True)))
    rows = Notification.objects.filter(kind=RELEASE_ENDS)
    assert {n.recipient_id for n in rows if n.email_status == EmailStatus.DROPPED} == {
        u.pk for u in people["liaisons_a"]
    }
    # the new department is told on the next run, about its own member
    with time_machine.travel(ENDS + timedelta(minutes=6), tick=False):
        reminders_dispatch()
    assert Notification.objects.filter(kind=RELEASE_ENDS, recipient=new_liaison).count() == 1


def test_dropped_when_the_term_is_extended(people, lab, innovation_unit, run_dispatcher):
    new_end = term_end(START, 4)
    with time_machine.travel(ENDS + timedelta(minutes=1), tick=False):
        reminders_dispatch()
        decision = services.decision_propose(
            lab=lab, by=people["a"], kind=DecisionKind.EXTENSION, new_end_date=new_end, summary="검증 기간 필요"
        )
        services.decision_sign(decision=decision, by=people["b"], approve=True)
        services.decision_sign(decision=decision, by=people["c"], approve=True)
        services.decision_review_extension(decision=decision, by=innovation_unit, approve=True)
        notifications_deliver_batch(ids=list(Notification.objects.filter(kind=RELEASE_ENDS).values_list("id", flat=True)))
    assert {n.email_status for n in Notification.objects.filter(kind=RELEASE_ENDS)} == {EmailStatus.DROPPED}
    new_last_day = datetime(new_end.year, new_end.month, new_end.day, tzinfo=SEOUL)
    assert only(run_dispatcher(new_last_day + timedelta(minutes=1)), *KINDS) == {RELEASE_ENDS: all_liaisons(people)}
