"""The first journey: a staff member drafts, submits with an attachment, follows it on
"my proposals"; after the call closes the edit is refused."""

from datetime import timedelta

import pytest
from django.utils import timezone

from proposals.enums import ProposalStatus
from proposals.models import Proposal
from tests.factories import CallFactory, DepartmentFactory, UserFactory


@pytest.fixture
def journey(transactional_db):
    department = DepartmentFactory(code="ICT", name="정보통신담당관")
    staff = UserFactory(full_name="김제안", department=department)
    call = CallFactory(title="2026년 G-랩 과제 공모")
    return staff, call, department


def test_staff_drafts_submits_with_attachment_and_follows_it(page, visit, login, axe_check, journey, tmp_path):
    staff, call, department = journey
    login(staff)
    visit("/")
    page.get_by_role("link", name=call.title).first.click()
    page.wait_for_load_state("load")
    axe_check(page)
    page.get_by_role("link", name="과제 제안하기").first.click()
    page.wait_for_load_state("load")
    axe_check(page)

    page.get_by_label("제목").fill("블록체인 기반 증명서 발급")
    page.get_by_label("현황 및 문제점").fill("증명서 발급에 시간이 오래 걸립니다.")
    page.get_by_role("button", name="임시 저장").click()
    page.wait_for_load_state("load")
    axe_check(page)
    proposal = Proposal.objects.get(proposer=staff)
    assert proposal.status == ProposalStatus.DRAFT

    page.get_by_role("link", name="수정").click()
    page.wait_for_load_state("load")
    page.get_by_label("개선 방안").fill("블록체인으로 위변조 없는 증명서를 발급합니다.")
    page.get_by_label("기대 효과").fill("도민은 방문 없이 증명서를 받습니다.")
    page.get_by_label("소관 부서").select_option(label=department.name)
    attachment = tmp_path / "계획서.pdf"
    attachment.write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    page.get_by_label("첨부파일").set_input_files(str(attachment))
    page.get_by_role("button", name="제출하기").click()
    page.wait_for_load_state("load")
    axe_check(page)

    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.SUBMITTED
    assert proposal.reference == f"{call.code}-001"
    assert proposal.attachments.get().original_name == "계획서.pdf"
    assert page.get_by_text(proposal.reference).first.is_visible()

    visit("/proposals/mine/")
    row = page.get_by_role("row", name="블록체인 기반 증명서 발급")
    assert row.get_by_text("제출").first.is_visible()


def test_edit_is_refused_after_the_call_closes(page, visit, login, journey):
    staff, call, department = journey
    proposal = Proposal.objects.create(
        call=call, proposer=staff, title="마감 후 수정 시도", problem="p", idea="i", effect="e",
        owning_department=department, status=ProposalStatus.SUBMITTED, reference=f"{call.code}-001",
        submitted_at=timezone.now(),
    )
    login(staff)
    edit = visit(f"/proposals/{proposal.pk}/edit/")
    call.closes_at = timezone.now() - timedelta(seconds=1)
    call.opens_at = call.closes_at - timedelta(days=10)
    call.save()
    edit.get_by_role("button", name="변경 내용 저장").click()
    edit.wait_for_load_state("load")
    assert edit.get_by_text("공모가 마감되었습니다").first.is_visible()
    proposal.refresh_from_db()
    assert proposal.title == "마감 후 수정 시도"
    visit(f"/proposals/{proposal.pk}/edit/", status=200)
    assert page.get_by_text("공모가 마감되었습니다").first.is_visible()
    assert page.get_by_role("button", name="변경 내용 저장").count() == 0


def test_a_draft_is_autosaved_while_typing_and_restorable_after_reload(page, visit, login, journey):
    staff, call, department = journey
    login(staff)
    form_page = visit(f"/calls/{call.pk}/propose/")
    form_page.get_by_label("제목").fill("자동 저장되는 제안")
    form_page.get_by_label("현황 및 문제점").fill("세션이 끊겨도 남아야 합니다.")
    # htmx posts the text a few seconds after the last keystroke.
    form_page.get_by_text("자동 저장했습니다").wait_for(timeout=15_000)
    draft = Proposal.objects.get(proposer=staff)
    assert draft.status == ProposalStatus.DRAFT
    assert draft.problem == "세션이 끊겨도 남아야 합니다."

    # A fresh form (a lapsed session, another tab) offers the browser's copy back.
    form_page.reload()
    form_page.wait_for_load_state("load")
    form_page.get_by_role("button", name="저장되지 않은 내용 복원").click()
    assert form_page.get_by_label("제목").input_value() == "자동 저장되는 제안"
    assert form_page.get_by_label("현황 및 문제점").input_value() == "세션이 끊겨도 남아야 합니다."


def test_deferred_history_arrives_when_scrolled_into_view(page, visit, login, axe_check, journey):
    """The change history is a deferred panel (core.panels): htmx fetches it once the
    placeholder scrolls into view and swaps it in, headings and all."""
    staff, call, _department = journey
    proposal = Proposal.objects.create(call=call, proposer=staff, title="지연 패널 확인")
    login(staff)
    visit(proposal.get_absolute_url())
    placeholder = page.locator('[data-panel="history"]')
    placeholder.scroll_into_view_if_needed()
    page.get_by_role("heading", name="변경 이력").wait_for()
    assert page.locator('[data-panel="history"]').count() == 0
    assert page.locator(".portal-history li").count() == 1
    axe_check(page)
