"""Every role's home runs the same number of queries with few rows as with many: its figures
are counted in SQL, never row by row (README, "A home per role")."""

from datetime import timedelta

import pytest
from django.utils import timezone

from labs import services as lab_services
from labs.enums import DecisionKind
from proposals.enums import CoProposerStatus
from tests.factories import (
    CallFactory,
    CoProposerFactory,
    DepartmentFactory,
    ProposalFactory,
    SubmittedProposalFactory,
    UserFactory,
    innovation_unit_user,
)
from tests.factories.labs import LabFactory, SelectedProposalFactory, join, running_lab
from tests.factories.routing import NotSelectedProposalFactory, RoutingFactory, liaison_user
from tests.factories.screening import ClosedCallFactory, EntryFactory, score_all, setup_screening
from tests.home.helpers import home_queries

pytestmark = pytest.mark.django_db

MAX_QUERIES = 25


def assert_flat(client, user, add_rows):
    home_queries(client, user)  # the first request of a session may do one-off work
    few, _ = home_queries(client, user)
    add_rows()
    many, sql = home_queries(client, user)
    assert few == many, sql
    assert many <= MAX_QUERIES, sql


def test_staff_home(client):
    person = UserFactory()

    def rows(n):
        for _ in range(n):
            call = CallFactory()
            ProposalFactory(proposer=person, call=call)
            SubmittedProposalFactory(proposer=person, call=call)
            CoProposerFactory(proposal=ProposalFactory(call=call), user=person, status=CoProposerStatus.INVITED)

    rows(1)
    assert_flat(client, person, lambda: rows(8))


def test_board_home(client):
    iu, member = innovation_unit_user(), UserFactory()

    def seats(n, entries):
        for _ in range(n):
            call = ClosedCallFactory(created_by=iu)
            proposals = [EntryFactory(call=call) for _ in range(entries)]
            screening = setup_screening(call=call, by=iu, members=[member])
            score_all(screening=screening, proposal=proposals[0], by=member, value=3)

    seats(1, 2)
    assert_flat(client, member, lambda: seats(3, 6))


def test_liaison_home(client):
    department = DepartmentFactory()
    liaison = liaison_user(department)
    today = timezone.localdate()

    def routings(n):
        for i in range(n):
            RoutingFactory(department=department, due_on=today + timedelta(days=i - n // 2))
        join(LabFactory(), UserFactory(department=department))

    routings(1)
    assert_flat(client, liaison, lambda: routings(12))


def test_lab_member_home(client):
    iu, person = innovation_unit_user(), UserFactory()
    today = timezone.localdate()

    def lab_with_work():
        other = UserFactory()
        lab = running_lab(person, other, iu=iu)
        lab_services.milestone_create(lab=lab, by=other, title="시범 운영", target_date=today + timedelta(days=9))
        lab_services.decision_propose(
            lab=lab, by=other, kind=DecisionKind.SCOPE_CHANGE, summary="범위 조정", new_mission="한 종만 합니다."
        )
        for day in range(3):
            entry = lab_services.log_entry_create(lab=lab, by=other, entry_date=today - timedelta(days=day), did="조사")
            lab_services.log_comment_add(entry=entry, by=other, body="확인했습니다.")

    lab_with_work()
    assert_flat(client, person, lambda: [lab_with_work() for _ in range(3)])


def test_innovation_unit_home(client):
    iu = innovation_unit_user()

    def calls(n):
        for _ in range(n):
            SubmittedProposalFactory(call=CallFactory(created_by=iu))
            EntryFactory(call=ClosedCallFactory(created_by=iu))
            screened = ClosedCallFactory(created_by=iu)
            EntryFactory(call=screened)
            setup_screening(call=screened, by=iu, members=[UserFactory()])
            decided = ClosedCallFactory(created_by=iu, stored_phase="decided")
            NotSelectedProposalFactory(call=decided)
            SelectedProposalFactory(call=decided)
            RoutingFactory(due_on=timezone.localdate() - timedelta(days=1))
            lab = LabFactory(created_by=iu)
            lab_services.lab_volunteer(lab=lab, by=UserFactory())

    calls(1)
    assert_flat(client, iu, lambda: calls(4))


def test_every_role_at_once(client):
    iu = innovation_unit_user()
    department = DepartmentFactory()
    person = liaison_user(department)

    def work():
        RoutingFactory(department=department)
        running_lab(person, UserFactory(), iu=iu)
        call = ClosedCallFactory(created_by=iu)
        EntryFactory(call=call)
        setup_screening(call=call, by=iu, members=[person])
        ProposalFactory(proposer=person, call=CallFactory(created_by=iu))

    work()
    assert_flat(client, person, lambda: [work() for _ in range(3)])
