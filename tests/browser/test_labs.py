"""Two lab members each log an entry and both sign off the final report; the innovation unit
closes the lab and every staff member reads its outcome and lessons."""

import pytest

from labs.enums import DecisionStatus, LabStatus
from labs.models import Decision, Lab, LogEntry
from tests.factories import UserFactory, innovation_unit_user
from tests.factories.labs import SelectedProposalFactory, running_lab


@pytest.fixture
def lab_team(transactional_db):
    innovation_unit = innovation_unit_user(full_name="박혁신")
    first = UserFactory(full_name="김육급", grade="6")
    second = UserFactory(full_name="이칠급", grade="7")
    reader = UserFactory(full_name="최독자")
    lab = running_lab(first, second, iu=innovation_unit)
    return lab, first, second, innovation_unit, reader


def write_entry(page, visit, lab, did):
    visit(lab.get_absolute_url())
    page.get_by_role("link", name="활동일지와 타임라인").click()
    page.wait_for_load_state("load")
    page.get_by_role("link", name="활동일지 쓰기").click()
    page.wait_for_load_state("load")
    page.get_by_label("한 일").fill(did)
    page.get_by_label("배운 점").fill("현장의 수요를 확인했습니다.")
    page.get_by_role("button", name="저장").click()
    page.wait_for_load_state("load")
    assert page.get_by_text("활동일지에 기록했습니다.").is_visible()
    assert page.get_by_text(did).is_visible()


def test_two_members_log_and_sign_off_the_final_report(page, visit, login, axe_check, lab_team):
    lab, first, second, innovation_unit, reader = lab_team

    login(first)
    write_entry(page, visit, lab, "민원 담당자 3명을 인터뷰했습니다.")
    axe_check(page)
    visit(f"/labs/{lab.pk}/decisions/")
    page.get_by_role("link", name="최종보고 작성·서명 요청").click()
    page.wait_for_load_state("load")
    axe_check(page)
    page.get_by_label("요약").fill("블록체인 증명서 발급을 시험했습니다.")
    page.get_by_label("결과").fill("시범 서비스 설계를 마쳤습니다.")
    page.get_by_text("미달성", exact=True).click()
    page.get_by_label("배운 점").fill("법적 근거를 먼저 마련해야 합니다.")
    page.get_by_role("button", name="최종보고 작성·서명 요청").click()
    page.wait_for_load_state("load")
    axe_check(page)
    assert page.get_by_text("서명 대기:").is_visible()

    page.context.clear_cookies()
    login(second)
    write_entry(page, visit, lab, "시범 서비스 화면 시안을 만들었습니다.")
    decision = Decision.objects.get(lab=lab)
    visit(decision.get_absolute_url())
    page.get_by_role("button", name="서명", exact=True).click()
    page.wait_for_load_state("load")
    axe_check(page)
    assert page.get_by_text("서명이 기록되었습니다.").is_visible()

    assert LogEntry.objects.filter(lab=lab).values("author").distinct().count() == 2
    decision.refresh_from_db()
    lab.refresh_from_db()
    assert decision.status == DecisionStatus.ADOPTED
    assert lab.status == LabStatus.CLOSING
    assert {s.user for s in decision.signoffs.all()} == {first, second}

    page.context.clear_cookies()
    login(innovation_unit)
    visit(lab.get_absolute_url())
    page.get_by_role("button", name="랩 종료").click()
    page.wait_for_load_state("load")
    lab.refresh_from_db()
    assert lab.status == LabStatus.CLOSED

    page.context.clear_cookies()
    login(reader)
    visit(lab.get_absolute_url())
    assert page.get_by_text("법적 근거를 먼저 마련해야 합니다.").is_visible()
    assert page.get_by_role("link", name="활동일지와 타임라인").count() == 0


def test_innovation_unit_pages_are_accessible(page, visit, login, lab_team):
    lab, first, _second, innovation_unit, _reader = lab_team
    selected = SelectedProposalFactory(title="도민 제안 AI 분류")
    login(innovation_unit)
    visit("/labs/overview/")
    assert page.get_by_role("link", name=lab.name).is_visible()
    page.get_by_role("link", name="도민 제안 AI 분류").click()  # "랩 구성" + the title for screen readers
    page.wait_for_load_state("load")
    page.get_by_role("button", name="저장").click()
    page.wait_for_load_state("load")
    assert Lab.objects.filter(proposal=selected).exists()
    visit("/labs/")
    visit("/labs/releases/")
    visit(f"/labs/{lab.pk}/log/")


def test_an_invitation_to_a_lab_waits_on_the_home_page(page, visit, login, axe_check, transactional_db):
    from labs import services
    from tests.factories.labs import LabFactory

    innovation_unit, person = innovation_unit_user(full_name="박혁신"), UserFactory(full_name="정초대")
    lab = LabFactory(name="민원 혁신 랩", created_by=innovation_unit)
    membership = services.lab_volunteer(lab=lab, by=person)
    services.membership_invite(membership=membership, by=innovation_unit)
    login(person)
    visit("/")
    section = page.locator("section", has=page.get_by_role("heading", name="랩 참여 초대"))
    section.get_by_role("link", name="민원 혁신 랩").click()
    page.wait_for_load_state("load")
    assert page.url.endswith(lab.get_absolute_url())
    axe_check(page)
