"""Summary rows of the screening: ``EntryScore``, one per reviewed entry, so the ranking and
the proposal page's rank panel read one row per entry instead of every review and score.

Who keeps them: ``entry_scores_refresh`` runs in the transaction of every service that writes a
review or a score (``review_save``, ``review_abstain``) and of every admin change that can move
an aggregate (``screening.admin``); ``entry_scores_rebuild`` recomputes them from the reviews
(``manage.py rebuild_summaries``, the benchmark seed after its COPY). Both share
``_summarise``, the one statement of the arithmetic (see ``screening.selectors``).
"""

from collections import defaultdict
from collections.abc import Iterable

from django.db import transaction
from django.db.models import Q

from .models import EntryScore, Review, Score, Screening

BATCH = 2000


def _summarise(reviews: Q, models: tuple = (EntryScore, Review, Score)) -> list[EntryScore]:
    """``EntryScore`` rows (unsaved) for the entries of the reviews matching ``reviews``: per
    review, its total is Σ wᵢ·sᵢ / Σ wᵢ over its scores (none: it does not count); per entry,
    the sums of the totals and of their squares, the count, the abstentions and each
    criterion's Σ and n. Two queries. ``models``: the migration passes its historical ones."""
    entry_model, review_model, score_model = models
    scored: dict[int, list[tuple[int, int, int]]] = defaultdict(list)
    score_rows = score_model.objects.filter(
        review__in=review_model.objects.filter(reviews).values("pk")
    )
    for review_id, criterion_id, weight, value in score_rows.values_list(
        "review_id", "criterion_id", "criterion__weight", "value"
    ).iterator(chunk_size=BATCH):
        scored[review_id].append((criterion_id, weight, value))
    rows: dict[int, EntryScore] = {}
    for pk, proposal_id, screening_id, abstained in (
        review_model.objects.filter(reviews)
        .values_list("pk", "proposal_id", "screening_id", "abstained")
        .iterator(chunk_size=BATCH)
    ):
        row = rows.get(proposal_id)
        if row is None:
            row = rows[proposal_id] = entry_model(
                proposal_id=proposal_id, screening_id=screening_id, criterion_sums={}
            )
        if abstained:
            row.abstentions += 1
            continue
        _add_review(row, scored.get(pk, []))
    for row in rows.values():
        row.score = round(row.total_sum / row.review_count, 6) if row.review_count else None
    return list(rows.values())


def _add_review(row: EntryScore, scores: list[tuple[int, int, int]]) -> None:
    weight_sum = sum(weight for _criterion, weight, _value in scores)
    if not weight_sum:
        return
    total = sum(weight * value for _criterion, weight, value in scores) / weight_sum
    row.review_count += 1
    row.total_sum += total
    row.total_square_sum += total * total
    for criterion_id, _weight, value in scores:
        pair = row.criterion_sums.setdefault(str(criterion_id), [0, 0])
        pair[0] += value
        pair[1] += 1


@transaction.atomic
def entry_scores_refresh(*, proposal_ids: Iterable[int]) -> None:
    """Recomputes the summary rows of these entries from their reviews (a handful of rows
    each), in the caller's transaction."""
    proposal_ids = list(proposal_ids)
    EntryScore.objects.filter(proposal_id__in=proposal_ids).delete()
    EntryScore.objects.bulk_create(_summarise(Q(proposal_id__in=proposal_ids)))


@transaction.atomic
def entry_scores_rebuild(
    *, screening_ids: Iterable[int] | None = None, models: tuple | None = None
) -> int:
    """Rebuilds the summary rows of these screenings (all without ``screening_ids``) from
    scratch, one screening at a time; returns the number of rows written. ``models``: the
    migration's historical (EntryScore, Review, Score, Screening)."""
    entry_model, review_model, score_model, screening_model = models or (
        EntryScore,
        Review,
        Score,
        Screening,
    )
    screenings = screening_model.objects.order_by("pk")
    if screening_ids is not None:
        screenings = screenings.filter(pk__in=list(screening_ids))
    if screening_ids is None:
        entry_model.objects.all().delete()  # rows of screenings since deleted go too
    written = 0
    for screening_id in screenings.values_list("pk", flat=True):
        entry_model.objects.filter(screening_id=screening_id).delete()
        rows = _summarise(Q(screening_id=screening_id), (entry_model, review_model, score_model))
        entry_model.objects.bulk_create(rows, batch_size=BATCH)
        written += len(rows)
    return written
