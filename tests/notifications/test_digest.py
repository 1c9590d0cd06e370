"""The daily digest (issue 20, part 3): one email a day per person with notifications waiting
for it, through the outbox, sent once however often the run is repeated; items whose occasion
passed are left out."""

import copy
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from celery.schedules import crontab
from django.conf import settings as django_settings
from django.utils import translation
from django.utils.translation import ngettext

from notifications import kinds
from notifications.digest import digest_send
from notifications.enums import Delivery, EmailStatus, NotificationKind
from notifications.kinds import Group, KindRule, Rule
from notifications.models import Notification, NotificationPreference, ScheduledRun
from notifications.services import notify
from notifications.tasks import send_daily_digest
from tests.factories import CallFactory, UserFactory

SEOUL = ZoneInfo("Asia/Seoul")
TEMPLATES_DIR = Path(__file__).parent / "templates"
KIND = "outbox_test"
MORNING = datetime(2026, 12, 8, 8, 0, tzinfo=SEOUL)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def test_kind(settings, monkeypatch):
    templates = copy.deepcopy(settings.TEMPLATES)
    templates[0]["DIRS"] = [*templates[0]["DIRS"], TEMPLATES_DIR]
    settings.TEMPLATES = templates
    settings.PORTAL_BASE_URL = "https://glab.example.go.kr"
    monkeypatch.setitem(kinds.KINDS, KIND, KindRule(Group.CALLS, Rule.CHOICE))


def digest_person(**kwargs):
    person = UserFactory(**kwargs)
    NotificationPreference.objects.create(user=person, kind=KIND, delivery=Delivery.DIGEST)
    return person


def tell(person, title, *, at, expires_at=None):
    call = CallFactory()
    with time_machine.travel(at, tick=False):
        notify(
            kind=KIND,
            recipients=[person],
            about=call,
            context={"title": title},
            url=f"/calls/{call.pk}/",
            expires_at=expires_at,
        )
    return Notification.objects.get(recipient=person, about_id=call.pk)


@pytest.fixture
def run_digest(django_capture_on_commit_callbacks, mailoutbox):
    """Runs the beat task at ``moment`` (eager Celery), delivering what it queued; returns the
    emails this run sent."""

    def run(moment):
        before = len(mailoutbox)
        with (
            time_machine.travel(moment, tick=False),
            django_capture_on_commit_callbacks(execute=True),
        ):
            send_daily_digest.delay()
        return mailoutbox[before:]

    return run


def test_one_email_per_person_lists_each_waiting_item_with_its_link(run_digest):
    kim, lee = digest_person(full_name="김직원"), digest_person(full_name="이동료")
    at_once = UserFactory()
    first = tell(kim, "첫 번째 소식", at=MORNING - timedelta(hours=20))
    second = tell(kim, "두 번째 소식", at=MORNING - timedelta(hours=2))
    tell(lee, "이동료의 소식", at=MORNING - timedelta(hours=3))
    tell(at_once, "바로 가는 소식", at=MORNING - timedelta(hours=3))

    sent = run_digest(MORNING)

    assert sorted(m.to[0] for m in sent) == sorted([kim.email, lee.email])
    [mail] = [m for m in sent if m.to == [kim.email]]
    with translation.override("ko"):
        subject = ngettext(
            "[G-Lab] Your notifications of %(day)s: %(counter)s item",
            "[G-Lab] Your notifications of %(day)s: %(counter)s items",
            2,
        )
    assert mail.subject == subject.replace("%(day)s", "2026-12-08").replace("%(counter)s", "2")
    for item in (first, second):
        assert item.subject in mail.body
        assert f"https://glab.example.go.kr{item.url}" in mail.body
        assert item.subject in mail.alternatives[0][0]
        item.refresh_from_db()
        assert item.email_status == EmailStatus.IN_DIGEST
    assert mail.body.index(first.subject) < mail.body.index(second.subject)
    digest = Notification.objects.get(recipient=kim, kind=NotificationKind.DAILY_DIGEST)
    assert digest.key.endswith(":2026-12-08")
    assert digest.email_status == EmailStatus.SENT
    assert (
        digest.read_at is not None
    )  # the items are already in the list; the digest is no new notice
    assert ScheduledRun.objects.filter(task="send_daily_digest").exists()


