"""The outcomes page lists a few answers per call and pages one call's answers by keyset; the
dashboards and the similar-proposals candidates are cached role-wide, never per person."""

from datetime import date

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from insight import selectors
from proposals.enums import ProposalStatus
from routing.models import Routing
from tests.factories import DepartmentFactory, SubmittedProposalFactory, UserFactory

OUTCOMES = reverse("insight:outcomes")


def _route_many(program, n: int) -> list[Routing]:
    department = DepartmentFactory(code="MANY", name="민원과")
    routings = []
    for i in range(n):
        proposal = SubmittedProposalFactory(
            call=program.call, reference=f"2019-G-{100 + i:03d}", title=f"추가 제안 {i:03d}",
            status=ProposalStatus.NOT_SELECTED,
        )
        routings.append(Routing.objects.create(proposal=proposal, department=department, due_on=date(2019, 7, 31)))
    return routings


def test_outcomes_overview_shows_a_few_answers_and_counts_then_pages_by_keyset(staff_client, program):
    _route_many(program, 7)  # with the program's own routing: 8 answers in 2019-G
    response = staff_client.get(OUTCOMES)
    (item,) = [o for o in response.context["outcomes"] if o.call == program.call]
    assert item.routing_count == 8
    assert sum(n for _label, n in item.answers) == 8
    assert len(item.routings) == selectors.OUTCOME_ROUTINGS_OVERVIEW
    assert [r.proposal.reference for r in item.routings] == [
        "2019-G-002", "2019-G-100", "2019-G-101", "2019-G-102", "2019-G-103",
    ]
    html = response.content.decode()
    more = f"?call={program.call.pk}&amp;after={item.more_after}"
    assert more in html
    response = staff_client.get(OUTCOMES, {"call": program.call.pk, "after": item.more_after})
    (page,) = response.context["outcomes"]
    assert [r.proposal.reference for r in page.routings] == ["2019-G-104", "2019-G-105", "2019-G-106"]
    assert page.more_after is None
    assert "이미선" not in response.content.decode()  # never the proposers of the others


def test_one_calls_outcomes_are_paged_by_fifty(staff_client, program):
    _route_many(program, 60)
    (page,) = staff_client.get(OUTCOMES, {"call": program.call.pk}).context["outcomes"]
    assert len(page.routings) == selectors.OUTCOME_ROUTINGS and page.more_after == page.routings[-1].pk
    (rest,) = staff_client.get(OUTCOMES, {"call": program.call.pk, "after": page.more_after}).context["outcomes"]
    assert len(rest.routings) == 11 and rest.more_after is None
    assert staff_client.get(OUTCOMES, {"call": 999999}).status_code == 404


def test_outcomes_queries_stay_flat_with_many_routings(client, staff, program):
    from django.core.cache import cache

    client.force_login(staff)
    client.get(OUTCOMES)
    cache.clear()
    with CaptureQueriesContext(connection) as few:
        client.get(OUTCOMES)
    _route_many(program, 30)
    cache.clear()
    with CaptureQueriesContext(connection) as many:
        client.get(OUTCOMES)
    assert len(few) == len(many)


def test_dashboard_is_cached_per_version_not_per_person(client, innovation_unit, program):
    unit = reverse("insight:unit-dashboard")
    client.force_login(innovation_unit)
    client.get(unit, {"call": program.call.pk})
    with CaptureQueriesContext(connection) as cached:
        full = client.get(unit, {"call": program.call.pk})
    slugs = {f.slug for f in full.context["call_figures"]}
    assert "scores" in slugs and "proposer-departments" in slugs
    client.force_login(UserFactory())
    staff_view = client.get(reverse("insight:dashboard"), {"call": program.call.pk})
    staff_slugs = {f.slug for f in staff_view.context["call_figures"]}
    assert "scores" not in staff_slugs and "proposer-departments" not in staff_slugs
    assert "심사위원갑" not in staff_view.content.decode()
    client.force_login(innovation_unit)
    with CaptureQueriesContext(connection) as again:
        client.get(unit, {"call": program.call.pk})
    assert len(again) == len(cached)


def test_similar_candidates_cached_by_one_role_do_not_leak_to_another(innovation_unit, staff, open_call, program):
    current_proposal = SubmittedProposalFactory(
        call=open_call, proposer=staff, title="행정혁신 아이디어", keywords="행정혁신, 블록체인"
    )
    assert {p.title for p in selectors.similar_earlier(innovation_unit, current_proposal)} >= {
        "블록체인을 활용한 행정혁신", "종이 없는 회의",
    }
    titles = {p.title for p in selectors.similar_earlier(staff, current_proposal)}  # cache now warm
    assert "블록체인을 활용한 행정혁신" in titles and "종이 없는 회의" not in titles
    with CaptureQueriesContext(connection) as queries:
        assert len(selectors.similar_earlier(innovation_unit, current_proposal)) <= selectors.SIMILAR_LIMIT
    assert len(queries) <= 6


def _template_names(response) -> set[str]:
    return {t.name for t in response.templates}


def test_cached_dashboard_serves_the_charts_drawn_on_the_first_request(client, innovation_unit, program):
    from django.template.loader import render_to_string

    unit = reverse("insight:unit-dashboard")
    client.force_login(innovation_unit)
    first = client.get(unit, {"call": program.call.pk})
    assert "insight/charts/_figure.html" in _template_names(first)
    again = client.get(unit, {"call": program.call.pk})
    assert "insight/charts/_figure.html" not in _template_names(again)  # not drawn again
    html = again.content.decode()
    context = again.context
    for figure in (*context["call_figures"], context["lab_figure"], context["history_figure"]):
        assert figure.html == render_to_string("insight/charts/_figure.html", {"fig": figure})
        assert figure.html in html and figure.html in first.content.decode()
    client.force_login(UserFactory())  # the staff version has its own entry, without scores
    assert 'id="figure-scores"' not in client.get(reverse("insight:dashboard"), {"call": program.call.pk}).content.decode()


def test_cached_markup_is_kept_per_language(staff_client, program):
    from django.conf import settings

    staff_client.get(reverse("insight:dashboard"), {"call": program.call.pk})
    staff_client.get(OUTCOMES)
    staff_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = staff_client.get(reverse("insight:dashboard"), {"call": program.call.pk}).content.decode()
    assert '<caption id="figure-submissions-data">Data: Submissions over time</caption>' in html
    html = staff_client.get(OUTCOMES).content.decode()
    assert "Selected task" in html and "선정 과제" not in html


def test_cached_outcomes_markup_is_the_same_for_everyone_but_the_ledger_head_is_fresh(
    client, staff, innovation_unit, program
):
    from ledger.enums import LedgerKind
    from ledger.services import ledger_append

    client.force_login(staff)
    first = client.get(OUTCOMES)
    assert "insight/_outcome_calls.html" in _template_names(first)
    client.force_login(innovation_unit)
    again = client.get(OUTCOMES)
    assert "insight/_outcome_calls.html" not in _template_names(again)
    assert again.context["outcomes_html"] == first.context["outcomes_html"]
    assert again.context["outcomes_html"] in again.content.decode()
    entry = ledger_append(kind=LedgerKind.values[0], obj=program.call, data={"call": program.call.pk})
    assert entry.entry_hash in client.get(OUTCOMES).content.decode()  # not part of the cached markup
