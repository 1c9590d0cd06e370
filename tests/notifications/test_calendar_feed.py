"""The personal calendar feed (issue 20, "Calendars"): it parses with a real iCalendar parser,
holds exactly the person's own deadlines (a world with every role, compared by UID), keeps its
UIDs from one fetch to the next, names no other person and nothing a blind review hides, dies
when revoked or when its owner is deactivated, is throttled per address, and costs the same
number of queries however many deadlines it holds."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from core.deadlines import since
from labs import services as lab_services
from notifications.calendar import (
    calendar_feed_issue,
    calendar_feed_revoke,
    calendar_feeds_purge,
    feeds_of,
)
from notifications.models import CalendarFeed
from proposals.models import Call
from routing.enums import RoutingStatus
from tests.factories import (
    CallFactory,
    CoProposerFactory,
    DepartmentFactory,
    ProposalFactory,
    UserFactory,
    innovation_unit_user,
)
from tests.factories.labs import running_lab
from tests.factories.routing import RoutingFactory, liaison_user
from tests.factories.screening import ClosedCallFactory, EntryFactory, setup_screening

pytestmark = pytest.mark.django_db


def feed_url(secret: str) -> str:
    return reverse("calendar-feed", kwargs={"token": secret})


def fetch(client, secret: str):
    response = client.get(feed_url(secret))
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"].startswith("text/calendar")
    return response


def events(response) -> dict[str, object]:
    calendar = Calendar.from_ical(response.content)
    assert str(calendar["VERSION"]) == "2.0"
    assert calendar["PRODID"]
    assert [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")] == ["Asia/Seoul"]
    found = {}
    for event in calendar.walk("VEVENT"):
        uid, host = str(event["UID"]).split("@")
        assert host == "127.0.0.1" or host
        assert event.get("DTSTAMP") is not None
        found[uid] = event
    return found


def uids(client, user) -> set[str]:
    return set(events(fetch(client, calendar_feed_issue(user=user))))


class World:
    """Every role with deadlines of its own, and things that must stay out of every feed."""

    def __init__(self):
        now = timezone.now()
        self.iu_department = DepartmentFactory(name="도정혁신추진단")
        self.iu = innovation_unit_user(full_name="박혁신", department=self.iu_department)
        self.open_call = CallFactory(created_by=self.iu, title="열린 공모")
        self.old_call = CallFactory(
            created_by=self.iu,
            title="지난 공모",
            opens_at=now - timedelta(days=400),
            closes_at=now - timedelta(days=300),
        )
        # A proposer: a draft (its deadline), a submitted proposal (none), an invitation out.
        self.proposer = UserFactory(full_name="김제안")
        self.draft = ProposalFactory(call=self.open_call, proposer=self.proposer, title="나의 초안")
        ProposalFactory(
            call=self.open_call, proposer=self.proposer, title="제출한 제안", status="submitted"
        )
        self.invitee = UserFactory(full_name="이초대")
        self.invitation = CoProposerFactory(
            proposal=self.draft, user=self.invitee, status="invited"
        )
        # A screening: an outside evaluator (no department) on the board; blind entries.
        self.screening_call = ClosedCallFactory(created_by=self.iu, title="심사 중인 공모")
        self.entry_author = UserFactory(full_name="정비밀")
        self.entry = EntryFactory(
            call=self.screening_call, proposer=self.entry_author, title="블라인드 과제 제목"
        )
        self.board = UserFactory(full_name="최심사", department=None)
        self.screening = setup_screening(call=self.screening_call, by=self.iu, members=[self.board])
        # A liaison: one routing awaiting an answer, one answered, one of another department.
        department = DepartmentFactory(name="복지정책과")
        self.liaison = liaison_user(department, full_name="한담당")
        self.awaiting = RoutingFactory(department=department)
        RoutingFactory(department=department, status=RoutingStatus.UNDER_STUDY)
        RoutingFactory(department=DepartmentFactory(name="도로관리과"))
        # A lab member: a running lab with a milestone to do and one done.
        self.member = UserFactory(full_name="강팀원")
        self.lab = running_lab(self.member, UserFactory(full_name="문동료"), iu=self.iu)
        self.milestone = lab_services.milestone_create(
            lab=self.lab,
            by=self.member,
            title="시범 발급",
            target_date=timezone.localdate() + timedelta(days=30),
        )
        done = lab_services.milestone_create(
            lab=self.lab,
            by=self.member,
            title="끝난 일",
            target_date=timezone.localdate() + timedelta(days=3),
        )
        done.done = True
        done.save()
        self.people = [
            self.iu,
            self.proposer,
            self.invitee,
            self.entry_author,
            self.board,
            self.liaison,
            self.member,
        ]


@pytest.fixture
def world():
    return World()


def test_each_feed_holds_exactly_the_persons_own_deadlines(client, world):
    w = world
    # Every call still in the feed's window (the factories open one per proposal), not the old one.
    calls = {
        f"call-{pk}-closes"
        for pk in Call.objects.filter(closes_at__gte=since()).values_list("pk", flat=True)
    }
    assert {f"call-{w.open_call.pk}-closes", f"call-{w.screening_call.pk}-closes"} <= calls
    assert f"call-{w.old_call.pk}-closes" not in calls
    lab = {
        f"lab-{w.lab.pk}-term",
        f"lab-{w.lab.pk}-report",
        f"lab-{w.lab.pk}-log",
        f"milestone-{w.milestone.pk}",
    }
    assert uids(client, w.proposer) == calls | {f"proposal-{w.draft.pk}-draft"}
    assert uids(client, w.invitee) == calls | {f"coproposer-{w.invitation.pk}-answer"}
    assert uids(client, w.entry_author) == calls
    assert uids(client, w.board) == {
        f"screening-{w.screening.pk}-scores"
    }  # no department: no calls
    assert uids(client, w.liaison) == calls | {f"routing-{w.awaiting.pk}-answer"}
    assert uids(client, w.member) == calls | lab
    assert uids(client, w.iu) == calls


def test_the_feed_names_no_other_person_and_nothing_of_a_blind_review(client, world):
    w = world
    for person in w.people:
        text = fetch(client, calendar_feed_issue(user=person)).content.decode()
        others = [
            p.full_name
            for p in w.people + [w.lab.memberships.exclude(user=w.member).get().user]
            if p != person
        ]
        assert not [name for name in others if name in text], person.full_name
        if person == w.board:
            assert w.entry.title not in text
            assert w.screening_call.title in text


def test_uids_and_dates_are_stable_across_fetches_and_a_moved_date_keeps_its_uid(client, world):
    secret = calendar_feed_issue(user=world.member)
    first = events(fetch(client, secret))
    second = events(fetch(client, secret))
    assert set(first) == set(second)
    assert all(first[uid].decoded("DTSTART") == second[uid].decoded("DTSTART") for uid in first)
    milestone_uid = f"milestone-{world.milestone.pk}"
    world.milestone.target_date += timedelta(days=7)
    world.milestone.save()
    third = events(fetch(client, secret))
    assert set(third) == set(first)
    assert third[milestone_uid].decoded("DTSTART") == first[milestone_uid].decoded(
        "DTSTART"
    ) + timedelta(days=7)


def test_times_are_in_asia_seoul_and_days_are_all_day_events(client, world):
    found = events(fetch(client, calendar_feed_issue(user=world.proposer)))
    closes = found[f"call-{world.open_call.pk}-closes"]
    assert closes["DTSTART"].params["TZID"] == "Asia/Seoul"
    assert closes.decoded("DTSTART") == world.open_call.closes_at.replace(microsecond=0)
    member = events(fetch(client, calendar_feed_issue(user=world.member)))
    milestone = member[f"milestone-{world.milestone.pk}"]
    assert milestone.decoded("DTSTART") == world.milestone.target_date
    assert milestone.decoded("DTEND") == world.milestone.target_date + timedelta(days=1)


def test_a_revoked_or_reissued_address_is_dead(client, world):
    old = calendar_feed_issue(user=world.proposer)
    fetch(client, old)
    new = calendar_feed_issue(user=world.proposer)
    assert client.get(feed_url(old)).status_code == 404
    fetch(client, new)
    assert calendar_feed_revoke(user=world.proposer) == 1
    assert client.get(feed_url(new)).status_code == 404
    assert client.get(feed_url("cal_" + "x" * 43)).status_code == 404
    assert client.get(feed_url("not-a-calendar-address")).status_code == 404


def test_a_deactivated_owners_address_is_dead_and_the_daily_purge_revokes_then_deletes_it(
    client, world
):
    secret = calendar_feed_issue(user=world.member)
    world.member.is_active = False
    world.member.save()
    assert client.get(feed_url(secret)).status_code == 404
    assert calendar_feeds_purge() == (1, 0)
    later = timezone.now() + timedelta(days=91)
    assert calendar_feeds_purge(now=later) == (0, 1)
    assert not CalendarFeed.objects.filter(user=world.member).exists()


def test_only_the_digest_is_stored_and_the_personal_data_section_omits_it(client, world):
    secret = calendar_feed_issue(user=world.proposer)
    feed = CalendarFeed.objects.get(user=world.proposer, revoked_at__isnull=True)
    assert secret.startswith("cal_") and secret not in feed.digest and len(feed.digest) == 64
    fetch(client, secret)
    [row] = feeds_of(world.proposer)
    assert set(row) == {"created_at", "last_used_at", "revoked_at"}
    assert row["last_used_at"] is not None and row["revoked_at"] is None
    assert feed.digest not in str(row)


def test_the_address_is_throttled_per_address(client, world, settings):
    settings.CALENDAR_FEED_THROTTLE = (2, 60)
    secret = calendar_feed_issue(user=world.proposer)
    other = calendar_feed_issue(user=world.member)
    fetch(client, secret)
    fetch(client, secret)
    response = client.get(feed_url(secret))
    assert response.status_code == 429
    assert response["Retry-After"] == "60"
    fetch(client, other)  # another address counts on its own


def _screening(w, person):
    call = ClosedCallFactory(created_by=w.iu)
    EntryFactory(call=call)
    return setup_screening(call=call, by=w.iu, members=[person])


def _feed_queries(client, secret: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        fetch(client, secret)
    return len(queries)


def test_queries_stay_flat_as_deadlines_grow(client, world):
    """One person in every role (drafter, liaison, board member, lab member): the feed's
    queries do not grow with calls, drafts, routings, screenings, labs or milestones."""
    w = world
    person = w.liaison
    ProposalFactory(call=w.open_call, proposer=person)
    lab = running_lab(person, UserFactory(), iu=w.iu)
    lab_services.milestone_create(
        lab=lab, by=person, title="하나", target_date=timezone.localdate()
    )
    _screening(w, person)
    secret = calendar_feed_issue(user=person)
    _feed_queries(client, secret)  # the first fetch records the use
    few = _feed_queries(client, secret)
    for _ in range(4):
        CallFactory(created_by=w.iu)
        ProposalFactory(call=w.open_call, proposer=person)
        RoutingFactory(department=w.awaiting.department)
        _screening(w, person)
        lab_services.milestone_create(
            lab=lab, by=person, title="둘", target_date=timezone.localdate()
        )
    running_lab(person, UserFactory(), iu=w.iu)
    many = _feed_queries(client, secret)
    assert len(events(fetch(client, secret))) > 25
    assert many == few


def test_my_calendar_page_shows_the_address_once(client, world):
    client.force_login(world.proposer)
    page = client.get(reverse("notifications:calendar"))
    assert page.status_code == 200
    assert not CalendarFeed.objects.filter(user=world.proposer).exists()
    issued = client.post(reverse("notifications:calendar-issue"))
    assert issued.status_code == 200
    assert issued["Cache-Control"] == "private, no-store"
    address = issued.context["address"]
    assert "/calendar/cal_" in address and address in issued.content.decode()
    again = client.get(reverse("notifications:calendar")).content.decode()
    assert "/calendar/cal_" not in again
    secret = address.rsplit("/", 1)[1].removesuffix(".ics")
    fetch(client, secret)
    assert client.post(reverse("notifications:calendar-revoke")).status_code == 302
    assert client.get(feed_url(secret)).status_code == 404


def test_my_calendar_page_has_the_breadcrumb_of_the_personal_pages(client, world):
    from django.utils.translation import gettext as _

    client.force_login(world.proposer)
    html = client.get(reverse("notifications:calendar")).content.decode()
    crumbs = html.split('class="krds-breadcrumb-wrap"', 1)[1].split("</nav>", 1)[0]
    assert f'href="{reverse("notifications:list")}"' in crumbs and _("Notifications") in crumbs
    assert f'aria-current="page">{_("My calendar")}</span>' in crumbs


def test_my_calendar_page_queries_stay_flat(client, world):
    client.force_login(world.member)
    url = reverse("notifications:calendar")
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for n in range(12):
        lab_services.milestone_create(
            lab=world.lab, by=world.member, title=f"단계 {n}", target_date=timezone.localdate()
        )
        CallFactory(created_by=world.iu)
    with CaptureQueriesContext(connection) as many:
        page = client.get(url)
    assert len(page.context["deadlines"]) == 10 and page.context["deadline_count"] > 12
    assert len(many) == len(few)
