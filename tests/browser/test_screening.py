"""A board member scores an entry (blind), then the innovation unit selects the task."""

import pytest

from proposals.enums import CallPhase, ProposalStatus
from screening.models import Review
from tests.factories import DepartmentFactory, UserFactory, innovation_unit_user
from tests.factories.screening import ClosedCallFactory, EntryFactory, setup_screening


@pytest.fixture
def board(transactional_db):
    innovation_unit = innovation_unit_user(full_name="박혁신")
    member = UserFactory(full_name="정심사")
    call = ClosedCallFactory(title="2019년 G-랩 과제 공모", code="2019-B")
    proposer = UserFactory(full_name="홍길동제안자", department=DepartmentFactory(name="비밀행정부서과"))
    winner = EntryFactory(call=call, proposer=proposer, title="블록체인을 활용한 행정혁신")
    other = EntryFactory(call=call, title="드론 배송 행정서비스")
    screening = setup_screening(call=call, by=innovation_unit, members=[member])
    return innovation_unit, member, call, winner, other, screening


def test_board_member_scores_and_innovation_unit_selects(page, visit, login, axe_check, board):
    innovation_unit, member, call, winner, other, screening = board
    login(member)
    visit("/screening/")
    page.get_by_role("link", name="심사할 과제").click()
    page.wait_for_load_state("load")
    axe_check(page)
    assert "홍길동제안자" not in page.content()
    page.get_by_role("link", name=winner.title).click()
    page.wait_for_load_state("load")
    axe_check(page)
    assert "홍길동제안자" not in page.content() and "비밀행정부서과" not in page.content()

    criteria = list(screening.criteria.all())
    # Keyboard: check 4 on the first criterion, then the arrow key moves to 5.
    first = page.get_by_role("group", name=f"{criteria[0].name} (가중치 {criteria[0].weight})")
    first.get_by_text("4", exact=True).click()
    page.keyboard.press("ArrowRight")
    for criterion in criteria[1:]:
        group = page.get_by_role("group", name=f"{criterion.name} (가중치 {criterion.weight})")
        group.get_by_text("5", exact=True).click()
    page.get_by_label("의견").first.fill("매우 도전적인 과제입니다.")
    page.get_by_role("button", name="점수 저장").click()
    page.wait_for_load_state("load")
    axe_check(page)
    review = Review.objects.get(reviewer=member, proposal=winner)
    assert {s.value for s in review.scores.all()} == {5}
    assert page.get_by_text(f"{winner.reference} 점수를 저장했습니다.").is_visible()

    page.context.clear_cookies()
    login(innovation_unit)
    visit(f"/screening/{call.pk}/ranking/")
    first_row = page.get_by_role("row").nth(1)
    assert winner.reference in first_row.inner_text()
    page.get_by_text(f"1위. {winner.reference} {winner.title}", exact=True).click()
    page.get_by_label("선정 사유").fill("공공서비스 분야의 잠재력이 큰 도전적 과제")
    page.get_by_role("button", name="선정 결과 확정").click()
    page.wait_for_load_state("load")
    axe_check(page)
    assert page.get_by_text("선정 결과를 확정하고 제안자에게 안내했습니다.").is_visible()

    winner.refresh_from_db()
    other.refresh_from_db()
    call.refresh_from_db()
    assert winner.status == ProposalStatus.SELECTED
    assert other.status == ProposalStatus.NOT_SELECTED
    assert call.phase == CallPhase.DECIDED


def test_the_unit_sees_the_entrys_rank_as_a_deferred_panel(page, visit, login, axe_check, board):
    """The rank moves with every review, so it is not cached with the proposal page: htmx
    fetches it when its placeholder scrolls into view."""
    from tests.factories.screening import score_all

    innovation_unit, member, call, winner, other, screening = board
    score_all(screening=screening, proposal=winner, by=member, value=5)
    login(innovation_unit)
    visit(winner.get_absolute_url())
    page.locator('[data-panel="rank"]').scroll_into_view_if_needed()
    page.get_by_role("link", name="순위 보기").wait_for()
    assert page.locator('[data-panel="rank"]').count() == 0
    assert "1위" in page.locator("#screening-rank-heading").locator("..").inner_text()
    axe_check(page)
