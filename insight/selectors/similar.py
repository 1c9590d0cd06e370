"""Proposals of earlier calls like a given one (the "similar earlier proposals" panel), among
those the viewer may find."""

from django.db.models import Case, F, IntegerField, Q, QuerySet, Value, When
from django.db.models.functions import Greatest

from accounts.permissions import is_innovation_unit
from proposals.models import Proposal

from .. import permissions
from ..permissions import SUBMITTED_STATUSES
from .fates import with_fate
from .search import search_terms, uses_trigram

SIMILAR_LIMIT = 5
SIMILAR_CANDIDATES = 100  # most similar proposals kept per proposal, before the viewer's filter
SIMILAR_TERMS = 3  # keywords (or title words) compared by the fallback without trigrams


def _rank_similar(proposal: Proposal, candidates: QuerySet[Proposal]) -> list[tuple]:
    """``candidates`` like ``proposal`` as sortable tuples (−similarity, −opening time,
    reference, id), best first, at most ``SIMILAR_CANDIDATES``.

    On PostgreSQL: ``_rank_trigram``. Elsewhere: the proposals sharing one of the first
    keywords (or title words), by how many they share."""
    candidates = candidates.filter(
        status__in=SUBMITTED_STATUSES, call__opens_at__lt=proposal.call.opens_at
    ).exclude(call_id=proposal.call_id)
    if uses_trigram():
        return _rank_trigram(proposal, candidates)
    words = [w for w in search_terms(proposal.title) if len(w) >= 2]
    terms = list(dict.fromkeys(proposal.keyword_list[:SIMILAR_TERMS] or words[:SIMILAR_TERMS]))
    if not terms:
        return []
    matched = sum(
        (
            Case(
                When(Q(title__icontains=t) | Q(keywords__icontains=t), then=Value(1)),
                default=Value(0),
                output_field=IntegerField(),
            )
            for t in terms
        ),
        Value(0),
    )
    ranked = (
        candidates.annotate(similarity=matched)
        .filter(similarity__gt=0)
        .order_by("-similarity", "-call__opens_at", "reference")
        .values_list("pk", "similarity", "call__opens_at", "reference")[:SIMILAR_CANDIDATES]
    )
    return [_sort_key(*row) for row in ranked]


def _sort_key(pk, similarity, opens_at, reference) -> tuple:
    return (-float(similarity), -opens_at.timestamp(), reference, pk)


def _rank_trigram(proposal: Proposal, candidates: QuerySet[Proposal]) -> list[tuple]:
    """The proposals whose title or keywords are trigram-similar (``%``: at least
    ``pg_trgm.similarity_threshold``, 0.3 unless the database sets it) ranked by the better of
    the two similarities. Two queries, one per column, each reading its nearest
    ``SIMILAR_CANDIDATES`` through a KNN scan of the column's GiST trigram index
    (``ORDER BY column <-> text LIMIT``, insight migration 0003): a bounded read, where a
    ``%`` filter over the GIN indexes read every proposal sharing a common trigram. Their union
    holds the best ``SIMILAR_CANDIDATES`` by the better similarity: a proposal outside both
    nearest lists has more than that many proposals above it on each column."""
    from django.contrib.postgres.lookups import TrigramSimilar
    from django.contrib.postgres.search import TrigramDistance, TrigramSimilarity

    keywords = proposal.keywords or proposal.title
    similarity = Greatest(TrigramSimilarity("title", proposal.title), TrigramSimilarity("keywords", keywords))
    found: dict[int, tuple] = {}
    for column, text in (("title", proposal.title), ("keywords", keywords)):
        nearest = (
            candidates.filter(Q(TrigramSimilar(F(column), text)))
            .annotate(similarity=similarity)
            .order_by(TrigramDistance(column, text))
            .values_list("pk", "similarity", "call__opens_at", "reference")[:SIMILAR_CANDIDATES]
        )
        for row in nearest:
            found[row[0]] = _sort_key(*row)
    return sorted(found.values())[:SIMILAR_CANDIDATES]


def _shared_candidates(proposal: Proposal, *, outcome_level: bool) -> list[tuple]:
    """``_rank_similar`` among every submitted proposal, or with ``outcome_level`` among those
    every staff member may know of; ``similar_earlier`` filters it by what the viewer may find."""
    candidates = Proposal.objects.all()
    if outcome_level:
        candidates = candidates.filter(permissions.outcome_level_q())
    return _rank_similar(proposal, candidates)


def similar_earlier(user, proposal: Proposal) -> list[Proposal]:
    """Up to ``SIMILAR_LIMIT`` proposals of earlier calls like ``proposal`` (by title and
    keywords), among those the user may find, most similar first.

    The candidates: the most similar among all proposals (then filtered by what the user may
    find); for anyone but the innovation unit also the most similar among the outcome-level
    ones and among the user's own and their departments' routed proposals (a few rows, found
    by id) — so a viewer who may see few proposals still gets the best of those.
    """
    ranked = set(_shared_candidates(proposal, outcome_level=False))
    if not is_innovation_unit(user):
        ranked |= set(_shared_candidates(proposal, outcome_level=True))
        # Ids first (small lists): as subqueries the planner would rank every proposal first.
        people = permissions.people_context(user)
        personal = people["own_ids"] | people["liaison_proposal_ids"]
        if personal:
            ranked |= set(_rank_similar(proposal, Proposal.objects.filter(pk__in=personal)))
    if not ranked:
        return []
    visible = set(
        permissions.searchable_proposals(user).filter(pk__in=[r[-1] for r in ranked]).values_list("pk", flat=True)
    )
    ids = [r[-1] for r in sorted(ranked) if r[-1] in visible][:SIMILAR_LIMIT]
    found = {p.pk: p for p in with_fate(Proposal.objects.filter(pk__in=ids))}
    return [found[pk] for pk in ids if pk in found]
