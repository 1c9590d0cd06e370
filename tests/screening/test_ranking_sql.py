"""The ranking's aggregate runs in SQL and pages by 50; the workspace pages by 50 too. The SQL
must agree with the arithmetic stated in Python here (``aggregate_entry``, ``rank_results``)."""

import random
import statistics

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from proposals.enums import ProposalStatus
from screening import selectors, services
from screening.enums import ReviewState
from screening.models import Criterion, Review
from screening.selectors import DISAGREEMENT_SHARE, EntryResult, review_total
from tests.factories import UserFactory
from tests.factories.screening import ClosedCallFactory, EntryFactory, score_all, setup_screening


def aggregate_entry(
    proposal, reviews: list[Review], criteria: list[Criterion], scale_max: int
) -> EntryResult:
    """The reference arithmetic for one entry, over its reviews already loaded."""
    weights = {c.pk: c.weight for c in criteria}
    totals = [t for t in (review_total(r, weights) for r in reviews) if t is not None]
    result = EntryResult(
        proposal=proposal,
        reviews=reviews,
        review_count=len(totals),
        abstentions=sum(1 for r in reviews if r.abstained),
    )
    by_criterion: dict[int, list[int]] = {c.pk: [] for c in criteria}
    for review in reviews:
        if not review.abstained:
            for score in review.scores.all():
                by_criterion.setdefault(score.criterion_id, []).append(score.value)
    result.criterion_means = [
        statistics.fmean(by_criterion[c.pk]) if by_criterion[c.pk] else None for c in criteria
    ]
    if totals:
        result.weighted_mean = statistics.fmean(totals)
        result.spread = statistics.pstdev(totals)
        result.disagreement = (
            len(totals) > 1 and result.spread >= DISAGREEMENT_SHARE * (scale_max - 1)
        )
    return result


def rank_results(results: list[EntryResult]) -> list[EntryResult]:
    """Best first; unscored entries last. Equal scores share a rank (1, 2, 2, 4)."""
    ordered = sorted(
        results,
        key=lambda r: (
            r.weighted_mean is None,
            -round(r.weighted_mean or 0, 6),
            -r.review_count,
            r.proposal.reference,
        ),
    )
    previous = None
    for position, result in enumerate(ordered, start=1):
        key = None if result.weighted_mean is None else round(result.weighted_mean, 6)
        if previous is not None and key == previous[0]:
            result.rank = previous[1]
        else:
            result.rank = position
        previous = (key, result.rank)
    return ordered


def _screened(innovation_unit, *, entries: int, members: int = 1, seed: int = 1):
    call = ClosedCallFactory()
    proposals = [EntryFactory(call=call) for _ in range(entries)]
    board = [UserFactory() for _ in range(members)]
    screening = setup_screening(call=call, by=innovation_unit, members=board)
    return call, screening, proposals, board


def test_summary_rows_match_the_python_arithmetic(innovation_unit):
    call, screening, proposals, board = _screened(innovation_unit, entries=8, members=4)
    rng = random.Random(7)
    criteria = list(screening.criteria.all())
    for n, proposal in enumerate(proposals[:-1]):  # the last entry stays unscored
        for member in board:
            if rng.random() < 0.2:
                services.review_abstain(proposal=proposal, by=member, reason="이해관계")
            elif n != 3 or member == board[0]:
                services.review_save(
                    proposal=proposal, by=member, scores={c.pk: rng.randint(1, 5) for c in criteria}, comment=""
                )
    results = {r.proposal.pk: r for r in selectors.ranking(screening=screening)}
    expected = [
        aggregate_entry(
            p,
            list(Review.objects.filter(proposal=p).prefetch_related("scores")),
            criteria,
            screening.scale_max,
        )
        for p in proposals
    ]
    for want in expected:
        got = results[want.proposal.pk]
        assert got.review_count == want.review_count
        assert got.abstentions == want.abstentions
        assert got.disagreement == want.disagreement
        for value, reference in [(got.weighted_mean, want.weighted_mean), (got.spread, want.spread)] + list(
            zip(got.criterion_means, want.criterion_means, strict=True)
        ):
            assert (value is None) == (reference is None)
            if value is not None:
                assert value == pytest.approx(reference, abs=1e-6)
    ranked = rank_results(expected)
    assert [r.rank for r in selectors.ranking(screening=screening)] == [r.rank for r in ranked]


