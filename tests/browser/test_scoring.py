"""A board member scores entries in a row: a compact scale per criterion with the unit's level
meanings, keyboard entry, progress, save-and-next; the proposal beside the scores on a wide
screen, stacked on a phone. Screenshots go to ``$BROWSER_ARTEFACTS`` (the ``screenshot``
fixture) for a reviewer to look at."""

import pytest

from screening import services
from screening.models import Review
from tests.factories import UserFactory, innovation_unit_user
from tests.factories.screening import ClosedCallFactory, EntryFactory, setup_screening

MEANINGS = ["새롭지 않음", "조금 새로움", "보통", "상당히 새로움", "전례 없는 발상"]
# A proposal of ordinary length: three paragraphs each for problem, idea and effect.
PARAGRAPH = (
    "민원인이 같은 서류를 여러 부서에 반복해서 제출해야 하는 불편이 큽니다. "
    "담당자도 서류를 대조하느라 하루 평균 두 시간을 씁니다. "
) * 3
TEXT = "\n\n".join([PARAGRAPH] * 3)


@pytest.fixture
def scoring(transactional_db):
    unit = innovation_unit_user(full_name="박혁신")
    member = UserFactory(full_name="정심사")
    call = ClosedCallFactory(title="2019년 G-랩 과제 공모", code="2019-S")
    entries = [
        EntryFactory(call=call, title=f"행정혁신 과제 {n}", problem=TEXT, idea=TEXT, effect=TEXT) for n in range(1, 4)
    ]
    screening = setup_screening(call=call, by=unit, members=[member], open_it=False)
    for criterion in screening.criteria.all():
        services.criterion_levels_update(criterion=criterion, by=unit, meanings=MEANINGS)
    services.screening_open(call=call, by=unit)
    return member, call, sorted(entries, key=lambda p: p.reference), screening


@pytest.fixture
def both_shots(screenshot):
    """The viewport as the person sees it, and the whole page."""

    def shot(page, name):
        screenshot(page, name, full_page=False)
        screenshot(page, f"{name}-full")

    return shot


def test_scoring_in_a_row_on_a_wide_screen(page, visit, login, axe_check, scoring, both_shots):
    member, call, entries, screening = scoring
    criteria = list(screening.criteria.all())
    page.set_viewport_size({"width": 1366, "height": 768})
    login(member)
    visit(f"/screening/{call.pk}/entries/{entries[0].pk}/")
    both_shots(page, "scoring-entry-desktop-top")
    assert page.get_by_text("3건 중 0건 심사").is_visible()
    assert page.locator("a[rel=prev]").count() == 0
    # Proposal left, scores right, the panel sticky.
    text_box = page.locator(".portal-entry-text").bounding_box()
    panel_box = page.locator(".portal-score-panel").bounding_box()
    assert panel_box["x"] > text_box["x"] + text_box["width"] - 1
    assert page.locator(".portal-score-panel").evaluate("e => getComputedStyle(e).position") == "sticky"

    # Keyboard: click 3 on the first criterion, the arrow key moves to 4; its meaning shows.
    first = page.get_by_role("group", name=f"{criteria[0].name} (가중치 {criteria[0].weight})")
    first.locator("label", has_text="3").click()
    page.keyboard.press("ArrowRight")
    assert first.get_by_role("radio", name="4").is_checked()
    assert first.get_by_text("4 · 상당히 새로움").is_visible()
    assert not first.get_by_text("3 · 보통").is_visible()
    for criterion in criteria[1:]:
        group = page.get_by_role("group", name=f"{criterion.name} (가중치 {criterion.weight})")
        group.locator("label", has_text="5").click()
    axe_check(page)
    both_shots(page, "scoring-entry-desktop")
    page.mouse.wheel(0, 900)  # the score panel stays in view while the text scrolls
    page.wait_for_timeout(200)
    assert page.locator(".portal-score-panel").bounding_box()["y"] >= 0
    both_shots(page, "scoring-entry-desktop-scrolled")
    height = page.evaluate("() => document.documentElement.scrollHeight")
    # The scores sit beside the text: the page is as long as the proposal, not text + scores.
    text_bottom = page.locator(".portal-entry-text").evaluate("e => e.getBoundingClientRect().bottom + scrollY")
    assert height - text_bottom < 400, (height, text_bottom)
    page.get_by_role("button", name="저장하고 다음 과제로").click()
    page.wait_for_load_state("load")
    assert page.url.endswith(f"/entries/{entries[1].pk}/")
    assert page.get_by_text("3건 중 1건 심사").is_visible()
    assert page.locator("a[rel=prev]").get_attribute("href").endswith(f"/entries/{entries[0].pk}/")
    review = Review.objects.get(reviewer=member, proposal=entries[0])
    assert sorted(s.value for s in review.scores.all()) == [4, 5, 5, 5]


def test_scoring_on_a_phone(page, visit, login, axe_check, scoring, both_shots):
    member, call, entries, screening = scoring
    page.set_viewport_size({"width": 390, "height": 844})
    login(member)
    visit(f"/screening/{call.pk}/entries/{entries[-1].pk}/")
    assert page.locator("a[rel=next]").count() == 0
    text_box = page.locator(".portal-entry-text").bounding_box()
    panel_box = page.locator(".portal-score-panel").bounding_box()
    assert panel_box["y"] >= text_box["y"] + text_box["height"] - 1  # stacked
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 390
    page.locator(".portal-score-panel").scroll_into_view_if_needed()
    both_shots(page, "scoring-entry-phone")
