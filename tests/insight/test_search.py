"""The proposal search: what it finds (two-character Korean words, longer ones, every word of
the query, keywords, the idea where the viewer may read it), in which order, the limit and its
message, its query count, and on PostgreSQL the gram indexes it goes through."""

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from insight import selectors
from tests.factories import CallFactory, SubmittedProposalFactory
from tests.factories.routing import liaison_user

SEARCH = reverse("insight:search")
LIMIT = selectors.SEARCH_LIMIT


def titles(response) -> set[str]:
    return {item["proposal"].title for item in response.context["items"]}


def ordered_titles(response) -> list[str]:
    return [item["proposal"].title for item in response.context["items"]]


def postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only")


def test_search_scope_per_role(client, innovation_unit, staff, program):
    client.force_login(innovation_unit)
    assert titles(client.get(SEARCH, {"q": "행정혁신"})) == {
        "블록체인을 활용한 행정혁신",
        "종이 없는 회의",
    }
    client.force_login(staff)
    response = client.get(SEARCH, {"q": "행정혁신"})
    assert titles(response) == {"블록체인을 활용한 행정혁신"}
    assert titles(client.get(SEARCH, {"q": "도로"})) == {"도로 파손 신고 자동화"}
    html = client.get(SEARCH, {"q": "도로"}).content.decode()
    assert "이미선" not in html and "비공개" in html
    client.force_login(liaison_user(program.roads))
    response = client.get(SEARCH, {"q": "도로"})
    assert "이미선" in response.content.decode()
    assert response.context["items"][0]["url"] == program.routing.get_absolute_url()


def test_two_character_korean_words_and_longer_ones(client, innovation_unit, program):
    SubmittedProposalFactory(call=program.call, title="난민 지원 창구 일원화", keywords="외국인")
    client.force_login(innovation_unit)
    assert titles(client.get(SEARCH, {"q": "난민"})) == {"난민 지원 창구 일원화"}
    assert titles(client.get(SEARCH, {"q": "파손"})) == {"도로 파손 신고 자동화"}
    assert titles(client.get(SEARCH, {"q": "블록체인을"})) == {"블록체인을 활용한 행정혁신"}
    assert titles(client.get(SEARCH, {"q": "창구 일원화"})) == {"난민 지원 창구 일원화"}
    # A word is found inside a longer one (Korean particles), case ignored for Latin letters.
    SubmittedProposalFactory(call=program.call, title="AI 민원 상담", keywords="")
    assert titles(client.get(SEARCH, {"q": "ai"})) == {"AI 민원 상담"}


def test_every_word_must_match(client, innovation_unit, program):
    client.force_login(innovation_unit)
    assert titles(client.get(SEARCH, {"q": "블록체인 활용"})) == {"블록체인을 활용한 행정혁신"}
    assert titles(client.get(SEARCH, {"q": "활용 도로"})) == set()
    # Words across fields: one in the title, the other in the keywords.
    assert titles(client.get(SEARCH, {"q": "도로 신고"})) == {"도로 파손 신고 자동화"}
    assert titles(client.get(SEARCH, {"q": "회의,행정혁신"})) == {"종이 없는 회의"}


def test_wildcards_are_plain_characters(client, innovation_unit, program):
    SubmittedProposalFactory(call=program.call, title="비용 100% 절감", keywords="a_b")
    client.force_login(innovation_unit)
    assert titles(client.get(SEARCH, {"q": "0%"})) == {"비용 100% 절감"}
    assert titles(client.get(SEARCH, {"q": "%"})) == {"비용 100% 절감"}
    assert titles(client.get(SEARCH, {"q": "a_b"})) == {"비용 100% 절감"}
    assert titles(client.get(SEARCH, {"q": "%%"})) == set()
    assert titles(client.get(SEARCH, {"q": "\\"})) == set()


def test_no_fuzzy_matching(client, innovation_unit, program):
    client.force_login(innovation_unit)
    assert titles(client.get(SEARCH, {"q": "블록채인"})) == set()
    assert titles(client.get(SEARCH, {"q": "블록채인 행정"})) == set()
    assert client.get(SEARCH).context["items"] == []


