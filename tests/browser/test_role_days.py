"""Every role's day, on the demo data (``manage.py seed_demo``) and the README's demo logins:
sign in for the first time (the privacy consent comes first), read the home's counts, do the
day's main task, see its result. At desktop (1366×768) and phone (390×844) size, in an
English-language chromium (conftest: ``--lang=en-US``, ``en-US`` context locale), each page in
Korean and clean under axe. Each home and main page is saved with ``screenshot`` as
``<role>-<page>-<viewport>.png`` for a reviewer to look at.

- staff proposer (staff04): the draft on the home → finish it, add a co-proposer by name with
  the people picker, submit → the proposal is submitted with its reference; no draft left.
- board member (board01): "3 of 8 scored" → score the next entry, save and move on → 4 of 8.
- liaison (liaison01): one to answer, one overdue → answer it → nothing left to answer.
- innovation unit (iu01): each call's stage and what waits → decide a re-route request →
  one request left.
- lab member (staff06): the lab's next milestone and the other member's new entries → open
  the lab, write a log entry → it is on the lab's progress log.
"""

import io
import re
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from accounts.models import User
from demodata.foundation import DEMO_PASSWORD
from labs.models import LogEntry
from proposals.enums import ProposalStatus
from proposals.models import CoProposer, Proposal
from routing.enums import RoutingStatus
from routing.models import Routing
from screening.models import Criterion, Review

from .conftest import BROWSER_LOCALE

VIEWPORTS = {"desktop": {"width": 1366, "height": 768}, "phone": {"width": 390, "height": 844}}
HANGUL = re.compile(r"[\uac00-\ud7a3]")


@pytest.fixture(params=list(VIEWPORTS))
def viewport(request, page):
    page.set_viewport_size(VIEWPORTS[request.param])
    return request.param


@pytest.fixture
def demo(transactional_db, settings):
    """The demo data, with the consent at first sign-in switched on as in production."""
    call_command("seed_demo", stdout=io.StringIO())
    settings.PRIVACY_CONSENT_REQUIRED = True


@pytest.fixture
def walk(page, live_server, axe_check, screenshot, viewport, demo):
    """``walk.sign_in(role, username)`` (through the consent), ``walk.check(role, name)``
    (Korean, axe, fits the screen, screenshot), ``walk.click(locator)`` (and wait for the next
    page) and ``walk.home()``."""

    page.set_default_timeout(10_000)

    class Walk:
        def sign_in(self, role, username):
            page.goto(live_server.url + "/accounts/login/")
            assert page.evaluate("() => navigator.language") == BROWSER_LOCALE  # an English browser
            page.fill("input[name=username]", username)
            page.fill("input[name=password]", DEMO_PASSWORD)
            self.click(page.locator("form[action$='/accounts/login/'] button[type=submit]"))
            # A demo login's first sign-in asks for consent to the privacy notice (README).
            assert "/privacy/consent/" in page.url, page.url
            self.check(role, "consent")
            page.locator("label[for=id_agree]").click()
            self.click(page.get_by_role("button", name="동의하고 계속하기"))
            assert page.url == live_server.url + "/", page.url

        def check(self, role, name):
            assert page.evaluate("() => document.documentElement.lang") == "ko"
            heading = page.locator("h1").first.inner_text()
            assert HANGUL.search(heading), heading
            axe_check(page)
            width = page.evaluate("() => document.documentElement.scrollWidth")
            assert width <= VIEWPORTS[viewport]["width"], (
                f"{page.url} is {width}px wide on a {viewport}"
            )
            screenshot(page, f"{role}-{name}-{viewport}")

        def home(self):
            page.goto(live_server.url + "/")
            page.wait_for_load_state("load")

        def click(self, locator):
            with page.expect_navigation():
                locator.click()
            page.wait_for_load_state("load")

    return Walk()


def figure(scope, label):
    """The number on one of the home's figures ("답변할 제안 1건"), within ``scope``."""
    text = scope.locator(".portal-figures li").filter(has_text=label).first.inner_text()
    return int(re.search(r"\d+", text.replace(label, "")).group())


def test_a_staff_member_finishes_a_draft_and_submits_it(page, walk):
    walk.sign_in("staff", "staff04")
    section = page.locator(
        "section", has=page.get_by_role("heading", name="내 제안과 진행 중인 공모")
    )
    assert figure(section, "작성 중인 내 제안") == 1
    assert figure(section, "진행 중인 공모") == 1
    walk.check("staff", "home")

    walk.click(section.get_by_role("link", name="이어 쓰기 탄소중립 실천 포인트"))
    colleague = User.objects.get(username="staff10")
    box = page.get_by_role("combobox", name="공동제안자", exact=True)
    box.press_sequentially(colleague.full_name[:2])
    # Two people share the name: the department tells them apart.
    found = f"{colleague.full_name} · {colleague.department.name}"
    option = page.get_by_role("listbox").get_by_role("option", name=re.compile(found))
    option.wait_for()
    walk.check("staff", "people-picker")
    option.click()
    assert colleague.full_name in page.locator(".portal-picker-chips").inner_text()
    walk.check("staff", "proposal-form")

    walk.click(page.get_by_role("button", name="제출하기"))
    proposal = Proposal.objects.get(proposer__username="staff04", title="탄소중립 실천 포인트")
    assert proposal.status == ProposalStatus.SUBMITTED and proposal.reference == "2026-G-004"
    assert CoProposer.objects.filter(proposal=proposal, user=colleague).exists()
    assert page.get_by_text(proposal.reference).first.is_visible()
    walk.check("staff", "proposal-submitted")

    walk.home()
    assert figure(page, "작성 중인 내 제안") == 0


