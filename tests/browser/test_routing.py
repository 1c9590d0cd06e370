"""A department liaison answers a routed proposal; the proposer then sees the answer on the
proposal's page. And the innovation unit's routing pages pass the accessibility checks."""

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.services import department_liaison_assign
from routing import services
from routing.enums import ReviewVerdict, RoutingStatus
from routing.models import Routing
from tests.factories import DepartmentFactory, UserFactory, innovation_unit_user
from tests.factories.routing import AnswerTemplateFactory, NotSelectedProposalFactory


@pytest.fixture
def routed(transactional_db):
    department = DepartmentFactory(code="TOUR", name="관광진흥과")
    liaison = UserFactory(full_name="최연락", department=department)
    department_liaison_assign(department=department, user=liaison)
    proposer = UserFactory(full_name="김제안")
    unit = innovation_unit_user(full_name="박혁신")
    proposal = NotSelectedProposalFactory(
        proposer=proposer, owning_department=department, title="야간 관광 명소 스탬프 투어"
    )
    services.proposal_review(
        proposal=proposal, by=unit, verdict=ReviewVerdict.ROUTE, departments=[department],
        note="관광객 체류 시간을 늘릴 수 있어 실효성이 있습니다.",
    )
    return proposal, liaison, unit


def test_liaison_answers_and_the_proposer_sees_it(page, visit, login, axe_check, routed):
    proposal, liaison, _unit = routed
    login(liaison)
    visit("/routing/inbox/")
    page.get_by_role("link", name=proposal.title).click()
    page.wait_for_load_state("load")
    axe_check(page)

    target = timezone.localdate() + timedelta(days=120)
    page.locator("label[for=id_status_0]").click()  # KRDS radios: the label takes the click
    assert page.get_by_label("채택", exact=True).is_checked()
    page.get_by_label("추진 계획, 사유 또는 의견").fill("내년 상반기 야간 관광 축제와 연계해 시범 운영합니다.")
    page.get_by_label("목표일").fill(target.isoformat())
    page.get_by_role("button", name="답변 등록").click()
    page.wait_for_load_state("load")
    axe_check(page)
    routing = Routing.objects.get(proposal=proposal)
    assert routing.status == RoutingStatus.ADOPTED
    assert routing.target_date == target
    assert page.get_by_text("부서 답변을 등록했습니다.").is_visible()

    page.context.clear_cookies()
    login(proposal.proposer)
    visit(proposal.get_absolute_url())
    panel = page.locator("section.routing-panel")
    assert panel.get_by_role("heading", name="실효성 검토 및 부서 답변").is_visible()
    assert panel.get_by_text("관광진흥과").first.is_visible()
    assert panel.get_by_text("내년 상반기 야간 관광 축제와 연계해 시범 운영합니다.").is_visible()
    assert panel.get_by_text(target.isoformat()).first.is_visible()


def test_innovation_unit_routing_pages(page, visit, login, routed):
    proposal, _liaison, unit = routed
    waiting = NotSelectedProposalFactory(call=proposal.call, title="공공 와이파이 확대")
    AnswerTemplateFactory(title="소관 부서 추진 검토 요청")
    login(unit)
    visit("/routing/review/")
    visit(f"/routing/calls/{proposal.call_id}/review/")
    visit(f"/routing/calls/{proposal.call_id}/review/bulk/")
    page.locator(f"label[for=id_pick_{waiting.pk}]").click()  # KRDS checkboxes: the label takes the click
    assert page.get_by_label(f"{waiting.reference} 선택").is_checked()
    page.get_by_label("답변 서식").select_option(label="소관 부서 추진 검토 요청")
    page.get_by_role("button", name="검토 결과 일괄 등록").click()
    page.wait_for_load_state("load")
    assert Routing.objects.filter(proposal=waiting, department=waiting.owning_department).exists()
    visit(f"/routing/routings/{Routing.objects.get(proposal=proposal).pk}/")
    visit("/routing/tracking/?show=all")
    visit("/routing/templates/")
    visit("/routing/templates/new/")
    visit("/routing/liaisons/")