def test_a_word_in_the_keywords_only(client, innovation_unit, staff, program):
    SubmittedProposalFactory(
        call=program.call, title="주민 참여 예산", keywords="숙의민주주의, 예산", proposer=staff
    )
    client.force_login(innovation_unit)
    assert titles(client.get(SEARCH, {"q": "숙의민주주의"})) == {"주민 참여 예산"}
    assert titles(client.get(SEARCH, {"q": "숙의"})) == {"주민 참여 예산"}
    client.force_login(staff)  # the author
    assert titles(client.get(SEARCH, {"q": "숙의"})) == {"주민 참여 예산"}


def test_search_idea_text_only_where_readable(client, innovation_unit, staff, program):
    program.unrouted.idea = "전자결재 고도화"
    program.unrouted.save()
    program.routed.idea = "전자결재 연동"
    program.routed.save()
    program.selected.idea = "전자결재 분산원장"
    program.selected.save()
    client.force_login(innovation_unit)
    assert titles(client.get(SEARCH, {"q": "전자결재"})) == {
        "종이 없는 회의",
        "도로 파손 신고 자동화",
        "블록체인을 활용한 행정혁신",
    }
    client.force_login(staff)  # finds the selected and the routed ones, reads neither's idea
    assert titles(client.get(SEARCH, {"q": "전자결재"})) == set()
    assert titles(client.get(SEARCH, {"q": "도로"})) == {"도로 파손 신고 자동화"}
    client.force_login(liaison_user(program.roads))  # reads the proposal routed to them
    assert titles(client.get(SEARCH, {"q": "전자결재"})) == {"도로 파손 신고 자동화"}
    client.force_login(program.selected.proposer)  # the author reads their own
    assert titles(client.get(SEARCH, {"q": "분산원장"})) == {"블록체인을 활용한 행정혁신"}


def test_title_hits_before_keyword_hits_before_idea_hits_then_newest(
    client, innovation_unit, program
):
    later = CallFactory(code="2021-G", opens_at=program.call.opens_at.replace(year=2021))
    earlier = CallFactory(code="2017-G", opens_at=program.call.opens_at.replace(year=2017))
    for call, prefix in ((earlier, "옛"), (later, "새")):
        SubmittedProposalFactory(
            call=call, title=f"{prefix} 스마트 가로등", keywords="조명", idea=""
        )
        SubmittedProposalFactory(call=call, title=f"{prefix} 야간 조명", keywords="가로등", idea="")
        SubmittedProposalFactory(
            call=call, title=f"{prefix} 밤길 안전", keywords="안전", idea="가로등 교체"
        )
    client.force_login(innovation_unit)
    assert ordered_titles(client.get(SEARCH, {"q": "가로등"})) == [
        "새 스마트 가로등",
        "옛 스마트 가로등",
        "새 야간 조명",
        "옛 야간 조명",
        "새 밤길 안전",
        "옛 밤길 안전",
    ]


def test_one_character_words(client, innovation_unit, program):
    SubmittedProposalFactory(
        call=program.call, title="주민 참여 예산", keywords="숙의", idea="숙고"
    )
    client.force_login(innovation_unit)
    # Alone, a one-character word is looked for in titles only.
    assert titles(client.get(SEARCH, {"q": "회"})) == {"종이 없는 회의", "철회된 제안"}
    assert titles(client.get(SEARCH, {"q": "예"})) == {"주민 참여 예산"}
    assert titles(client.get(SEARCH, {"q": "숙"})) == set()
    assert titles(client.get(SEARCH, {"q": "종 회"})) == {"종이 없는 회의"}
    # Beside a longer word it is ignored.
    assert titles(client.get(SEARCH, {"q": "도 파손"})) == {"도로 파손 신고 자동화"}
    assert titles(client.get(SEARCH, {"q": "파손 x"})) == {"도로 파손 신고 자동화"}


def _many(call, n: int, word: str) -> None:
    for i in range(n):
        SubmittedProposalFactory(
            call=call, title=f"{word} 과제 {i}", keywords="", idea="", reference=f"M-{i:03d}"
        )


