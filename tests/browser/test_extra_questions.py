"""추가 항목 in a browser: the innovation unit adds a required one-choice question and a long-text
question to a call, a staff member answers them in the proposal form and submits, and reads the
answers on the proposal page; every page axe-clean.

Elements are found by their names and addresses, not their words: the new words are translated
by the lead after this test was written."""

import pytest

from proposals.enums import ExtraKind, ProposalStatus
from proposals.models import ExtraAnswer, ExtraQuestion, Proposal
from tests.factories import CallFactory, DepartmentFactory, UserFactory, innovation_unit_user


@pytest.fixture
def world(transactional_db):
    department = DepartmentFactory(code="ICT", name="정보통신담당관")
    staff = UserFactory(full_name="김제안", department=department)
    unit = innovation_unit_user(full_name="박혁신")
    call = CallFactory(title="2026년 G-랩 과제 공모")
    return unit, staff, call, department


def test_the_unit_adds_questions_and_a_proposer_answers_them(page, visit, login, axe_check, world):
    unit, staff, call, department = world
    login(unit)
    visit(call.get_absolute_url())
    page.locator(f"a[href$='/calls/{call.pk}/extra-questions/']").click()
    page.wait_for_load_state("load")
    axe_check(page)
    page.locator(f"a[href$='/calls/{call.pk}/extra-questions/new/']").click()
    page.wait_for_load_state("load")
    axe_check(page)

    page.locator("#id_label").fill("희망 분야")
    page.locator("#id_kind").select_option(ExtraKind.SINGLE_CHOICE.value)
    page.locator("#id_choices").fill("디지털\n복지\n환경")
    page.locator("label[for=id_required]").click()  # KRDS checkboxes: the label takes the click
    page.locator("form.krds-form button[type=submit].primary").click()
    page.wait_for_load_state("load")
    axe_check(page)
    page.locator(f"a[href$='/calls/{call.pk}/extra-questions/new/']").click()
    page.wait_for_load_state("load")
    page.locator("#id_label").fill("관련 업무 경험")
    page.locator("#id_kind").select_option(ExtraKind.LONG_TEXT.value)
    page.locator("#id_max_length").fill("300")
    page.locator("form.krds-form button[type=submit].primary").click()
    page.wait_for_load_state("load")
    axe_check(page)
    choice, text = ExtraQuestion.objects.filter(call=call).order_by("position")
    assert (choice.required, choice.choice_list, text.max_length) == (
        True,
        ["디지털", "복지", "환경"],
        300,
    )
    assert page.get_by_role("cell", name="희망 분야", exact=True).is_visible()

    page.context.clear_cookies()
    login(staff)
    visit(f"/calls/{call.pk}/propose/")
    page.get_by_label("제목").fill("블록체인 기반 증명서 발급")
    page.get_by_label("현황 및 문제점").fill("증명서 발급에 시간이 오래 걸립니다.")
    page.get_by_label("개선 방안").fill("블록체인으로 위변조 없는 증명서를 발급합니다.")
    page.get_by_label("기대 효과").fill("도민은 방문 없이 증명서를 받습니다.")
    page.get_by_label("소관 부서").select_option(label=department.name)
    assert page.locator(f"#id_extra_{text.pk}").get_attribute("maxlength") == "300"
    page.locator(f"#id_extra_{text.pk}").fill("민원 창구를 삼 년 동안 맡았습니다.")

    # Submitting without the required choice keeps a draft and points at the question.
    page.get_by_role("button", name="제출하기").click()
    page.wait_for_load_state("load")
    axe_check(page)
    proposal = Proposal.objects.get(proposer=staff)
    assert proposal.status == ProposalStatus.DRAFT
    assert page.locator(f"#id_extra_{choice.pk}_error").is_visible()

    page.locator(f"#id_extra_{choice.pk}").get_by_text(
        "복지"
    ).click()  # KRDS radios: the label takes the click
    page.get_by_role("button", name="제출하기").click()
    page.wait_for_load_state("load")
    axe_check(page)
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.SUBMITTED
    assert {a.question_id: a.value for a in ExtraAnswer.objects.filter(proposal=proposal)} == {
        choice.pk: "복지",
        text.pk: "민원 창구를 삼 년 동안 맡았습니다.",
    }
    answers = page.locator(".portal-extra-answers")
    assert (
        answers.get_by_text("희망 분야").is_visible() and answers.get_by_text("복지").is_visible()
    )
    assert answers.get_by_text("민원 창구를 삼 년 동안 맡았습니다.").is_visible()
