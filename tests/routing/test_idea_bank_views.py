"""The idea bank's pages: what they show (never an author), the actions posted from them,
the liaison's view beside the answer, and a fixed number of queries per page."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from proposals import services as proposal_services
from proposals.enums import CoProposerStatus
from routing import services
from routing.enums import RoutingStatus
from routing.models import IdeaComment, IdeaFollow, IdeaSupport, Routing
from tests.factories import CoProposerFactory, UserFactory
from tests.factories.ideas import banked_idea, banked_routing
from tests.factories.routing import ReviewFactory, RoutingFactory, liaison_user
from tests.factories.screening import ClosedCallFactory, EntryFactory, setup_screening

pytestmark = pytest.mark.django_db

LIST = reverse("routing:idea-list")


def idea_url(idea) -> str:
    return reverse("routing:idea-detail", kwargs={"pk": idea.pk})


def page(client, url, **params) -> str:
    response = client.get(url, params)
    assert response.status_code == 200, response.status_code
    return response.content.decode()


# --- the list -----------------------------------------------------------------------------------


def test_the_list_shows_banked_ideas_only(staff_client):
    shown = banked_idea(title="전자 결재 간소화")
    RoutingFactory(proposal=ReviewFactory(proposal__title="동의 없는 아이디어").proposal)
    html = page(staff_client, LIST)
    assert "전자 결재 간소화" in html and "동의 없는 아이디어" not in html
    assert idea_url(shown) in html


def test_the_list_searches_by_words_and_filters_by_department(staff_client):
    a = banked_routing(title="블록체인 증명서", idea="증명서를 블록체인으로")
    banked_routing(title="도로 보수 알림", idea="포트홀 신고")
    html = page(staff_client, LIST, q="블록체인 증명서")
    assert "블록체인 증명서" in html and "도로 보수 알림" not in html
    html = page(staff_client, LIST, department=a.department_id)
    assert "블록체인 증명서" in html and "도로 보수 알림" not in html
    html = page(staff_client, LIST, q="없는단어")
    assert _("No idea matches these conditions.") in html


def test_most_supported_first(staff_client, other_staff):
    quiet = banked_idea(title="조용한 아이디어")
    loved = banked_idea(title="인기 아이디어")
    services.idea_support(proposal=loved, by=other_staff)
    html = page(staff_client, LIST, order="supported")
    assert html.index("인기 아이디어") < html.index("조용한 아이디어")
    html = page(staff_client, LIST)  # newest first: the one routed last
    assert html.index(loved.title) < html.index(quiet.title)


# --- an idea's page -----------------------------------------------------------------------------


def test_the_page_shows_the_text_the_answer_and_the_comments(staff_client, staff, other_staff):
    routing = banked_routing(title="민원 알림톡", idea="알림톡으로 처리 상황을 알립니다.")
    liaison = liaison_user(routing.department)
    services.routing_answer(
        routing=routing,
        by=liaison,
        status=RoutingStatus.UNDER_STUDY,
        text="내년 예산에 반영을 검토합니다.",
    )
    services.idea_comment_add(proposal=routing.proposal, by=other_staff, text="꼭 필요합니다.")
    html = page(staff_client, idea_url(routing.proposal))
    for text in (
        "민원 알림톡",
        "알림톡으로 처리 상황을 알립니다.",
        routing.department.name,
        "내년 예산에 반영을 검토합니다.",
        "꼭 필요합니다.",
    ):
        assert text in html
    assert liaison.full_name not in html and other_staff.full_name not in html


def test_a_hidden_comment_shows_its_reason_not_its_text(staff_client, other_staff, innovation_unit):
    idea = banked_idea()
    comment = services.idea_comment_add(proposal=idea, by=other_staff, text="욕설이 담긴 댓글")
    services.idea_comment_hide(comment=comment, by=innovation_unit, reason="운영 원칙 위반")
    html = page(staff_client, idea_url(idea))
    assert "욕설이 담긴 댓글" not in html
    assert _("Hidden comment") in html and "운영 원칙 위반" in html


def test_the_list_and_the_page_count_the_same_comments(staff_client, other_staff, innovation_unit):
    """Hidden comments are not counted, on the list or on the idea's page; the page says how many
    are hidden apart (their reasons are shown to every reader)."""
    idea = banked_idea()
    services.idea_comment_add(proposal=idea, by=other_staff, text="좋은 생각입니다.")
    hidden = services.idea_comment_add(proposal=idea, by=other_staff, text="광고 댓글")
    services.idea_comment_hide(comment=hidden, by=innovation_unit, reason="광고")
    assert ngettext("%(n)s comment", "%(n)s comments", 1) % {"n": 1} in page(staff_client, LIST)
    html = page(staff_client, idea_url(idea))
    heading = html.split('id="idea-comments-heading">', 1)[1].split("</h2>", 1)[0]
    assert ngettext("Comment (%(n)s)", "Comments (%(n)s)", 1) % {"n": 1} in heading
    assert ngettext("Comment (%(n)s)", "Comments (%(n)s)", 2) % {"n": 2} not in heading
    assert ngettext("(%(n)s hidden comment)", "(%(n)s hidden comments)", 1) % {"n": 1} in heading
    services.idea_comment_add(proposal=idea, by=other_staff, text="저도 찬성합니다.")
    heading = page(staff_client, idea_url(idea)).split('id="idea-comments-heading">', 1)[1]
    assert ngettext("Comment (%(n)s)", "Comments (%(n)s)", 2) % {"n": 2} in heading.split("</h2>")[0]


def test_an_idea_out_of_the_bank_is_not_found(staff_client):
    coproposer = UserFactory()
    idea = banked_idea(coproposer=coproposer)
    page(staff_client, idea_url(idea))
    proposal_services.idea_bank_consent_set(proposal=idea, by=coproposer, agreed=False)
    assert staff_client.get(idea_url(idea)).status_code == 404
    assert idea.title not in page(staff_client, LIST)
    assert (
        staff_client.post(reverse("routing:idea-support", kwargs={"pk": idea.pk})).status_code
        == 404
    )


# --- never an author ---------------------------------------------------------------------------


def test_no_author_is_named_anywhere_in_the_bank_even_to_a_board_member(client):
    """A board member screening a later call reads the bank: neither the proposer nor the
    co-proposer is named (name, 사번, grade, department as author), nor the reference number,
    even when an author comments on their own idea."""
    proposer = UserFactory(full_name="홍제안", username="E990001", grade="6")
    coproposer = UserFactory(full_name="김공동", username="E990002")
    routing = banked_routing(proposer=proposer, coproposer=coproposer)
    idea = routing.proposal
    services.idea_comment_add(proposal=idea, by=proposer, text="제안자로서 보충합니다.")
    services.idea_support(proposal=idea, by=coproposer)
    board = UserFactory(full_name="최심사")
    later = ClosedCallFactory()
    EntryFactory(call=later, proposer=proposer)
    setup_screening(call=later, by=later.created_by, members=[board])
    client.force_login(board)
    for html in (
        page(client, LIST),
        page(client, LIST, q=idea.title),
        page(client, idea_url(idea)),
    ):
        for secret in (
            "홍제안",
            "E990001",
            "김공동",
            "E990002",
            idea.reference,
            proposer.get_grade_display(),
        ):
            assert secret not in html, secret


# --- actions ----------------------------------------------------------------------------------


def test_support_toggle_follow_and_comment_by_post(staff_client, staff):
    idea = banked_idea()
    support = reverse("routing:idea-support", kwargs={"pk": idea.pk})
    assert staff_client.post(support, {"support": "1"}).status_code == 302
    assert IdeaSupport.objects.filter(proposal=idea, user=staff).exists()
    assert 'aria-pressed="true"' in page(staff_client, idea_url(idea))
    staff_client.post(support, {"support": "0"})
    assert not IdeaSupport.objects.filter(proposal=idea).exists()

    staff_client.post(reverse("routing:idea-follow", kwargs={"pk": idea.pk}), {"follow": "1"})
    assert IdeaFollow.objects.filter(proposal=idea, user=staff).exists()

    comment_url = reverse("routing:idea-comment", kwargs={"pk": idea.pk})
    response = staff_client.post(comment_url, {"text": "찬성합니다."})
    assert response.status_code == 302
    assert IdeaComment.objects.get(proposal=idea).author == staff
    response = staff_client.post(comment_url, {"text": ""})
    assert response.status_code == 400 and IdeaComment.objects.count() == 1
    assert _("Your comment") in page(staff_client, idea_url(idea))


def test_the_unit_hides_a_comment_from_its_page(iu_client, other_staff):
    idea = banked_idea()
    comment = services.idea_comment_add(proposal=idea, by=other_staff, text="광고 댓글")
    assert reverse("routing:idea-comment-hide", kwargs={"pk": comment.pk}) in page(
        iu_client, idea_url(idea)
    )
    url = reverse("routing:idea-comment-hide", kwargs={"pk": comment.pk})
    assert iu_client.post(url, {"reason": ""}).status_code == 400
    assert iu_client.post(url, {"reason": "광고"}).status_code == 302
    comment.refresh_from_db()
    assert comment.is_hidden and comment.hidden_reason == "광고"


# --- the department and the authors -------------------------------------------------------------


def test_the_liaison_sees_the_support_count_and_the_comments_beside_the_answer(
    client, staff, other_staff
):
    routing = banked_routing()
    services.idea_support(proposal=routing.proposal, by=staff)
    services.idea_support(proposal=routing.proposal, by=other_staff)
    services.idea_comment_add(
        proposal=routing.proposal, by=staff, text="우리 과에도 도움이 됩니다."
    )
    client.force_login(liaison_user(routing.department))
    html = page(client, routing.get_absolute_url())
    assert _("Colleagues in the idea bank") in html
    assert "우리 과에도 도움이 됩니다." in html and staff.full_name not in html
    assert "2" in html.split(_("Colleagues in the idea bank"))[1][:400]


def test_the_proposal_page_lets_an_author_withdraw_consent(client):
    routing = banked_routing()
    proposal = routing.proposal
    client.force_login(proposal.proposer)
    html = page(client, proposal.get_absolute_url())
    assert _("Withdraw my consent") in html
    client.post(
        reverse("proposals:proposal-idea-bank", kwargs={"pk": proposal.pk}), {"agreed": "0"}
    )
    assert _("Agree to show it in the idea bank") in page(client, proposal.get_absolute_url())
    client.force_login(UserFactory())
    assert client.get(idea_url(proposal)).status_code == 404


def test_an_invitation_asks_the_coproposer_about_the_idea_bank(client):
    link = CoProposerFactory(status=CoProposerStatus.INVITED, proposal__call__title="열린 공모")
    link.proposal.status = "submitted"
    link.proposal.save(update_fields=["status"])
    client.force_login(link.user)
    html = page(client, link.proposal.get_absolute_url())
    assert 'name="idea_bank"' in html


# --- queries per page --------------------------------------------------------------------------


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def _fill(idea, people, n_comments):
    for person in people:
        services.idea_support(proposal=idea, by=person)
        services.idea_follow(proposal=idea, by=person)
    for i in range(n_comments):
        services.idea_comment_add(proposal=idea, by=people[i % len(people)], text=f"댓글 {i}")


def test_the_list_runs_the_same_queries_for_few_and_many_ideas(staff_client):
    people = [UserFactory() for _i in range(3)]
    _fill(banked_idea(), people, 2)
    page(staff_client, LIST)  # warm the per-process caches (menu URLs, content types)
    few = _queries(staff_client, LIST)
    for _i in range(12):
        _fill(banked_idea(), people, 3)
    assert _queries(staff_client, LIST) == few
    assert _queries(staff_client, f"{LIST}?order=supported&q=블록체인") == few


def test_the_idea_page_runs_the_same_queries_for_few_and_many_comments(staff_client):
    routing = banked_routing()
    idea = routing.proposal
    people = [UserFactory() for _i in range(2)]
    _fill(idea, people, 1)
    page(staff_client, idea_url(idea))
    few = _queries(staff_client, idea_url(idea))
    more = [UserFactory() for _i in range(8)]
    _fill(idea, more, 25)
    RoutingFactory(proposal=idea, is_lead=False)
    services.routing_answer(
        routing=routing,
        by=liaison_user(routing.department),
        status=RoutingStatus.UNDER_STUDY,
        text="검토",
    )
    assert _queries(staff_client, idea_url(idea)) == few


def test_the_routing_page_runs_the_same_queries_for_few_and_many_comments(client):
    routing = banked_routing()
    client.force_login(liaison_user(routing.department))
    _fill(routing.proposal, [UserFactory()], 1)
    page(client, routing.get_absolute_url())
    few = _queries(client, routing.get_absolute_url())
    _fill(routing.proposal, [UserFactory() for _i in range(6)], 20)
    assert _queries(client, routing.get_absolute_url()) == few


def test_the_staff_home_has_a_line_on_the_bank_in_a_fixed_number_of_queries(staff_client):
    home = reverse("home")
    assert reverse("routing:idea-list") not in page(staff_client, home).split("</nav>", 1)[-1]
    banked_idea()
    html = page(staff_client, home)
    assert _("Open the idea bank") in html
    few = _queries(staff_client, home)
    for _i in range(6):
        banked_idea()
    assert _queries(staff_client, home) == few


def test_the_home_line_on_the_bank_reads_well_in_english():
    from django.template.loader import render_to_string
    from django.utils import translation

    def line(new):
        panel = {"any": True, "new": new, "days": 30}
        return render_to_string("routing/home/idea_bank.html", {"panel": panel})

    with translation.override("en"):
        none, one, many = line(0), line(1), line(3)
    assert "Ideas from colleagues are waiting for your support." in none
    assert "1 new idea from colleagues in the last 30 days is waiting for your support." in one
    assert "3 new ideas from colleagues in the last 30 days are waiting for your support." in many


def test_the_home_line_counts_the_ideas_routed_in_the_last_30_days(staff_client):
    """Bounded reads (the whole bank is never counted): a new idea is counted, an old one only
    keeps the line."""
    from routing.panels import IDEA_BANK_NEW_DAYS

    old = banked_idea()
    Routing.objects.filter(proposal=old).update(routed_at=timezone.now() - timedelta(days=IDEA_BANK_NEW_DAYS + 1))
    home = staff_client.get("/").content.decode()
    assert "Ideas from colleagues are waiting" in home or "동료의 아이디어가 공감을 기다립니다" in home
    banked_idea()
    home = staff_client.get("/").content.decode()
    assert "아이디어 1건" in home or "1 new idea" in home


def test_a_reroute_request_stays_between_the_department_and_the_unit(staff_client):
    routing = banked_routing()
    services.routing_answer(
        routing=routing,
        by=liaison_user(routing.department),
        status=RoutingStatus.REROUTE_REQUESTED,
        text="소관이 아니라 이관을 요청합니다.",
        reroute_to=RoutingFactory().department,
    )
    for html in (page(staff_client, LIST), page(staff_client, idea_url(routing.proposal))):
        assert str(RoutingStatus.REROUTE_REQUESTED.label) not in html
        assert "소관이 아니라 이관을 요청합니다." not in html
