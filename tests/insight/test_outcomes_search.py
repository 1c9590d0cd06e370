from django.db import connection
from django.urls import reverse

from insight import selectors
from ledger.enums import LedgerKind
from ledger.services import ledger_append
from tests.factories import UserFactory

OUTCOMES = reverse("insight:outcomes")


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