def test_more_than_the_limit_shows_the_most_relevant_and_says_so(client, innovation_unit, program):
    call = CallFactory(code="2020-G", opens_at=program.call.opens_at.replace(year=2020))
    _many(call, LIMIT, "주차장")
    client.force_login(innovation_unit)
    response = client.get(SEARCH, {"q": "주차장"})
    assert len(response.context["items"]) == LIMIT and not response.context["more"]
    html = response.content.decode()
    assert "More than" not in html and "관련성이 높은 제안부터" not in html
    # One more, matched by its idea only: the 50 title hits are shown, and the page says more match.
    SubmittedProposalFactory(
        call=call, title="공영 시설", keywords="", idea="주차장 공유", reference="M-999"
    )
    response = client.get(SEARCH, {"q": "주차장"})
    assert len(response.context["items"]) == LIMIT and response.context["more"]
    assert "공영 시설" not in titles(response)
    html = response.content.decode()
    assert (
        f"“주차장”에 맞는 제안이 {LIMIT}건을 넘습니다" in html
        or f"More than {LIMIT} proposals match" in html
    )
    result = selectors.search(innovation_unit, "주차장")
    assert len(result.proposals) == LIMIT and result.more


def test_search_page_queries_do_not_grow_with_the_matches(client, innovation_unit, staff, program):
    call = CallFactory(code="2020-G", opens_at=program.call.opens_at.replace(year=2020))
    SubmittedProposalFactory(
        call=call, title="주차장 과제", keywords="", idea="", status="selected"
    )
    users = (innovation_unit, liaison_user(program.roads), staff)
    counts = {}
    for user in users:
        client.force_login(user)
        client.get(SEARCH, {"q": "주차장"})
        with CaptureQueriesContext(connection) as few:
            assert len(client.get(SEARCH, {"q": "주차장"}).context["items"]) == 1
        counts[user] = len(few)
    _many(call, LIMIT + 5, "주차장")
    call.proposals.update(status="selected")  # outcome-level: everyone finds them
    for user in users:
        client.force_login(user)
        with CaptureQueriesContext(connection) as many:
            response = client.get(SEARCH, {"q": "주차장"})
        assert len(response.context["items"]) == LIMIT and response.context["more"]
        assert len(many) == counts[user], user


@pytest.mark.postgres
def test_gram_function_and_indexes(innovation_unit, program):
    postgres_only()
    with connection.cursor() as cursor:
        cursor.execute("SELECT glab_search_grams(%s)", ["난민 문제, AI 난민"])
        assert sorted(cursor.fetchone()[0]) == sorted(["난민", "문제", "제,", "ai"])
        cursor.execute("SELECT glab_search_grams('가'), glab_search_grams('')")
        assert cursor.fetchone() == ([], [])
        # The search's own SQL goes through the indexes (the expressions must be the same).
        with CaptureQueriesContext(connection) as queries:
            assert selectors.search(innovation_unit, "행정혁신").proposals
        (sql,) = [q["sql"] for q in queries.captured_queries if "glab_search_grams" in q["sql"]]
        # A few rows: the planner would rather scan the table or another index; plain scans
        # and the (call, status) index are set aside in this test's transaction (rolled back).
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        cursor.execute("DROP INDEX proposals_p_call_id_308e15_idx")
        cursor.execute("EXPLAIN " + sql)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "proposals_proposal_title_grams" in plan and "proposals_proposal_idea_grams" in plan, (
        plan
    )


@pytest.mark.postgres
def test_gram_migration_applies_and_reverses(db):
    postgres_only()

    def present() -> tuple[bool, int]:
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM pg_proc WHERE proname = 'glab_search_grams'")
            function = cursor.fetchone()[0] == 1
            cursor.execute(
                "SELECT count(*) FROM pg_indexes WHERE indexname LIKE 'proposals_proposal_%%_grams'"
            )
            return function, cursor.fetchone()[0]

    assert present() == (True, 2)
    try:
        call_command("migrate", "proposals", "0002", verbosity=0)
        assert present() == (False, 0)
    finally:
        call_command("migrate", "proposals", verbosity=0)
    assert present() == (True, 2)
