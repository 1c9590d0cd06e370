"""Kinds 1 and 2 fire once, within one dispatcher interval of their moment, to the right people."""

from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.core import mail

from notifications.enums import EmailStatus
from notifications.models import Notification
from notifications.services import notifications_deliver_batch, reminders_dispatch
from proposals import services as proposal_services
from proposals.enums import CoProposerStatus, ProposalStatus
from tests.factories import CallFactory, CoProposerFactory, ProposalFactory, UserFactory

from .conftest import CLOSES_AT, OPENS_AT

pytestmark = pytest.mark.django_db

INTERVAL = timedelta(seconds=settings.REMINDER_DISPATCH_INTERVAL)


@pytest.fixture
def dispatch(django_capture_on_commit_callbacks):
    """Runs the dispatcher as beat would at ``moment`` (deliveries run on commit, eagerly);
    returns the addresses emailed by this run, per kind."""

    def run(moment):
        before = len(mail.outbox)
        with time_machine.travel(moment, tick=False), django_capture_on_commit_callbacks(execute=True):
            reminders_dispatch()
        sent = {}
        for message in mail.outbox[before:]:
            kind = Notification.objects.filter(
                subject=message.subject, recipient__email=message.to[0], email_status=EmailStatus.SENT
            ).latest("id").kind
            sent.setdefault(kind, []).extend(message.to)
        return sent

    return run


@pytest.fixture
def call(db):
    return CallFactory(code="2026-G", title="2026년 G-랩 과제 공모", opens_at=OPENS_AT, closes_at=CLOSES_AT)


def test_call_opened_reaches_every_active_staff_member_once(call, dispatch):
    staff = UserFactory.create_batch(3)
    UserFactory(is_active=False)
    UserFactory(department=None)  # an outside account, not staff of the office
    everyone = {u.email for u in staff} | {call.created_by.email}

    assert dispatch(OPENS_AT - timedelta(minutes=1)) == {}
    sent = dispatch(OPENS_AT + INTERVAL)  # the first beat after the opening
    assert sorted(sent["reminder_call_opened"]) == sorted(everyone)
    assert dispatch(OPENS_AT + 2 * INTERVAL) == {}
    message = next(m for m in mail.outbox if m.to == [staff[0].email])
    assert call.title in message.subject
    assert "2026-06-04 18:00" in message.body  # the deadline in Korea Standard Time
    assert message.alternatives[0][1] == "text/html"


def test_call_opened_long_ago_is_not_announced_late(call, dispatch):
    UserFactory()
    assert dispatch(OPENS_AT + timedelta(days=3)) == {}


@pytest.fixture
def people(call):
    drafter = ProposalFactory(call=call, status=ProposalStatus.DRAFT).proposer
    draft = drafter.proposals.get()
    submitted = ProposalFactory(call=call, status=ProposalStatus.SUBMITTED, reference="OLD-001")
    withdrawn = ProposalFactory(call=call, status=ProposalStatus.WITHDRAWN, reference="OLD-002")
    other_call_draft = ProposalFactory(status=ProposalStatus.DRAFT)
    return {
        "drafter": drafter,
        "submitter": submitted.proposer,
        "invited": CoProposerFactory(proposal=draft, status=CoProposerStatus.INVITED).user,
        "invited_on_submitted": CoProposerFactory(proposal=submitted, status=CoProposerStatus.INVITED).user,
        "accepted": CoProposerFactory(proposal=draft, status=CoProposerStatus.ACCEPTED).user,
        "declined": CoProposerFactory(proposal=draft, status=CoProposerStatus.DECLINED).user,
        "invited_on_withdrawn": CoProposerFactory(proposal=withdrawn, status=CoProposerStatus.INVITED).user,
        "drafter_elsewhere": other_call_draft.proposer,
    }


