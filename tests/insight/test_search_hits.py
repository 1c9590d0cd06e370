"""Search that finds what people remember (issue 16): a phrase of the idea text for a viewer
who may read it, a department by its name or the department choice, each hit saying where it
matched with the words marked on escaped text; and never a draft, a blind entry, or a field the
viewer could not read on the proposal (not even as the reason for a hit)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from insight import highlight, selectors
from proposals.enums import ProposalStatus
from tests.factories import (
    CallFactory,
    CoProposerFactory,
    DepartmentFactory,
    ProposalFactory,
    SubmittedProposalFactory,
    UserFactory,
)
from tests.factories.routing import liaison_user
from tests.factories.screening import ClosedCallFactory, EntryFactory, setup_screening

SEARCH = reverse("insight:search")
PHRASE = "야간 민원 전화 자동응답"
IDEA = (
    "도청 상담 창구는 저녁 여섯 시에 문을 닫습니다. 그 뒤로 걸려 오는 문의는 받을 사람이 없어 "
    "다음 날 아침까지 기다려야 합니다. " + PHRASE + " 체계를 두어 자주 묻는 질문에 바로 답하고, "
    "나머지는 다음 날 담당자에게 넘깁니다. 응답 기록은 부서별로 모아 서비스 개선에 쓰고, 분기마다 "
    "자주 묻는 질문 목록을 새로 고칩니다. 시범 운영은 세 개 부서에서 석 달 동안 하고, 그 결과를 "
    "보고 다른 부서로 넓힙니다."
)


def titles(response) -> set[str]:
    return {item["proposal"].title for item in response.context["items"]}


def hit(response, title: str) -> dict:
    (item,) = [i for i in response.context["items"] if i["proposal"].title == title]
    return item


def labels(item) -> list[str]:
    return [str(f["label"]) for f in item["found_in"]]


@pytest.fixture
def night(program):
    """A selected task (outcome level: every staff member finds it by its title) whose idea and
    keywords hold words its title does not, owned by the welfare department."""
    proposal = program.selected
    proposal.idea = IDEA
    proposal.keywords = "분산원장, 콜봇"
    proposal.save()
    return proposal


def test_a_phrase_of_the_idea_is_found_and_marked_for_a_reader(client, innovation_unit, night):
    client.force_login(innovation_unit)
    response = client.get(SEARCH, {"q": PHRASE})
    assert titles(response) == {night.title}
    item = hit(response, night.title)
    assert labels(item) == ["개선 방안"]  # as the proposal page names the idea
    (field,) = item["found_in"]
    text = str(field["text"])
    # A snippet around the match, with every word marked and the cut ends shown.
    assert "<mark>야간</mark> <mark>민원</mark> <mark>전화</mark> <mark>자동응답</mark>" in text
    assert text.startswith("… ") and text.endswith(" …")
    assert "여섯 시" not in text and len(text) < len(IDEA)
    html = response.content.decode()
    assert "<mark>자동응답</mark>" in html
    # The author reads their own proposal's text too.
    client.force_login(night.proposer)
    assert titles(client.get(SEARCH, {"q": "자동응답"})) == {night.title}
    # Two-syllable Korean words alone, and inside longer ones.
    client.force_login(innovation_unit)
    assert titles(client.get(SEARCH, {"q": "상담"})) == {night.title}
    assert titles(client.get(SEARCH, {"q": "응답"})) == {night.title}


def test_the_same_phrase_finds_nothing_for_a_viewer_who_cannot_read_the_text(
    client, staff, night
):
    client.force_login(staff)
    # The staff member finds the selected task by its title (outcome level) …
    response = client.get(SEARCH, {"q": "블록체인"})
    assert titles(response) == {night.title}
    assert labels(hit(response, night.title)) == ["제목"]
    # … but neither its idea nor its keywords make a hit, nor show in one.
    for query in (PHRASE, "자동응답", "분산원장", "콜봇", "블록체인 콜봇"):
        response = client.get(SEARCH, {"q": query})
        assert titles(response) == set(), query
    response = client.get(SEARCH, {"q": "블록체인"})
    html = response.content.decode()
    for hidden in ("자동응답", "분산원장", "콜봇"):
        assert hidden not in html


def test_keywords_only_where_the_viewer_reads_them(client, innovation_unit, staff, night):
    client.force_login(innovation_unit)
    response = client.get(SEARCH, {"q": "콜봇"})
    assert titles(response) == {night.title}
    assert [str(f["text"]) for f in hit(response, night.title)["found_in"]] == [
        "분산원장, <mark>콜봇</mark>"
    ]
    CoProposerFactory(proposal=night, user=staff)  # now one of its authors
    client.force_login(staff)
    assert titles(client.get(SEARCH, {"q": "콜봇"})) == {night.title}


def test_a_department_by_its_name(client, innovation_unit, staff, program):
    client.force_login(innovation_unit)
    response = client.get(SEARCH, {"q": "도로관리과"})
    assert titles(response) == {"도로 파손 신고 자동화", "종이 없는 회의"}
    item = hit(response, "종이 없는 회의")
    assert item["found_in"] == [{"label": "부서", "text": "<mark>도로관리과</mark>"}]
    # Part of the name, beside a word of the text.
    assert titles(client.get(SEARCH, {"q": "복지 행정혁신"})) == {"블록체인을 활용한 행정혁신"}
    assert titles(client.get(SEARCH, {"q": "복지정책"})) == {"블록체인을 활용한 행정혁신", "철회된 제안"}
    # A staff member sees the department a proposal was routed to (in what became of it), not
    # the department that owns a proposal they cannot read.
    client.force_login(staff)
    response = client.get(SEARCH, {"q": "도로관리"})
    assert titles(response) == {"도로 파손 신고 자동화"}
    assert labels(hit(response, "도로 파손 신고 자동화")) == ["부서"]
    assert titles(client.get(SEARCH, {"q": "복지정책"})) == set()


def test_the_department_choice(client, innovation_unit, staff, program):
    client.force_login(innovation_unit)
    response = client.get(SEARCH, {"department": program.roads.pk})
    assert titles(response) == {"도로 파손 신고 자동화", "종이 없는 회의"}
    assert "도로관리과" in response.content.decode()
    assert titles(client.get(SEARCH, {"department": program.roads.pk, "q": "회의"})) == {"종이 없는 회의"}
    options = list(response.context["form"].fields["department"].queryset)
    assert options == [program.roads, program.welfare]  # owners and routed ones, by name
    client.force_login(staff)
    assert titles(client.get(SEARCH, {"department": program.roads.pk})) == {"도로 파손 신고 자동화"}
    response = client.get(SEARCH, {"department": program.welfare.pk})
    assert titles(response) == set()
    assert "이 부서의 제안 중 보여 드릴 수 있는 것이 없습니다" in response.content.decode() or (
        "No proposal of this department" in response.content.decode()
    )
    # A department not in the list is dropped; the words are kept.
    for wrong in ("999999", "x", "99999999999999999999", "\x00"):
        assert titles(client.get(SEARCH, {"department": wrong, "q": "도로"})) == {"도로 파손 신고 자동화"}


def test_drafts_are_never_found(client, innovation_unit, staff, program):
    draft = ProposalFactory(
        call=CallFactory(), proposer=staff, title="초안 주차 공유", keywords="초안비밀",
        idea="초안의 아이디어 문장", owning_department=program.roads, status=ProposalStatus.DRAFT,
    )
    for user in (innovation_unit, staff, liaison_user(program.roads)):
        client.force_login(user)
        for params in ({"q": "초안"}, {"q": "초안비밀"}, {"q": "아이디어 문장"}, {"q": "도로관리과"},
                       {"department": program.roads.pk}):
            response = client.get(SEARCH, params)
            assert draft.title not in titles(response), (user, params)
            assert "초안 주차 공유" not in response.content.decode()


def test_blind_entries_are_not_found_by_the_board_nor_their_proposers_shown(
    client, innovation_unit, program
):
    call = ClosedCallFactory(code="2026-B")
    proposer = UserFactory(full_name="한비밀", department=program.roads)
    entry = EntryFactory(
        call=call, proposer=proposer, title="심사중 스마트 주차", keywords="주차",
        idea="심사중인 아이디어", owning_department=program.roads,
    )
    member = liaison_user(program.roads, full_name="심사위원병")  # also the owning department's liaison
    setup_screening(call=call, by=innovation_unit, members=[member], blind=True)
    client.force_login(member)
    for params in ({"q": "스마트 주차"}, {"q": "심사중인"}, {"q": "도로관리과"}, {"department": program.roads.pk}):
        response = client.get(SEARCH, params)
        assert entry.title not in titles(response), params
        html = response.content.decode()
        assert "한비밀" not in html and "심사중인 아이디어" not in html
    # The unit finds it, with its proposer.
    client.force_login(innovation_unit)
    response = client.get(SEARCH, {"q": "스마트 주차"})
    assert titles(response) == {entry.title} and "한비밀" in response.content.decode()


def test_highlights_are_built_from_escaped_text(client, innovation_unit, program):
    SubmittedProposalFactory(
        call=program.call, title="<script>alert(1)</script> R&D 주차", keywords="<b>굵게</b>",
        idea="", reference="2019-G-099",
    )
    client.force_login(innovation_unit)
    html = client.get(SEARCH, {"q": "script"}).content.decode()
    assert "&lt;<mark>script</mark>&gt;alert(1)&lt;/<mark>script</mark>&gt; R&amp;D 주차" in html
    assert "<script>alert" not in html
    html = client.get(SEARCH, {"q": "굵게"}).content.decode()
    assert "&lt;b&gt;<mark>굵게</mark>&lt;/b&gt;" in html and "<b>굵게" not in html
    html = client.get(SEARCH, {"q": "R&D"}).content.decode()
    assert "<mark>R&amp;D</mark>" in html
    # One-character words are looked for in titles only, and marked there.
    response = client.get(SEARCH, {"q": "D"})
    item = hit(response, "<script>alert(1)</script> R&D 주차")
    assert labels(item) == ["제목"] and "R&amp;<mark>D</mark>" in str(item["title"])
    # A word that is part of an entity, not of the text, finds and marks nothing.
    response = client.get(SEARCH, {"q": "amp"})
    assert titles(response) == set()


def test_marked_and_snippet():
    pattern = highlight.words_pattern(["도로", "도로관리", "ai"])
    assert highlight.marked("도로관리과 AI <x>", pattern) == "<mark>도로관리</mark>과 <mark>AI</mark> &lt;x&gt;"
    assert highlight.marked("<a>", None) == "&lt;a&gt;"
    assert highlight.snippet("짧은   글\n도로", pattern) == "짧은 글 <mark>도로</mark>"
    long = " ".join(f"낱말{i}" for i in range(100))
    assert highlight.snippet(long, highlight.words_pattern(["낱말50"])).startswith("… 낱말")
    assert "<mark>낱말50</mark>" in highlight.snippet(long, highlight.words_pattern(["낱말50"]))
    assert highlight.snippet(long, None).startswith("낱말0 ")


def test_queries_do_not_grow_with_department_hits(client, innovation_unit, staff, program):
    call = CallFactory(code="2020-G", opens_at=program.call.opens_at.replace(year=2020))
    parks = DepartmentFactory(code="PARK", name="공원녹지과")
    SubmittedProposalFactory(call=call, title="공원 과제", owning_department=parks, status="selected",
                             reference="P-000")
    users = (innovation_unit, liaison_user(program.roads), staff)
    queries = (
        {"q": "공원녹지 과제"}, {"q": "공원 과제"}, {"department": parks.pk}, {"q": "과제", "department": parks.pk}
    )
    counts = {}
    for user in users:
        client.force_login(user)
        for params in queries:
            client.get(SEARCH, params)
            with CaptureQueriesContext(connection) as few:
                client.get(SEARCH, params)
            counts[user, str(params)] = len(few)
    for i in range(selectors.SEARCH_LIMIT + 5):
        SubmittedProposalFactory(call=call, title=f"공원 과제 {i}", owning_department=parks,
                                 status="selected", reference=f"P-{i + 1:03d}")
    for user in users:
        client.force_login(user)
        for params in queries:
            with CaptureQueriesContext(connection) as many:
                response = client.get(SEARCH, params)
            # Only the unit reads the owning department; everyone finds the titles.
            found = len(response.context["items"])
            if user == innovation_unit or params == {"q": "공원 과제"}:
                assert found == selectors.SEARCH_LIMIT and response.context["more"], (user, params)
            else:
                assert found == 0, (user, params)
            assert len(many) == counts[user, str(params)], (user, params)


@pytest.mark.postgres
def test_a_word_naming_a_department_keeps_the_gram_indexes(innovation_unit, staff, program):
    """The department's proposals join the word's matches in a union of indexed lookups; an OR
    with a subquery would read the whole table and compute the grams of every idea."""
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only")
    for user in (innovation_unit, staff):
        with CaptureQueriesContext(connection) as queries:
            selectors.search(user, "도로관리")
        (sql,) = [q["sql"] for q in queries.captured_queries if "glab_search_grams" in q["sql"]]
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("EXPLAIN " + sql)
            plan = "\n".join(row[0] for row in cursor.fetchall())
        assert "proposals_proposal_title_grams" in plan, plan
        assert "Seq Scan on proposals_proposal" not in plan, plan
