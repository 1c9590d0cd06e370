"""The idea bank (issue 20, part 1): a colleague supports and comments on a banked idea; the
department's liaison then sees the support count and the comment beside its answer. Every
page passes axe. Words are looked up through the catalogue (``ko``), so the test holds before
and after the Korean catalogue carries the bank's messages."""

import re

import pytest
from django.utils import translation
from django.utils.translation import gettext, ngettext, pgettext

from accounts.services import department_liaison_assign
from proposals import services as proposal_services
from routing import services
from routing.enums import ReviewVerdict
from routing.models import IdeaComment, IdeaSupport, Routing
from tests.factories import DepartmentFactory, UserFactory, innovation_unit_user
from tests.factories.routing import NotSelectedProposalFactory

COMMENT = "저희 과 민원 창구에도 꼭 필요합니다."


def ko(func, *args):
    with translation.override("ko"):
        return func(*args)


@pytest.fixture
def banked(transactional_db):
    department = DepartmentFactory(code="WELF", name="복지정책과")
    liaison = UserFactory(full_name="최연락", department=department)
    department_liaison_assign(department=department, user=liaison)
    proposer = UserFactory(full_name="김제안")
    proposal = NotSelectedProposalFactory(
        proposer=proposer,
        owning_department=department,
        title="복지 급여 알림톡",
        idea="급여 지급 일정을 알림톡으로 미리 알립니다.",
    )
    services.proposal_review(
        proposal=proposal,
        by=innovation_unit_user(),
        verdict=ReviewVerdict.ROUTE,
        departments=[department],
        note="도민 체감도가 높습니다.",
    )
    proposal_services.idea_bank_consent_set(proposal=proposal, by=proposer, agreed=True)
    return proposal, liaison


def test_a_colleague_supports_and_comments_and_the_liaison_sees_it(
    page, visit, login, axe_check, banked
):
    proposal, liaison = banked
    colleague = UserFactory(full_name="이동료")
    login(colleague)
    visit("/routing/ideas/")
    assert page.locator("html").get_attribute("lang") == "ko"
    assert page.get_by_role("heading", name=ko(gettext, "Idea bank"), exact=True).is_visible()
    page.get_by_role("link", name=proposal.title).click()
    page.wait_for_load_state("load")
    axe_check(page)
    assert page.get_by_text("급여 지급 일정을 알림톡으로 미리 알립니다.").is_visible()
    assert page.get_by_text("김제안").count() == 0

    support = ko(pgettext, "idea bank", "Support")
    page.get_by_role("button", name=re.compile(re.escape(support))).click()
    page.wait_for_load_state("load")
    axe_check(page)
    assert IdeaSupport.objects.filter(proposal=proposal, user=colleague).exists()
    assert (
        page.get_by_role("button", name=re.compile(re.escape(support))).get_attribute(
            "aria-pressed"
        )
        == "true"
    )

    page.get_by_role("textbox", name=ko(gettext, "Your comment")).fill(COMMENT)
    page.get_by_role("button", name=ko(gettext, "Add the comment")).click()
    page.wait_for_load_state("load")
    axe_check(page)
    assert IdeaComment.objects.get(proposal=proposal).author == colleague
    assert page.get_by_text(COMMENT).is_visible()
    assert page.get_by_text("이동료").count() == 1  # the header's name only, not the comment

    page.context.clear_cookies()
    login(liaison)
    visit(f"/routing/routings/{Routing.objects.get(proposal=proposal).pk}/")
    section = page.locator(
        "section", has=page.get_by_role("heading", name=ko(gettext, "Colleagues in the idea bank"))
    )
    count = ko(ngettext, "%(n)s colleague supports it.", "%(n)s colleagues support it.", 1) % {
        "n": 1
    }
    assert section.get_by_text(count).is_visible()
    assert section.get_by_text(COMMENT).is_visible()
    assert section.get_by_text("이동료").count() == 0
