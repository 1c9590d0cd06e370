"""Kind 6: a lab's term ends in 14 and 7 days, and the final report is due — all current members,
each once; dropped when a final report is filed or the end date moved."""

from datetime import date, datetime, timedelta

import pytest
import time_machine
from django.conf import settings
from django.core import mail

from labs import services
from labs.enums import DecisionKind, DecisionStatus, Outcome
from labs.reminders import REPORT_DUE, TERM_ENDING
from labs.terms import term_end
from notifications.enums import EmailStatus
from notifications.models import Notification
from notifications.services import notifications_deliver_batch, reminders_dispatch
from tests.factories import UserFactory

from .conftest import SEOUL, emails, only, started_lab

pytestmark = pytest.mark.django_db

INTERVAL = timedelta(seconds=settings.REMINDER_DISPATCH_INTERVAL)
START = date(2026, 9, 1)
END = date(2026, 11, 30)  # a three-month term
KINDS = (TERM_ENDING, REPORT_DUE)


def midnight(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=SEOUL)


REPORT = {"summary": "요약", "results": "증명서 발급 시간 단축", "outcome": Outcome.ACHIEVED, "lessons": "작게 시작하기"}


@pytest.fixture
def lab(innovation_unit, django_capture_on_commit_callbacks):
    a, b, c = UserFactory(), UserFactory(), UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        lab = started_lab(
            iu=innovation_unit, members=[a, b, c], start=START, months=3,
            started_at=datetime(2026, 9, 1, 9, 0, tzinfo=SEOUL),
        )
        with time_machine.travel(datetime(2026, 10, 1, 9, 0, tzinfo=SEOUL), tick=False):
            services.membership_leave(lab=lab, by=c)
    assert lab.end_date == END == term_end(START, 3)
    mail.outbox.clear()
    lab.members = (a, b)
    return lab


def test_fourteen_and_seven_days_before_and_the_report_on_the_end_date(lab, run_dispatcher):
    UserFactory()
    members = emails(*lab.members)
    for days, kind in ((14, TERM_ENDING), (7, TERM_ENDING), (0, REPORT_DUE)):
        moment = midnight(END - timedelta(days=days))
        assert only(run_dispatcher(moment - timedelta(seconds=1)), *KINDS) == {}
        assert only(run_dispatcher(moment + INTERVAL - timedelta(seconds=1)), *KINDS) == {kind: members}
        assert only(run_dispatcher(moment + 2 * INTERVAL), *KINDS) == {}
    assert only(run_dispatcher(midnight(END + timedelta(days=10))), *KINDS) == {}  # once, not daily

    to_a = [m for m in mail.outbox if m.to == [lab.members[0].email] and lab.name in m.subject and "2026-11-30" in m.body]
    assert len(to_a) == 3
    # days left count today and the end date, as on the lab page
    assert "15일 남음" in to_a[0].body and "8일 남음" in to_a[1].body
    assert "최종보고" in to_a[2].subject


def test_a_late_dispatcher_sends_only_the_reminder_that_fits_now(lab, run_dispatcher):
    sent = only(run_dispatcher(midnight(END - timedelta(days=3))), *KINDS)
    assert sent == {TERM_ENDING: emails(*lab.members)}
    assert set(Notification.objects.filter(kind=TERM_ENDING).values_list("occasion", flat=True)) == {"2026-11-30/7d"}


def test_a_filed_final_report_drops_the_reminder_and_stops_the_next(lab):
    with time_machine.travel(midnight(END - timedelta(days=7)) + timedelta(minutes=1), tick=False):
        reminders_dispatch()  # written; on-commit delivery is not run, the rows stay pending
        services.decision_propose(lab=lab, by=lab.members[0], kind=DecisionKind.FINAL_REPORT, report=REPORT)
        mail.outbox.clear()
        notifications_deliver_batch()
    rows = Notification.objects.filter(kind=TERM_ENDING)
    assert rows.count() == 2 and {n.email_status for n in rows} == {EmailStatus.DROPPED}
    with time_machine.travel(midnight(END) + timedelta(minutes=1), tick=False):
        assert reminders_dispatch().created[REPORT_DUE] == 0


def test_a_declined_report_is_not_filed(lab, run_dispatcher):
    with time_machine.travel(datetime(2026, 11, 25, 10, 0, tzinfo=SEOUL), tick=False):
        decision = services.decision_propose(lab=lab, by=lab.members[0], kind=DecisionKind.FINAL_REPORT, report=REPORT)
        services.decision_sign(decision=decision, by=lab.members[1], approve=False, comment="결과를 보완합시다")
    assert Notification.objects.filter(kind=REPORT_DUE).count() == 0
    decision.refresh_from_db()
    assert decision.status == DecisionStatus.DECLINED
    assert only(run_dispatcher(midnight(END) + timedelta(minutes=1)), *KINDS) == {REPORT_DUE: emails(*lab.members)}


def test_an_extension_drops_the_old_reminders_and_starts_a_new_set(lab, innovation_unit, run_dispatcher):
    new_end = term_end(START, 4)  # 31 December
    with time_machine.travel(midnight(END - timedelta(days=14)) + timedelta(minutes=1), tick=False):
        reminders_dispatch()
        decision = services.decision_propose(
            lab=lab, by=lab.members[0], kind=DecisionKind.EXTENSION, new_end_date=new_end, summary="현장 검증 필요"
        )
        services.decision_sign(decision=decision, by=lab.members[1], approve=True)
        services.decision_review_extension(decision=decision, by=innovation_unit, approve=True)
        mail.outbox.clear()
        notifications_deliver_batch(ids=list(Notification.objects.filter(kind=TERM_ENDING).values_list("id", flat=True)))
    assert {n.email_status for n in Notification.objects.filter(kind=TERM_ENDING)} == {EmailStatus.DROPPED}
    assert only(run_dispatcher(midnight(END - timedelta(days=7)) + timedelta(minutes=1)), *KINDS) == {}
    assert only(run_dispatcher(midnight(END) + timedelta(minutes=1)), *KINDS) == {}
    sent = only(run_dispatcher(midnight(new_end - timedelta(days=14)) + timedelta(minutes=1)), *KINDS)
    assert sent == {TERM_ENDING: emails(*lab.members)}


def test_days_come_from_settings(lab, run_dispatcher, settings):
    settings.REMINDER_LAB_TERM_ENDING_DAYS = (30,)
    assert only(run_dispatcher(midnight(END - timedelta(days=14)) + timedelta(minutes=1)), *KINDS) == {
        TERM_ENDING: emails(*lab.members)
    }
    assert Notification.objects.get(kind=TERM_ENDING, recipient=lab.members[0]).occasion == "2026-11-30/30d"


def test_a_fourteen_day_reminder_held_back_until_the_seven_day_one_is_dropped(lab):
    with time_machine.travel(midnight(END - timedelta(days=14)) + timedelta(minutes=1), tick=False):
        reminders_dispatch()  # written; delivery (say, SMTP down) does not happen that week
    mail.outbox.clear()
    with time_machine.travel(midnight(END - timedelta(days=7)) + timedelta(minutes=1), tick=False):
        notifications_deliver_batch(ids=list(Notification.objects.filter(kind=TERM_ENDING).values_list("id", flat=True)))
    assert mail.outbox == []
    assert {n.email_status for n in Notification.objects.filter(kind=TERM_ENDING)} == {EmailStatus.DROPPED}
