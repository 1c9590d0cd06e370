"""The unit assigns reviews (two members, one review per entry) and a board member declares a
conflict of interest on an assigned entry; the unit sees it and decides a department match.
Korean pages, axe clean (``visit`` checks each page)."""

import pytest

from screening.models import Assignment, Conflict
from tests.factories import DepartmentFactory, UserFactory, innovation_unit_user
from tests.factories.screening import ClosedCallFactory, EntryFactory, setup_screening


@pytest.fixture
def board(transactional_db):
    unit = innovation_unit_user(full_name="박혁신")
    department = DepartmentFactory(name="도시계획과")
    member = UserFactory(full_name="정심사")
    colleague = UserFactory(full_name="한심사", department=department)
    call = ClosedCallFactory(title="2019년 G-랩 과제 공모", code="2019-A")
    entries = [EntryFactory(call=call, title=f"행정혁신 과제 {n}") for n in range(1, 4)]
    flagged = EntryFactory(
        call=call, title="도시계획 과제", proposer=UserFactory(department=department)
    )
    setup_screening(call=call, by=unit, members=[member, colleague])
    return unit, member, colleague, call, entries, flagged


def test_the_unit_assigns_reviews_and_a_member_declares_a_conflict(page, visit, login, board):
    unit, member, colleague, call, _entries, flagged = board
    login(unit)
    visit(f"/screening/{call.pk}/assignments/")
    assert page.locator("html").get_attribute("lang") == "ko"
    page.click("label[for=id_review_mode_1]")
    assert page.locator("input[name=review_mode][value=assigned]").is_checked()
    page.fill("input[name=reviews_per_entry]", "1")
    with page.expect_navigation():
        page.click("main form button[type=submit]")
    visit(f"/screening/{call.pk}/assignments/")
    # Four entries, one review each, two members: two each. The colleague's department match
    # is not assigned to them until the unit decides.
    assert Assignment.objects.filter(member=member).count() == 2
    assert Assignment.objects.filter(member=colleague).count() == 2
    assert not Assignment.objects.filter(member=colleague, proposal=flagged).exists()
    progress = page.locator("table").first
    assert progress.get_by_role("row", name="정심사").locator("td").all_inner_texts() == [
        "0",
        "2",
        "2",
    ]
    assert page.get_by_text(flagged.reference).first.is_visible()

    page.context.clear_cookies()
    login(member)
    mine = Assignment.objects.filter(member=member).order_by("proposal__reference").first().proposal
    visit(f"/screening/{call.pk}/entries/{mine.pk}/")
    conflict = page.locator(
        "details", has=page.locator(f"form[action$='/entries/{mine.pk}/conflict/']")
    )
    conflict.locator("summary").click()
    conflict.locator("textarea").fill("제안자와 같은 팀에서 일했습니다")
    with page.expect_navigation():
        conflict.locator("button[type=submit]").click()
    assert page.url.endswith(f"/screening/{call.pk}/entries/")
    visit(f"/screening/{call.pk}/entries/")
    assert mine.reference not in page.locator("main").inner_text()
    assert (
        Conflict.objects.get(member=member, proposal=mine).reason
        == "제안자와 같은 팀에서 일했습니다"
    )
    # The entry went to the colleague: still one review assigned.
    assert Assignment.objects.filter(proposal=mine, member=colleague).exists()

    page.context.clear_cookies()
    login(unit)
    visit(f"/screening/{call.pk}/assignments/")
    assert page.get_by_text("제안자와 같은 팀에서 일했습니다").is_visible()
    decide = page.locator(f"form[action$='/conflicts/{flagged.pk}/{colleague.pk}/']")
    with page.expect_navigation():
        decide.locator("button[value=dismissed]").click()
    visit(f"/screening/{call.pk}/assignments/")
    assert Conflict.objects.get(member=colleague, proposal=flagged).decision == "dismissed"