def test_ranking_pages_by_fifty_with_flat_queries(client, innovation_unit):
    call, screening, proposals, (member,) = _screened(innovation_unit, entries=55)
    for n, proposal in enumerate(proposals):
        score_all(screening=screening, proposal=proposal, by=member, value=1 + n % 5)
    url = reverse("screening:ranking", kwargs={"call_pk": call.pk})
    client.force_login(innovation_unit)
    first = client.get(url)
    assert len(first.context["results"]) == 50
    assert [r.rank for r in first.context["results"]][:2] == [1, 1]  # ties share a rank
    second = client.get(url, {"page": 2})
    assert len(second.context["results"]) == 5
    assert second.context["results"][-1].weighted_mean == 1.0
    counts = []
    for page in (1, 2, 1):  # nothing is cached: a repeated view runs the same queries
        with CaptureQueriesContext(connection) as queries:
            client.get(url, {"page": page})
        counts.append(len(queries))
    assert len(set(counts)) == 1, counts
    assert not any("screening_score" in q["sql"] for q in queries.captured_queries)  # summary rows only


def test_ranking_follows_new_reviews(client, innovation_unit):
    call, screening, (first, second), (member,) = _screened(innovation_unit, entries=2)
    score_all(screening=screening, proposal=first, by=member, value=2)
    url = reverse("screening:ranking", kwargs={"call_pk": call.pk})
    client.force_login(innovation_unit)
    assert client.get(url).context["results"][0].proposal == first
    score_all(screening=screening, proposal=second, by=member, value=5)
    assert client.get(url).context["results"][0].proposal == second


def test_decision_can_pick_an_entry_beyond_the_form_through_its_row(client, innovation_unit):
    call, screening, proposals, (member,) = _screened(innovation_unit, entries=22)
    for n, proposal in enumerate(proposals):
        score_all(screening=screening, proposal=proposal, by=member, value=5 if n < 21 else 1)
    url = reverse("screening:ranking", kwargs={"call_pk": call.pk})
    client.force_login(innovation_unit)
    page = client.get(url).content.decode()
    last = proposals[-1]
    assert f'name="selected" value="{last.pk}" form="decision-form"' in page
    response = client.post(url, {"selected": [last.pk], "rationale": "현장 파급력"})
    assert response.status_code == 200  # departing from the ranking needs a reason
    last.refresh_from_db()
    assert last.status == ProposalStatus.SUBMITTED
    response = client.post(
        url, {"selected": [last.pk], "rationale": "현장 파급력", "deviation_reason": "시범 적용 가능성"}
    )
    assert response.status_code == 302
    last.refresh_from_db()
    assert last.status == ProposalStatus.SELECTED


def test_workspace_pages_by_fifty_and_filters_in_sql(client, innovation_unit):
    call, screening, proposals, (member,) = _screened(innovation_unit, entries=55)
    for proposal in proposals[:3]:
        score_all(screening=screening, proposal=proposal, by=member, value=3)
    services.review_abstain(proposal=proposals[3], by=member, reason="이해관계")
    url = reverse("screening:workspace", kwargs={"call_pk": call.pk})
    client.force_login(member)
    response = client.get(url)
    assert len(response.context["rows"]) == 50
    assert response.context["counts"] == {ReviewState.TODO: 51, ReviewState.SCORED: 3, ReviewState.ABSTAINED: 1}
    assert response.context["done"] == 4 and response.context["total"] == 55
    assert len(client.get(url, {"page": 2}).context["rows"]) == 5
    rows = client.get(url, {"state": ReviewState.SCORED}).context["rows"]
    assert [r.proposal for r in rows] == proposals[:3]
    assert {r.state for r in rows} == {ReviewState.SCORED}
    assert [r.state for r in client.get(url, {"state": ReviewState.ABSTAINED}).context["rows"]] == [
        ReviewState.ABSTAINED
    ]
    last = proposals[-1]
    entry = client.get(reverse("screening:entry", kwargs={"call_pk": call.pk, "pk": last.pk}))
    assert entry.context["position"] == 55 and entry.context["next_pk"] is None
    assert entry.context["previous_pk"] == proposals[-2].pk
