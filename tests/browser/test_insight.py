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


PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 768}

# The smallest a chart is drawn (its width on screen over its own width): at 0.75 its 12px
# text reads at 9px or more.
CHART_SCALES = """() => [...document.querySelectorAll('svg.insight-svg')].map(
  svg => svg.getBoundingClientRect().width / svg.viewBox.baseVal.width)"""
# Short cells (not .insight-wrap) of the data tables that break over more than one line.
WRAPPED_CELLS = """() => [...document.querySelectorAll('.insight-data td:not(.insight-wrap), .insight-data th:not(.insight-wrap)')]
  .filter(cell => {
    const range = document.createRange(); range.selectNodeContents(cell);
    return new Set([...range.getClientRects()].map(r => Math.round(r.top))).size > 1;
  }).map(cell => cell.textContent.trim())"""
PAGE_OVERFLOW = "() => document.documentElement.scrollWidth - window.innerWidth"


@pytest.mark.parametrize("size", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_charts_stay_readable_and_tables_keep_short_cells_on_one_line(
    world, login, visit, page, size
):
    page.set_viewport_size(size)
    login(world["unit"])
    page = visit(reverse("insight:unit-dashboard") + f"?call={world['program'].call.pk}")
    assert page.evaluate(PAGE_OVERFLOW) <= 0
    scales = page.evaluate(CHART_SCALES)
    assert scales and min(scales) >= 0.75, scales
    assert page.evaluate(WRAPPED_CELLS) == []


def test_search_hits_are_cards_on_a_phone(world, login, visit, page):
    page.set_viewport_size(PHONE)
    login(world["unit"])
    page = visit(reverse("insight:search") + "?q=도로")
    assert page.evaluate(PAGE_OVERFLOW) <= 0
    # The count shows (KRDS hides the table's caption from sight): the unit reads both 도로 proposals.
    assert page.locator(".insight-result-count").inner_text() == "“도로” 검색 결과 2건"
    title = page.locator(".insight-search-hits tbody .insight-hit-title").first.bounding_box()
    call = page.locator(".insight-search-hits tbody td[data-label]").first.bounding_box()
    assert title["y"] < call["y"]  # the title first, then the details under it
    assert abs(title["x"] - call["x"]) < 4  # one column, not a table row