def test_two_runs_on_one_day_send_one_email(run_digest):
    kim = digest_person()
    tell(kim, "어제 소식", at=MORNING - timedelta(hours=5))
    assert len(run_digest(MORNING)) == 1
    late = tell(kim, "오전 늦게 온 소식", at=MORNING + timedelta(hours=1))

    assert run_digest(MORNING + timedelta(minutes=1)) == []  # beat's run retried
    assert run_digest(MORNING + timedelta(hours=3)) == []  # or run twice
    late.refresh_from_db()
    assert late.email_status == EmailStatus.DIGEST  # waits for tomorrow's

    [tomorrow] = run_digest(MORNING + timedelta(days=1))
    assert late.subject in tomorrow.body and "어제 소식" not in tomorrow.body
    assert Notification.objects.filter(kind=NotificationKind.DAILY_DIGEST).count() == 2


def test_expired_items_are_left_out(run_digest):
    kim, lee = digest_person(), digest_person()
    passed = tell(
        kim, "지난 마감", at=MORNING - timedelta(days=1), expires_at=MORNING - timedelta(hours=1)
    )
    alive = tell(
        kim, "아직 유효", at=MORNING - timedelta(hours=3), expires_at=MORNING + timedelta(days=1)
    )
    only_passed = tell(
        lee, "이미 지남", at=MORNING - timedelta(days=1), expires_at=MORNING - timedelta(minutes=1)
    )

    [mail] = run_digest(MORNING)

    assert mail.to == [kim.email]
    assert alive.subject in mail.body and passed.subject not in mail.body
    for item in (passed, only_passed):
        item.refresh_from_db()
        assert item.email_status == EmailStatus.DROPPED
    assert not Notification.objects.filter(
        recipient=lee, kind=NotificationKind.DAILY_DIGEST
    ).exists()


def test_an_inactive_persons_items_are_dropped(run_digest):
    kim = digest_person()
    item = tell(kim, "퇴직 전 소식", at=MORNING - timedelta(hours=3))
    kim.is_active = False
    kim.save(update_fields=["is_active"])
    assert run_digest(MORNING) == []
    item.refresh_from_db()
    assert item.email_status == EmailStatus.DROPPED


def test_items_beyond_the_limit_are_counted(run_digest, monkeypatch):
    monkeypatch.setattr("notifications.digest.MAX_ITEMS", 2)
    kim = digest_person()
    items = [tell(kim, f"소식 {i}", at=MORNING - timedelta(hours=9 - i)) for i in range(3)]
    [mail] = run_digest(MORNING)
    assert items[0].subject in mail.body and items[2].subject not in mail.body
    with translation.override("ko"):
        more = ngettext(
            "And %(counter)s more in the portal.", "And %(counter)s more in the portal.", 1
        )
        assert more.replace("%(counter)s", "1") in mail.body
    assert Notification.objects.filter(email_status=EmailStatus.IN_DIGEST).count() == 3


def test_the_report_counts_people_and_items():
    kim = digest_person()
    tell(kim, "소식", at=MORNING - timedelta(hours=3))
    with time_machine.travel(MORNING, tick=False):
        report = digest_send()
        again = digest_send()
    assert (report.people, report.items, report.dropped) == (1, 1, 0)
    assert (again.people, again.items) == (0, 0)


def test_beat_sends_the_digest_at_eight_in_seoul():
    entry = django_settings.CELERY_BEAT_SCHEDULE["notifications-daily-digest"]
    assert entry["task"] == "notifications.tasks.send_daily_digest"
    assert entry["schedule"] == crontab(hour=8, minute=0)
    assert django_settings.CELERY_TIMEZONE == "Asia/Seoul"


def test_the_digest_links_to_the_settings(run_digest):
    kim = digest_person()
    tell(kim, "소식", at=MORNING - timedelta(hours=3))
    [mail] = run_digest(MORNING)
    assert "https://glab.example.go.kr/notifications/settings/" in mail.body
    assert 'href="https://glab.example.go.kr/notifications/settings/"' in mail.alternatives[0][0]


def test_digests_are_deleted_after_thirty_days(run_digest):
    kim = digest_person()
    tell(kim, "소식", at=MORNING - timedelta(hours=3))
    run_digest(MORNING)
    digests = Notification.objects.filter(kind=NotificationKind.DAILY_DIGEST)
    run_digest(MORNING + timedelta(days=29))
    assert digests.count() == 1
    run_digest(MORNING + timedelta(days=31))
    assert digests.count() == 0
    assert Notification.objects.filter(kind=KIND, email_status=EmailStatus.IN_DIGEST).count() == 1
