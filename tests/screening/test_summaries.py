"""The screening's summary rows (``EntryScore``) equal a freshly computed aggregate after every
path that writes reviews or scores: the services, the admin, ``bulk_create`` followed by
``rebuild_summaries`` (as the benchmark seed does), and anonymisation."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from privacy.anonymise import call_anonymise
from screening import services
from screening.models import EntryScore, Review, Score
from screening.selectors import review_total
from tests.factories import UserFactory
from tests.factories.screening import ClosedCallFactory, EntryFactory, score_all, setup_screening


def fresh(screening) -> dict[int, tuple]:
    """Per entry with a review: (reviews with scores, abstentions, Σ totals, Σ totals², score,
    {criterion: [Σ, n]}), from the reviews and scores as they are now."""
    weights = {c.pk: c.weight for c in screening.criteria.all()}
    out: dict[int, list] = {}
    for review in Review.objects.filter(screening=screening).prefetch_related("scores"):
        row = out.setdefault(review.proposal_id, [0, 0, 0.0, 0.0, None, {}])
        if review.abstained:
            row[1] += 1
            continue
        total = review_total(review, weights)
        if total is None:
            continue
        row[0] += 1
        row[2] += total
        row[3] += total * total
        for score in review.scores.all():
            pair = row[5].setdefault(str(score.criterion_id), [0, 0])
            pair[0] += score.value
            pair[1] += 1
    for row in out.values():
        row[4] = round(row[2] / row[0], 6) if row[0] else None
    return {pk: tuple(row) for pk, row in out.items()}


def assert_summary_is_fresh(screening) -> None:
    want = fresh(screening)
    got = {
        e.proposal_id: (
            e.review_count,
            e.abstentions,
            e.total_sum,
            e.total_square_sum,
            e.score,
            e.criterion_sums,
        )
        for e in EntryScore.objects.filter(screening=screening)
    }
    assert set(got) == set(want)
    for pk, row in want.items():
        assert got[pk][:2] == row[:2] and got[pk][5] == row[5]
        assert got[pk][2:5] == pytest.approx(row[2:5], abs=1e-9)


@pytest.fixture
def board(innovation_unit):
    call = ClosedCallFactory()
    entries = [EntryFactory(call=call) for _ in range(4)]
    members = [UserFactory() for _ in range(3)]
    screening = setup_screening(call=call, by=innovation_unit, members=members)
    return screening, entries, members


def test_services_keep_the_summary(board):
    screening, entries, (a, b, c) = board
    assert not EntryScore.objects.filter(screening=screening).exists()
    score_all(screening=screening, proposal=entries[0], by=a, value=5)
    uneven = {c.pk: 1 + n for n, c in enumerate(screening.criteria.all())}  # weights matter
    services.review_save(proposal=entries[0], by=b, scores=uneven)
    assert_summary_is_fresh(screening)
    services.review_abstain(proposal=entries[0], by=c, reason="이해관계")
    score_all(screening=screening, proposal=entries[1], by=c, value=2)
    assert_summary_is_fresh(screening)
    score_all(screening=screening, proposal=entries[0], by=a, value=1)  # a changed score
    services.review_abstain(proposal=entries[1], by=c, reason="이해관계")  # scores withdrawn
    assert_summary_is_fresh(screening)
    row = EntryScore.objects.get(proposal=entries[1])
    assert (row.review_count, row.abstentions, row.score) == (0, 1, None)


def test_admin_changes_keep_the_summary(board, admin_client):
    screening, entries, (a, b, _c) = board
    score_all(screening=screening, proposal=entries[0], by=a, value=5)
    score_all(screening=screening, proposal=entries[0], by=b, value=2)
    score_all(screening=screening, proposal=entries[1], by=b, value=3)
    criterion = screening.criteria.first()
    # Uneven scores, so that a weight change moves the totals (update() bypasses the services).
    Score.objects.filter(
        review__reviewer=b, review__proposal=entries[0], criterion=criterion
    ).update(value=5)
    url = reverse("admin:screening_criterion_change", args=[criterion.pk])
    response = admin_client.post(
        url,
        {
            "screening": screening.pk,
            "name": criterion.name,
            "description": "",
            "weight": 90,
            "position": 0,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert_summary_is_fresh(screening)
    before = EntryScore.objects.get(proposal=entries[0]).score
    admin_client.post(
        url, {"screening": screening.pk, "name": criterion.name, "weight": 10, "position": 0}
    )
    assert EntryScore.objects.get(proposal=entries[0]).score != before
    assert_summary_is_fresh(screening)
    review = Review.objects.get(reviewer=b, proposal=entries[1])
    response = admin_client.post(
        reverse("admin:screening_review_delete", args=[review.pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    assert not EntryScore.objects.filter(proposal=entries[1]).exists()
    score = Score.objects.filter(review__reviewer=a).first()
    admin_client.post(reverse("admin:screening_score_delete", args=[score.pk]), {"post": "yes"})
    assert_summary_is_fresh(screening)
    reviews = Review.objects.filter(proposal=entries[0])
    admin_client.post(
        reverse("admin:screening_review_changelist"),
        {"action": "delete_selected", "_selected_action": [r.pk for r in reviews], "post": "yes"},
    )
    assert not Review.objects.filter(proposal=entries[0]).exists()
    assert_summary_is_fresh(screening)


def test_bulk_create_then_rebuild_summaries(board):
    screening, entries, members = board
    criteria = list(screening.criteria.all())
    score_all(screening=screening, proposal=entries[3], by=members[0], value=4)
    reviews = Review.objects.bulk_create(
        [
            Review(screening=screening, proposal=entry, reviewer=member, abstained=(n + m) % 4 == 0)
            for n, entry in enumerate(entries[:3])
            for m, member in enumerate(members)
        ]
    )
    Score.objects.bulk_create(
        [
            Score(review=review, criterion=criterion, value=1 + (review.pk + criterion.pk) % 5)
            for review in reviews
            if not review.abstained
            for criterion in criteria
        ]
    )
    assert EntryScore.objects.filter(screening=screening).count() == 1  # bulk_create bypasses
    call_command("rebuild_summaries", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert_summary_is_fresh(screening)


def test_anonymisation_leaves_the_summary_fresh(board, innovation_unit):
    screening, entries, (a, b, _c) = board
    score_all(screening=screening, proposal=entries[0], by=a, value=3)
    services.review_abstain(proposal=entries[1], by=b, reason="이해관계")
    call_anonymise(call=screening.call, retention_days=0)
    assert_summary_is_fresh(screening)
    assert EntryScore.objects.filter(screening=screening).count() == 2
