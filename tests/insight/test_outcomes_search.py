import pytest
from django.db import connection
from django.urls import reverse

from insight import selectors
from ledger.enums import LedgerKind
from ledger.services import ledger_append
from tests.factories import UserFactory
from tests.factories.routing import liaison_user

OUTCOMES = reverse("insight:outcomes")
SEARCH = reverse("insight:search")


def test_outcomes_show_the_task_lab_and_answers_but_no_scores_or_hidden_people(staff_client, program):
    entry = ledger_append(kind=LedgerKind.values[0], obj=program.call, data={"call": program.call.pk})
    html = staff_client.get(OUTCOMES).content.decode()
    assert "블록체인을 활용한 행정혁신" in html and "김선정" in html  # selected: people may appear
    assert "블록체인 랩" in html and "일부 달성" in html and "랩팀원" in html
    assert "도로 파손 신고 자동화" in html and "도로관리과" in html and "채택" in html
    assert "실현 불가" in html or "Not feasible" not in html
    for hidden in ("이미선", "최비공", "정철회", "심사위원갑", "심사의견비밀", "예산이 부족합니다", "종이 없는 회의"):
        assert hidden not in html
    assert entry.entry_hash in html and reverse("ledger:head") in html


def test_outcomes_queries_are_flat(client, staff, innovation_unit, program, django_assert_num_queries):
    from tests.factories.insight import build_program  # noqa: F401  (one program is enough)

    client.force_login(staff)
    client.get(OUTCOMES)
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as first:
        client.get(OUTCOMES)
    from tests.factories import CallFactory, SubmittedProposalFactory
    from tests.factories.labs import SelectedProposalFactory

    for n in range(5):
        call = CallFactory(code=f"X{n}", created_by=innovation_unit)
        SubmittedProposalFactory(call=call, reference=f"X{n}-1")
        SelectedProposalFactory(call=call, reference=f"X{n}-2")
    with CaptureQueriesContext(connection) as second:
        client.get(OUTCOMES)
    assert len(first) == len(second)


def titles(response) -> set[str]:
    return {item["proposal"].title for item in response.context["items"]}


def test_search_scope_per_role(client, innovation_unit, staff, program):
    client.force_login(innovation_unit)
    assert titles(client.get(SEARCH, {"q": "행정혁신"})) == {"블록체인을 활용한 행정혁신", "종이 없는 회의"}
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


def test_search_idea_text_only_where_readable(client, innovation_unit, staff, program):
    program.unrouted.idea = "전자결재 고도화"
    program.unrouted.save()
    program.routed.idea = "전자결재 연동"
    program.routed.save()
    client.force_login(innovation_unit)
    assert titles(client.get(SEARCH, {"q": "전자결재"})) == {"종이 없는 회의", "도로 파손 신고 자동화"}
    client.force_login(staff)
    assert titles(client.get(SEARCH, {"q": "전자결재"})) == set()


def test_similar_panel_on_a_proposal_page(client, innovation_unit, staff, current_proposal, program):
    url = current_proposal.get_absolute_url()
    panel_url = reverse("proposals:proposal-panel", kwargs={"pk": current_proposal.pk, "slug": "similar"})
    client.force_login(staff)  # the author: outcome-level proposals only
    page = client.get(url).content.decode()
    # The page links the deferred panel; htmx fetches it, bare, once it scrolls into view.
    assert f'hx-get="{panel_url}"' in page and "블록체인을 활용한 행정혁신" not in page
    html = client.get(panel_url, HTTP_HX_REQUEST="true").content.decode()
    assert "이전의 비슷한 제안" in html and "블록체인을 활용한 행정혁신" in html
    assert "종이 없는 회의" not in html and "<html" not in html
    # Without JavaScript the link opens the panel as a page of its own.
    assert "블록체인을 활용한 행정혁신" in client.get(panel_url).content.decode()
    client.force_login(innovation_unit)
    similar = selectors.similar_earlier(innovation_unit, current_proposal)
    assert similar[0] == program.selected
    assert selectors.fate(similar[0]).lab == program.lab
    client.force_login(UserFactory())
    assert client.get(url).status_code == 404
    assert client.get(panel_url).status_code == 404


@pytest.mark.postgres
def test_trigram_search_finds_a_misspelt_korean_title(client, innovation_unit, program):
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only")
    client.force_login(innovation_unit)
    assert "블록체인을 활용한 행정혁신" in titles(client.get(SEARCH, {"q": "블록채인 행정"}))
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'insight_proposal_title_trgm'")
        assert "gin_trgm_ops" in cursor.fetchone()[0]


def test_sqlite_fallback_matches_substrings_only(client, innovation_unit, program):
    if connection.vendor == "postgresql":
        pytest.skip("the fallback runs where trigram search is not available")
    client.force_login(innovation_unit)
    assert titles(client.get(SEARCH, {"q": "블록채인"})) == set()
    assert titles(client.get(SEARCH, {"q": "블록체인 활용"})) == {"블록체인을 활용한 행정혁신"}
    assert client.get(SEARCH).context["items"] == []
