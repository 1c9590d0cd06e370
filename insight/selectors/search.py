"""The search of every call's proposals, and the rows it shows: what became of each proposal,
whether the viewer may see its people, and the page they may open about it."""

import re

from django.db import connection
from django.db.models import F, Q, Value

from accounts.permissions import is_innovation_unit
from proposals.models import Call, Proposal

from .. import permissions
from .fates import fate, with_fate

SEARCH_LIMIT = 50
WORD_SIMILARITY_THRESHOLD = 0.35


def uses_trigram() -> bool:
    return connection.vendor == "postgresql"


def search_terms(text: str) -> list[str]:
    """At most eight words of the query; control characters (a NUL breaks PostgreSQL) are
    separators, not part of a word."""
    return [t for t in re.split(r"[\s,·/\x00-\x1f\x7f]+", text.strip()) if t][:8]


def search(user, query: str, *, call: Call | None = None) -> list[Proposal]:
    """Proposals of every call matching ``query``, among those the user may find.

    On PostgreSQL titles are matched by trigram word similarity (robust for Korean, where
    word stemming does not help) as well as by substring; elsewhere by substring of the title,
    keywords and idea. The idea text is searched only where the user may read it."""
    terms = search_terms(query)
    if not terms:
        return []
    queryset = permissions.searchable_proposals(user)
    if call is not None:
        queryset = queryset.filter(call=call)
    readable = (
        Q() if is_innovation_unit(user)
        else Q(pk__in=permissions.printable_proposals(user).values("pk"))
    )
    def matches(term: str) -> Q:
        return Q(title__icontains=term) | Q(keywords__icontains=term) | (Q(idea__icontains=term) & readable)

    if uses_trigram():
        from django.contrib.postgres.search import TrigramWordSimilarity

        # Every term must appear, or something close to it must appear in the title.
        names = [f"similarity_{n}" for n in range(len(terms))]
        queryset = queryset.annotate(
            **{name: TrigramWordSimilarity(term, "title") for name, term in zip(names, terms, strict=True)}
        )
        for name, term in zip(names, terms, strict=True):
            queryset = queryset.filter(matches(term) | Q(**{f"{name}__gte": WORD_SIMILARITY_THRESHOLD}))
        queryset = queryset.annotate(similarity=sum((F(name) for name in names), Value(0.0)))
        ordering = ("-similarity", "-call__opens_at", "reference")
    else:
        for term in terms:
            queryset = queryset.filter(matches(term))
        ordering = ("-call__opens_at", "reference")
    return list(with_fate(queryset.order_by(*ordering))[:SEARCH_LIMIT])


def proposal_rows(user, proposals: list[Proposal]) -> list[dict]:
    """A list's rows: each proposal with what became of it and whether the user may see its
    people (two queries at most, whatever the number of rows)."""
    people = permissions.people_context(user) if proposals else {}
    return [
        {"proposal": p, "fate": fate(p), "show_people": permissions.shows_people(user, p, **people)}
        for p in proposals
    ]


def search_hits(user, query: str) -> list[dict]:
    """The search page's rows for ``query``: ``proposal_rows`` with the ``url`` of the page the
    user may open about each proposal ("" for none)."""
    results = search(user, query)
    rows = proposal_rows(user, results)
    urls = permissions.result_urls(user, results) if results else {}
    for row in rows:
        row["url"] = urls[row["proposal"].pk]
    return rows