def test_call_closing_reminders_fire_three_days_and_one_day_before(call, people, dispatch):
    after_opening = dispatch(OPENS_AT + INTERVAL)  # everyone hears of the opening first
    assert set(after_opening) == {"reminder_call_opened"}
    expected = {
        "reminder_call_closing_draft": [people["drafter"].email],
        "reminder_call_closing_invitation": sorted(
            [people["invited"].email, people["invited_on_submitted"].email]
        ),
    }
    for days in (3, 1):
        moment = CLOSES_AT - timedelta(days=days)
        assert dispatch(moment - timedelta(seconds=1)) == {}
        sent = dispatch(moment + INTERVAL - timedelta(seconds=1))
        assert {kind: sorted(to) for kind, to in sent.items()} == expected
        assert dispatch(moment + 2 * INTERVAL) == {}
    three_day = next(m for m in mail.outbox if m.to == [people["drafter"].email] and "3" in m.subject)
    assert call.title in three_day.subject
    assert "2026-06-04 18:00" in three_day.body


def test_a_late_dispatcher_sends_only_the_reminder_that_fits_now(call, people, dispatch):
    sent = dispatch(CLOSES_AT - timedelta(hours=12))
    assert sent["reminder_call_closing_draft"] == [people["drafter"].email]
    occasions = set(Notification.objects.filter(kind="reminder_call_closing_draft").values_list("occasion", flat=True))
    assert len(occasions) == 1
    assert occasions.pop().endswith("/1d")
    assert dispatch(CLOSES_AT + timedelta(minutes=1)) == {}  # closed: nothing more


def test_reminder_whose_occasion_passed_is_dropped_not_sent(call, people, django_capture_on_commit_callbacks):
    """Written while no worker ran; by delivery time the drafter has submitted."""
    moment = CLOSES_AT - timedelta(days=1) + timedelta(minutes=1)
    with time_machine.travel(moment, tick=False):
        reminders_dispatch()  # on-commit deliveries are not run: the rows stay pending
        draft = people["drafter"].proposals.get()
        proposal_services.proposal_submit(proposal=draft, by=people["drafter"])
        mail.outbox.clear()
        report = notifications_deliver_batch()
    drafter_row = Notification.objects.get(kind="reminder_call_closing_draft", recipient=people["drafter"])
    assert drafter_row.email_status == EmailStatus.DROPPED
    assert drafter_row.pk in report.dropped
    assert sorted(to for m in mail.outbox for to in m.to) == sorted(
        [people["invited"].email, people["invited_on_submitted"].email]
        # the receipt of the submission itself, to its authors, went through notify as usual
        + [people["drafter"].email, people["accepted"].email]
    )
    assert not any("임시저장" in m.body for m in mail.outbox if m.to == [people["drafter"].email])


def test_extended_deadline_drops_old_reminders_and_schedules_new_ones(call, people, innovation_unit, dispatch):
    moment = CLOSES_AT - timedelta(days=3) + timedelta(minutes=1)
    with time_machine.travel(moment, tick=False):
        reminders_dispatch()  # written, not yet delivered
        proposal_services.call_extend_deadline(call=call, closes_at=CLOSES_AT + timedelta(days=7), by=innovation_unit)
        report = notifications_deliver_batch()
    old = Notification.objects.filter(kind__startswith="reminder_call_closing")
    assert {n.email_status for n in old} == {EmailStatus.DROPPED}
    assert len(report.dropped) == old.count() == 3
    sent = dispatch(CLOSES_AT + timedelta(days=4) + timedelta(minutes=1))
    assert sent["reminder_call_closing_draft"] == [people["drafter"].email]


def test_closing_days_come_from_settings(call, people, dispatch, settings):
    settings.REMINDER_CALL_CLOSING_DAYS = (7,)
    assert dispatch(CLOSES_AT - timedelta(days=3) + timedelta(minutes=1)).get("reminder_call_closing_draft") == [
        people["drafter"].email
    ]
    assert Notification.objects.get(kind="reminder_call_closing_draft").occasion.endswith("/7d")