def test_a_board_member_scores_the_next_entry(page, walk):
    walk.sign_in("board", "board01")
    board = page.locator("section", has=page.get_by_role("heading", name="심사할 과제"))
    assert board.get_by_text("8건 중 3건 심사 완료").is_visible()
    assert board.get_by_text("심사 마감일시").is_visible()
    walk.check("board", "home")

    walk.click(board.get_by_role("link", name="이어서 심사하기: 5건 남음"))
    walk.check("board", "entries-to-score")
    walk.click(page.locator("table tbody a").first)
    assert page.get_by_text("8건 중 3건 심사").is_visible()
    for criterion in Criterion.objects.filter(screening__call__code="2026-D").order_by("position"):
        group = page.get_by_role("group", name=f"{criterion.name} (가중치 {criterion.weight})")
        group.locator("label", has_text="4").click()
    walk.check("board", "scoring")

    walk.click(page.get_by_role("button", name="저장하고 다음 과제로"))
    assert page.get_by_text("8건 중 4건 심사").is_visible()
    assert (
        Review.objects.filter(reviewer__username="board01", screening__call__code="2026-D").count()
        == 4
    )
    walk.check("board", "scoring-next")

    walk.home()
    assert page.get_by_text("8건 중 4건 심사 완료").is_visible()


def test_a_liaison_answers_a_routed_proposal(page, walk):
    walk.sign_in("liaison", "liaison01")
    section = page.locator(
        "section", has=page.get_by_role("heading", name="우리 부서에 배정된 제안")
    )
    assert figure(section, "답변할 제안") == 1
    assert figure(section, "기한 경과") == 1
    walk.check("liaison", "home")

    walk.click(section.get_by_role("link", name=re.compile("^답변 ")).first)
    walk.check("liaison", "answer")
    page.locator("label[for=id_status_0]").click()  # KRDS radios: the label takes the click
    assert page.get_by_label("채택", exact=True).is_checked()
    page.get_by_label("추진 계획, 사유 또는 의견").fill(
        "내년 상반기에 산업단지 두 곳에서 시범 운영합니다."
    )
    page.get_by_label("목표일").fill((timezone.localdate() + timedelta(days=180)).isoformat())
    walk.click(page.get_by_role("button", name="답변 등록"))
    assert page.get_by_text("부서 답변을 등록했습니다.").is_visible()
    department = User.objects.get(username="liaison01").department
    assert not Routing.objects.filter(department=department, status=RoutingStatus.AWAITING).exists()
    assert Routing.objects.filter(department=department, status=RoutingStatus.ADOPTED).exists()
    walk.check("liaison", "answered")

    walk.home()
    assert figure(page, "답변할 제안") == 0


def test_the_innovation_unit_decides_a_re_route_request(page, walk):
    walk.sign_in("unit", "iu01")
    calls = page.locator(
        "section", has=page.get_by_role("heading", name="공모별 진행 단계와 추진단이 처리할 일")
    )
    special = calls.get_by_role("row", name=re.compile("2026년 디지털 전환 G-랩 특별 공모"))
    assert special.get_by_text("심사", exact=True).is_visible()
    assert special.get_by_role("link", name="제출된 심사 18건").is_visible()
    walk.check("unit", "home")

    walk.click(page.get_by_role("link", name="결정할 이관 요청 2건"))
    walk.check("unit", "re-route-requests")
    request = (
        Routing.objects.filter(status=RoutingStatus.REROUTE_REQUESTED)
        .order_by("proposal__reference")
        .first()
    )
    walk.click(page.get_by_role("link", name=request.proposal.title))
    page.get_by_text("이관 승인", exact=True).click()
    page.get_by_label("의견").first.fill("환경정책과 소관이 맞습니다.")
    walk.check("unit", "re-route-decision")
    walk.click(page.get_by_role("button", name="결정 등록"))
    assert Routing.objects.filter(status=RoutingStatus.REROUTE_REQUESTED).count() == 1
    walk.check("unit", "re-route-decided")

    walk.home()
    assert page.get_by_role("link", name="결정할 이관 요청 1건").is_visible()


def test_a_lab_member_writes_a_log_entry(page, walk):
    walk.sign_in("lab", "staff06")
    lab = page.locator("section", has=page.get_by_role("heading", name="내 랩"))
    assert lab.get_by_text("다음 주요 일정").is_visible()
    assert figure(lab, "최근 7일 새 활동일지") >= 1  # the other member's, this week
    walk.check("lab", "home")

    walk.click(lab.get_by_role("link", name="블록체인 행정혁신 랩"))
    walk.check("lab", "lab")
    walk.click(page.get_by_role("link", name="활동일지와 타임라인"))
    walk.click(page.get_by_role("link", name="활동일지 쓰기").first)
    page.get_by_label("한 일").fill("검증 화면을 고쳐 직원 5명에게 다시 보여 주었습니다.")
    page.get_by_label("배운 점").fill("검증 결과를 한 화면에 모아야 헷갈리지 않습니다.")
    walk.check("lab", "log-entry-form")
    walk.click(page.get_by_role("button", name="저장"))
    assert page.get_by_text("활동일지에 기록했습니다.").is_visible()
    assert page.get_by_text("검증 화면을 고쳐 직원 5명에게 다시 보여 주었습니다.").is_visible()
    assert LogEntry.objects.filter(
        author__username="staff06", did__startswith="검증 화면을 고쳐"
    ).exists()
    walk.check("lab", "log")
