"""The dashboards, the outcomes page, search and a print page in a real browser, with axe."""

import pytest
from django.urls import reverse

from tests.factories import UserFactory, innovation_unit_user
from tests.factories.insight import build_program


@pytest.fixture
def world(transactional_db):
    unit = innovation_unit_user(full_name="박혁신")
    program = build_program(iu=unit)
    return {"unit": unit, "staff": UserFactory(full_name="김직원"), "program": program}


def test_unit_dashboard_and_print_pages_are_accessible(world, login, visit):
    login(world["unit"])
    call = world["program"].call.pk
    page = visit(reverse("insight:unit-dashboard") + f"?call={call}")
    assert page.locator("figure svg[role=img]").count() >= 8
    assert page.locator("h1").inner_text() == "도정혁신추진단 현황판"
    page = visit(reverse("insight:print-screening-result", args=[call]))
    assert page.locator("button[data-insight-print]").is_visible()
    visit(reverse("insight:print-final-report", args=[world["program"].lab.pk]))


def test_staff_dashboard_outcomes_and_search_are_accessible(world, login, visit):
    login(world["staff"])
    page = visit(reverse("insight:dashboard"))
    assert page.locator("figure").count() >= 6
    page = visit(reverse("insight:outcomes"))
    assert "블록체인 랩" in page.content() and "이미선" not in page.content()
    page = visit(reverse("insight:search") + "?q=도로")
    assert page.locator("table caption").inner_text().startswith("“도로” 검색 결과 1건")
