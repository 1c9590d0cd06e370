"""Kind 3: screening due in 2 days — board members with unscored entries, once; dropped once
they have scored, or when the deadline moved or the screening was decided."""

from datetime import datetime, timedelta

import pytest
import time_machine
from django.conf import settings
from django.core import mail

from notifications.enums import EmailStatus
from notifications.models import Notification
from notifications.services import notifications_deliver_batch, reminders_dispatch
from screening import services
from screening.reminders import SCREENING_DUE
from tests.factories import CoProposerFactory, UserFactory
from tests.factories.screening import ClosedCallFactory, EntryFactory, score_all, setup_screening

from .conftest import SEOUL, emails

pytestmark = pytest.mark.django_db

INTERVAL = timedelta(seconds=settings.REMINDER_DISPATCH_INTERVAL)
DEADLINE = datetime(2026, 7, 10, 18, 0, tzinfo=SEOUL)
MOMENT = DEADLINE - timedelta(days=2)  # 8 July 18:00 KST


@pytest.fixture
def board(innovation_unit, django_capture_on_commit_callbacks):
    """A screening set up on 1 July with four board members: one finished, one halfway, one
    untouched, one who may score nothing (both entries are theirs)."""
    with (
        time_machine.travel(datetime(2026, 7, 1, 9, 0, tzinfo=SEOUL), tick=False),
        django_capture_on_commit_callbacks(execute=True),  # the board's "screening opened" emails
    ):
        call = ClosedCallFactory(code="2026-S", title="2026년 상반기 G-랩 공모")
        finished, halfway, untouched, conflicted = (
            UserFactory(full_name=name) for name in ("위원갑", "위원을", "위원병", "위원정")
        )
        first = EntryFactory(call=call, proposer=conflicted, title="블록체인을 활용한 행정혁신")
        second = EntryFactory(call=call, title="드론 배송 행정서비스")
        CoProposerFactory(proposal=second, user=conflicted)
        screening = setup_screening(
            call=call, by=innovation_unit, members=[finished, halfway, untouched, conflicted], deadline=DEADLINE
        )
        score_all(screening=screening, proposal=first, by=finished, value=4)
        services.review_abstain(proposal=second, by=finished, reason="같은 부서의 제안")
        score_all(screening=screening, proposal=first, by=halfway, value=3)
    mail.outbox.clear()
    return {"screening": screening, "entries": (first, second), "finished": finished, "halfway": halfway,
            "untouched": untouched, "conflicted": conflicted}


def test_fires_once_two_days_before_the_deadline_to_members_with_entries_left(board, run_dispatcher):
    UserFactory()  # staff outside the board hear nothing
    assert run_dispatcher(MOMENT - timedelta(seconds=1)) == {}
    sent = run_dispatcher(MOMENT + INTERVAL - timedelta(seconds=1))
    assert sent == {SCREENING_DUE: emails(board["halfway"], board["untouched"])}
    assert run_dispatcher(MOMENT + 2 * INTERVAL) == {}
    assert run_dispatcher(DEADLINE - timedelta(minutes=1)) == {}

    halfway = next(m for m in mail.outbox if m.to == [board["halfway"].email])
    assert "2026-07-10 18:00" in halfway.body  # the deadline in Korea Standard Time
    assert "1건" in halfway.body  # one entry left
    untouched = next(m for m in mail.outbox if m.to == [board["untouched"].email])
    assert "2건" in untouched.body
    for entry in board["entries"]:  # blind review covers email too
        assert entry.title not in halfway.body
        assert entry.proposer.full_name not in halfway.body


def test_dropped_when_the_member_scores_before_delivery(board):
    with time_machine.travel(MOMENT + timedelta(minutes=1), tick=False):
        reminders_dispatch()  # written; on-commit delivery not run, the rows stay pending
        score_all(screening=board["screening"], proposal=board["entries"][1], by=board["halfway"], value=5)
        report = notifications_deliver_batch()
    rows = {n.recipient: n for n in Notification.objects.filter(kind=SCREENING_DUE)}
    assert rows[board["halfway"]].email_status == EmailStatus.DROPPED
    assert rows[board["untouched"]].email_status == EmailStatus.SENT
    assert report.dropped == [rows[board["halfway"]].pk]
    assert [m.to for m in mail.outbox] == [[board["untouched"].email]]


def test_dropped_when_the_deadline_moved_or_the_screening_was_decided(board, innovation_unit, run_dispatcher):
    with time_machine.travel(MOMENT + timedelta(minutes=1), tick=False):
        reminders_dispatch()
        services.screening_configure(
            call=board["screening"].call, by=innovation_unit, deadline=DEADLINE + timedelta(days=7)
        )
        notifications_deliver_batch()
    assert set(Notification.objects.filter(kind=SCREENING_DUE).values_list("email_status", flat=True)) == {
        EmailStatus.DROPPED
    }
    # The moved deadline gets its own reminder two days before it.
    sent = run_dispatcher(MOMENT + timedelta(days=7, minutes=1))
    assert sent == {SCREENING_DUE: emails(board["halfway"], board["untouched"])}


def test_a_late_delivery_after_the_deadline_is_dropped(board):
    with time_machine.travel(MOMENT + timedelta(minutes=1), tick=False):
        reminders_dispatch()
    with time_machine.travel(DEADLINE + timedelta(minutes=1), tick=False):
        report = notifications_deliver_batch()
    assert len(report.dropped) == 2
    assert not mail.outbox


def test_days_come_from_settings(board, run_dispatcher, settings):
    settings.REMINDER_SCREENING_DUE_DAYS = 5
    moment = DEADLINE - timedelta(days=5)
    assert run_dispatcher(moment - timedelta(seconds=1)) == {}
    assert run_dispatcher(moment + timedelta(minutes=1)) == {SCREENING_DUE: emails(board["halfway"], board["untouched"])}
