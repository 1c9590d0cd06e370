import pytest

from screening import selectors, services
from tests.factories import UserFactory
from tests.factories.screening import EntryFactory, score_all


def _weights(screening):
    return {c.name: c.weight for c in screening.criteria.all()}


def test_weighted_mean_of_one_review(screening, entry, member):
    # Default rubric weights 30 / 25 / 25 / 20.
    names = list(_weights(screening))
    score_all(screening=screening, proposal=entry, by=member, value=dict(zip(names, [5, 4, 3, 1], strict=True)))
    (result,) = [r for r in selectors.ranking(screening=screening) if r.proposal == entry]
    expected = (30 * 5 + 25 * 4 + 25 * 3 + 20 * 1) / 100
    assert result.weighted_mean == pytest.approx(expected)  # 3.45
    assert result.criterion_means == [5, 4, 3, 1]
    assert result.review_count == 1
    assert result.spread == 0
    assert not result.disagreement


def test_mean_over_reviews_excludes_abstentions(screening, entry, member, member2, innovation_unit):
    third = UserFactory()
    services.board_member_add(call=screening.call, user=third, by=innovation_unit)
    names = list(_weights(screening))
    score_all(screening=screening, proposal=entry, by=member, value=dict(zip(names, [5, 5, 5, 5], strict=True)))
    score_all(screening=screening, proposal=entry, by=member2, value=dict(zip(names, [1, 1, 1, 1], strict=True)))
    services.review_abstain(proposal=entry, by=third, reason="이해관계")
    (result,) = [r for r in selectors.ranking(screening=screening) if r.proposal == entry]
    assert result.weighted_mean == pytest.approx(3.0)
    assert result.criterion_means == [3.0, 3.0, 3.0, 3.0]
    assert result.review_count == 2
    assert result.abstentions == 1
    assert result.spread == pytest.approx(2.0)  # population standard deviation of 5 and 1
    assert result.disagreement  # ≥ 1.0 on a 1–5 scale


def test_ranking_order_ties_and_unscored_last(screening, entry, other_entry, member, call):
    third = EntryFactory(call=call, title="세 번째")
    score_all(screening=screening, proposal=entry, by=member, value=4)
    score_all(screening=screening, proposal=other_entry, by=member, value=4)
    results = selectors.ranking(screening=screening)
    assert [r.rank for r in results] == [1, 1, 3]
    assert results[-1].proposal == third
    assert results[-1].weighted_mean is None

