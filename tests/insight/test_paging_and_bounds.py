"""The outcomes page lists ten calls a page with a few answers each and pages one call's answers
by keyset; the dashboards read bounded aggregates (the latest calls and labs, the top
departments); nothing of these pages is cached, least of all their markup."""

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
            call=program.call,
            reference=f"2019-G-{100 + i:03d}",
            title=f"추가 제안 {i:03d}",
            status=ProposalStatus.NOT_SELECTED,
        )
        routings.append(
            Routing.objects.create(
                proposal=proposal, department=department, due_on=date(2019, 7, 31)
            )
        )
    return routings


def test_outcomes_overview_shows_a_few_answers_and_counts_then_pages_by_keyset(
    staff_client, program
):
    _route_many(program, 7)  # with the program's own routing: 8 answers in 2019-G
    response = staff_client.get(OUTCOMES)
    (item,) = [o for o in response.context["outcomes"] if o.call == program.call]
    assert item.routing_count == 8
    assert sum(n for _label, n in item.answers) == 8
    assert len(item.routings) == selectors.OUTCOME_ROUTINGS_OVERVIEW
    assert [r.proposal.reference for r in item.routings] == [
        "2019-G-002",
        "2019-G-100",
        "2019-G-101",
        "2019-G-102",
        "2019-G-103",
    ]
    html = response.content.decode()
    more = f"?call={program.call.pk}&amp;after={item.more_after}"
    assert more in html
    response = staff_client.get(OUTCOMES, {"call": program.call.pk, "after": item.more_after})
    (page,) = response.context["outcomes"]
    assert [r.proposal.reference for r in page.routings] == [
        "2019-G-104",
        "2019-G-105",
        "2019-G-106",
    ]
    assert page.more_after is None
    assert "이미선" not in response.content.decode()  # never the proposers of the others


def test_one_calls_outcomes_are_paged_by_fifty(staff_client, program):
    _route_many(program, 60)
    (page,) = staff_client.get(OUTCOMES, {"call": program.call.pk}).context["outcomes"]
    assert (
        len(page.routings) == selectors.OUTCOME_ROUTINGS and page.more_after == page.routings[-1].pk
    )
    (rest,) = staff_client.get(
        OUTCOMES, {"call": program.call.pk, "after": page.more_after}
    ).context["outcomes"]
    assert len(rest.routings) == 11 and rest.more_after is None
    assert staff_client.get(OUTCOMES, {"call": 999999}).status_code == 404


def test_outcomes_queries_stay_flat_with_many_routings(client, staff, program):
    client.force_login(staff)
    client.get(OUTCOMES)
    with CaptureQueriesContext(connection) as few:
        client.get(OUTCOMES)
    _route_many(program, 30)
    with CaptureQueriesContext(connection) as many:
        client.get(OUTCOMES)
    assert len(few) == len(many)


def test_outcomes_page_ten_calls_and_read_only_theirs(client, staff, innovation_unit, program):
    from tests.factories import CallFactory

    extra = [CallFactory(code=f"P{n:02d}", created_by=innovation_unit) for n in range(12)]
    client.force_login(staff)
    first = client.get(OUTCOMES)
    shown = [item.call for item in first.context["outcomes"]]
    assert len(shown) == selectors.OUTCOME_CALLS_PER_PAGE
    rest = [item.call for item in client.get(OUTCOMES, {"page": 2}).context["outcomes"]]
    opened = [
        c
        for c in [*extra, program.call]
        if c.opens_at <= first.context["outcomes"][0].call.opens_at
    ]
    assert not set(shown) & set(rest) and len(shown) + len(rest) >= len(opened)
    assert "page=2" in first.content.decode()


