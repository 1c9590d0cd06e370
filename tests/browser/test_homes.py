"""Each role's home passes axe and fits a phone: the person signs in and lands on their work,
and a count opens the page where the work is done."""

from datetime import timedelta

import pytest
from django.utils import timezone

from labs import services as lab_services
from labs.enums import DecisionKind
from tests.factories import (
    CallFactory,
    DepartmentFactory,
    ProposalFactory,
    UserFactory,
    innovation_unit_user,
)
from tests.factories.labs import running_lab
from tests.factories.routing import RoutingFactory, liaison_user
from tests.factories.screening import ClosedCallFactory, EntryFactory, setup_screening

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def everyone(transactional_db):
    """One person in every role but the unit's, and a member of the unit, each with work."""
    iu = innovation_unit_user(full_name="박혁신")
    department = DepartmentFactory(name="정보통신담당관")
    person = liaison_user(department, full_name="김다역")
    RoutingFactory(department=department, due_on=timezone.localdate() - timedelta(days=2))
    other = UserFactory(full_name="이동료")
    lab = running_lab(person, other, iu=iu)
    lab_services.decision_propose(lab=lab, by=other, kind=DecisionKind.SCOPE_CHANGE, summary="범위", new_mission="한 종만")
    call = ClosedCallFactory(created_by=iu)
    EntryFactory.create_batch(2, call=call)
    setup_screening(call=call, by=iu, members=[person])
    ProposalFactory(proposer=person, call=CallFactory(created_by=iu, title="진행 중인 공모"))
    return iu, person


def fits_a_phone(page):
    page.set_viewport_size(PHONE)
    page.wait_for_timeout(100)
    return page.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]


def test_a_person_with_several_roles_lands_on_their_work(page, visit, login, axe_check, everyone):
    _iu, person = everyone
    login(person)
    visit("/")
    headings = page.locator("h2").all_inner_texts()
    assert len(headings) == 4  # lab, board, liaison, staff
    assert fits_a_phone(page)
    axe_check(page)
    page.set_viewport_size({"width": 1366, "height": 768})
    page.locator("a.krds-btn[href*='state=todo']").first.click()
    page.wait_for_load_state("load")
    assert "state=todo" in page.url
    axe_check(page)


def test_the_innovation_units_home(page, visit, login, axe_check, everyone):
    iu, _person = everyone
    login(iu)
    visit("/")
    assert page.locator("table").count() >= 2  # the calls and the labs
    assert fits_a_phone(page)
    axe_check(page)
