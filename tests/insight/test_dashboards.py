from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from insight import charts
from tests.factories import CallFactory, SubmittedProposalFactory
from tests.factories.insight import build_program

UNIT = reverse("insight:unit-dashboard")
STAFF = reverse("insight:dashboard")


def figures(response) -> dict:
    context = response.context
    found = {f.slug: f for f in context["call_figures"]}
    found["labs"] = context["lab_figure"]
    found["history"] = context["history_figure"]
    return found


def test_histogram_and_daily_series_arithmetic():
    assert charts.histogram([1.0, 3.5, 4.0, 5.0], low=1, high=5, width=0.5)[5:] == [
        ("3.5–4", 1), ("4–4.5", 1), ("4.5–5", 1),
    ]
    series = charts.daily_series({date(2019, 6, 2): 3}, date(2019, 6, 1), date(2019, 6, 3))
    assert series == [(date(2019, 6, 1), 0), (date(2019, 6, 2), 3), (date(2019, 6, 3), 0)]
    assert charts.nice_max(7) == 10 and charts.nice_max(0) == 1
    chart = charts.bar_chart([("a", 5), ("b", 10)])
    assert [b.width for b in chart.bars] == [charts.PLOT_WIDTH / 2, charts.PLOT_WIDTH]


def test_unit_dashboard_chart_data_matches_known_numbers(iu_client, program):
    response = iu_client.get(UNIT, {"call": program.call.pk})
    assert response.status_code == 200
    found = figures(response)
    days = {row[0]: row[1] for row in found["submissions"].rows}
    assert days["2019-05-13"] == 0 and days["2019-05-20"] == 1
    assert days["2019-06-03"] == 1 and days["2019-06-04"] == 1
    assert sum(days.values()) == 3  # the withdrawn proposal is not counted
    assert len(days) == 23  # 13 May – 4 June
    assert found["submissions"].chart.bars[-1].highlight  # the deadline day
    assert dict(found["owning-departments"].rows) == {"도로관리과": 2, "복지정책과": 1}
    assert dict(found["keywords"].rows)["행정혁신"] == 2
    assert sorted(found["proposer-departments"].rows) == [["도로관리과", 2], ["복지정책과", 1]]
    scores = dict(found["scores"].rows)
    assert (scores["3.5–4"], scores["4–4.5"], scores["4.5–5"]) == (1, 1, 1)
    assert sum(scores.values()) == 3  # the abstention is no review total
    states = dict(found["routing-status"].rows)
    assert states["채택"] == 1 and sum(states.values()) == 1
    assert response.context["routing"].adoption_rate == 100.0
    assert found["routing-departments"].rows == [["도로관리과", 1, 1, 1, 0]]
    assert found["labs"].rows[0][:4] == ["블록체인 랩", "2019-G", "종료", "2019-07-01 – 2019-12-31"]
    history = {row[0]: row for row in found["history"].rows}
    assert history["2019년 G-랩 과제 공모 (2019-G)"][1:7] == [3, 1, 2, 1, 1, 1]
    assert "일부 달성 1" in history["2019년 G-랩 과제 공모 (2019-G)"][7]


def test_charts_render_as_accessible_svg_with_tables(iu_client, program):
    html = iu_client.get(UNIT, {"call": program.call.pk}).content.decode()
    assert html.count("<figure") == html.count('role="img"') >= 8
    assert 'aria-labelledby="figure-submissions-caption"' in html
    assert '<figcaption id="figure-submissions-caption">' in html
    assert '<caption id="figure-submissions-data">데이터: 제출 추이</caption>' in html


def test_staff_dashboard_has_no_scores_or_people(staff_client, program):
    response = staff_client.get(STAFF, {"call": program.call.pk})
    assert response.status_code == 200
    slugs = {f.slug for f in response.context["call_figures"]}
    assert "scores" not in slugs and "proposer-departments" not in slugs
    html = response.content.decode()
    for secret in ("김선정", "이미선", "최비공", "심사위원갑", "심사의견비밀"):
        assert secret not in html
    assert reverse("insight:call-archive", args=[program.call.pk]) not in html


def test_unknown_call_is_404(iu_client, program):
    assert iu_client.get(UNIT, {"call": 999999}).status_code == 404


def _calls(count: int, iu, *, start: int = 0):
    for n in range(start, start + count):
        call = CallFactory(code=f"Q{n}", created_by=iu)
        SubmittedProposalFactory(call=call, reference=f"Q{n}-001")


@pytest.mark.parametrize("url", [UNIT, STAFF])
def test_dashboard_queries_do_not_grow_with_calls(client, innovation_unit, url):
    client.force_login(innovation_unit)
    build_program(iu=innovation_unit)
    _calls(1, innovation_unit)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    _calls(9, innovation_unit, start=1)
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    assert len(many) == len(few)


def test_submissions_chart_spans_an_open_call_to_today(iu_client, open_call):
    SubmittedProposalFactory(call=open_call)
    response = iu_client.get(UNIT, {"call": open_call.pk})
    rows = {f.slug: f for f in response.context["call_figures"]}["submissions"].rows
    assert rows[-1][0] == timezone.localdate().isoformat()
    assert sum(r[1] for r in rows) == 1


@pytest.mark.postgres
def test_keywords_counted_by_postgresql_match_the_python_count(program):
    """On PostgreSQL the database splits and counts the keywords; the count must be the one
    the Python fallback gives (each proposal counts a keyword once; ties by code point)."""
    from collections import Counter

    from insight.selectors import dashboards

    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (set DATABASE_URL=postgres://...)")
    for n, keywords in enumerate(["행정, 민원 ,민원", " 교통,행정", "b,a, 교통 ", ",,", "행정"]):
        SubmittedProposalFactory(call=program.call, reference=f"KW-{n}", keywords=keywords)
    counter: Counter[str] = Counter()
    for keywords in dashboards._counted(program.call).values_list("keywords", flat=True):
        counter.update({k.strip() for k in keywords.split(",") if k.strip()})
    expected = sorted(counter.items(), key=lambda item: (-item[1], item[0]))[: dashboards.KEYWORD_LIMIT]
    assert dashboards.submissions_by_keyword(program.call) == expected
    assert ("행정", 3) in expected or counter["행정"] >= 3