def test_dashboard_scores_are_for_the_unit_and_every_view_reads_afresh(
    client, innovation_unit, program
):
    unit = reverse("insight:unit-dashboard")
    client.force_login(innovation_unit)
    client.get(unit, {"call": program.call.pk})
    with CaptureQueriesContext(connection) as first:
        full = client.get(unit, {"call": program.call.pk})
    slugs = {f.slug for f in full.context["call_figures"]}
    assert "scores" in slugs and "proposer-departments" in slugs
    client.force_login(UserFactory())
    staff_view = client.get(reverse("insight:dashboard"), {"call": program.call.pk})
    staff_slugs = {f.slug for f in staff_view.context["call_figures"]}
    assert "scores" not in staff_slugs and "proposer-departments" not in staff_slugs
    assert "심사위원갑" not in staff_view.content.decode()
    assert 'id="figure-scores"' not in staff_view.content.decode()
    client.force_login(innovation_unit)
    with CaptureQueriesContext(connection) as again:
        client.get(unit, {"call": program.call.pk})
    assert len(again) == len(first)  # nothing cached: the same queries every time


def test_dashboard_bounds_the_history_the_labs_and_the_departments(innovation_unit, program):
    from datetime import timedelta

    from django.utils import timezone

    from insight.selectors import dashboards
    from routing.models import Routing
    from tests.factories import CallFactory

    now = timezone.now()
    for n in range(dashboards.HISTORY_CALLS + 2):
        CallFactory(
            code=f"H{n:02d}", created_by=innovation_unit, opens_at=now - timedelta(days=400 + n)
        )
    history = selectors.program_history()
    assert len(history) == dashboards.HISTORY_CALLS
    assert [row.call.opens_at for row in history] == sorted(row.call.opens_at for row in history)
    newest = max(history, key=lambda row: row.call.opens_at)
    assert newest.call.opens_at >= program.call.opens_at  # the latest calls, not the oldest
    for n in range(dashboards.DEPARTMENT_LIMIT + 3):
        department = DepartmentFactory()
        for _ in range(1 + n % 3):
            proposal = SubmittedProposalFactory(
                call=program.call, status=ProposalStatus.NOT_SELECTED
            )
            Routing.objects.create(
                proposal=proposal, department=department, due_on=date(2019, 7, 31)
            )
    departments = selectors.routing_by_department(program.call)
    assert len(departments) == dashboards.DEPARTMENT_LIMIT
    assert [d.routed for d in departments] == sorted((d.routed for d in departments), reverse=True)
    assert (
        sum(d.routed for d in departments)
        <= Routing.objects.filter(proposal__call=program.call).count()
    )


def test_similar_candidates_of_one_role_do_not_leak_to_another(
    innovation_unit, staff, open_call, program
):
    current_proposal = SubmittedProposalFactory(
        call=open_call, proposer=staff, title="행정혁신 아이디어", keywords="행정혁신, 블록체인"
    )
    assert {p.title for p in selectors.similar_earlier(innovation_unit, current_proposal)} >= {
        "블록체인을 활용한 행정혁신",
        "종이 없는 회의",
    }
    titles = {p.title for p in selectors.similar_earlier(staff, current_proposal)}
    assert "블록체인을 활용한 행정혁신" in titles and "종이 없는 회의" not in titles
    with CaptureQueriesContext(connection) as queries:
        assert (
            len(selectors.similar_earlier(innovation_unit, current_proposal))
            <= selectors.SIMILAR_LIMIT
        )
    # The ranking (two KNN queries on PostgreSQL, one elsewhere), the viewer's filter, the rows
    # with their fates (three): 6 on PostgreSQL, 5 on SQLite, whatever the number of proposals.
    assert len(queries) <= 6, len(queries)


def test_markup_follows_the_language(staff_client, program):
    from django.conf import settings

    staff_client.get(reverse("insight:dashboard"), {"call": program.call.pk})
    staff_client.get(OUTCOMES)
    staff_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = staff_client.get(
        reverse("insight:dashboard"), {"call": program.call.pk}
    ).content.decode()
    assert '<caption id="figure-submissions-data">Data: Submissions over time</caption>' in html
    html = staff_client.get(OUTCOMES).content.decode()
    assert "Selected task" in html and "선정 과제" not in html


def test_outcomes_show_the_fresh_ledger_head(client, staff, program):
    from ledger.enums import LedgerKind
    from ledger.services import ledger_append

    client.force_login(staff)
    client.get(OUTCOMES)
    entry = ledger_append(
        kind=LedgerKind.values[0], obj=program.call, data={"call": program.call.pk}
    )
    assert entry.entry_hash in client.get(OUTCOMES).content.decode()
