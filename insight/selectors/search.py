"""The search of every call's proposals, and the rows it shows: what became of each proposal,
whether the viewer may see its people, and the page they may open about it."""

import re
from dataclasses import dataclass

from django.db import connection
from django.db.models import (
    BooleanField,
    Case,
    Expression,
    F,
    Func,
    IntegerField,
    Q,
    TextField,
    Value,
    When,
)

from accounts.permissions import is_innovation_unit
from proposals.models import Call, Proposal

from .. import permissions
from .fates import fate, with_fate

SEARCH_LIMIT = 50
# proposals/migrations/0003_search_grams.py: the function, and GIN indexes on the grams of
# ``title || ' ' || keywords`` and of ``idea`` (the expressions below must stay the same).
GRAMS_FUNCTION = "glab_search_grams"


@dataclass(frozen=True)
class SearchResult:
    """The most relevant matches, at most ``SEARCH_LIMIT``, and whether more match."""

    proposals: list[Proposal]
    more: bool


def uses_trigram() -> bool:
    """Whether the database has the trigram and gram indexes (PostgreSQL)."""
    return connection.vendor == "postgresql"


def search_terms(text: str) -> list[str]:
    """At most eight words of the query; control characters (a NUL breaks PostgreSQL) are
    separators, not part of a word."""
    return [t for t in re.split(r"[\s,·/\x00-\x1f\x7f]+", text.strip()) if t][:8]


def _grams(*texts) -> Func:
    return Func(*texts, function=GRAMS_FUNCTION, arg_joiner=" || ' ' || ", output_field=TextField())


def _has_grams(text: Func, term: str) -> Q:
    """``text`` holds every gram of ``term`` (the GIN index on ``text`` answers it)."""
    return Q(
        Func(
            text,
            _grams(Value(term)),
            template="%(expressions)s",
            arg_joiner=" @> ",
            output_field=BooleanField(),
        )
    )


def _holds(field: str, term: str) -> Q:
    """``field`` holds ``term``, case ignored. On PostgreSQL as ``ILIKE``, or ``LIKE`` where
    ``term`` has no letter with a case (Korean): the same rows, and ``ILIKE`` lower-cases
    each whole text first (most of the search's time on a common word). Either reads the
    column's statistics for its estimate; Django's ``icontains`` compares ``UPPER()``s, which
    have none, and the planner, expecting a row or two, would join each match to its call by
    a nested loop."""
    if not uses_trigram():
        return Q(**{f"{field}__icontains": term})
    operator = " LIKE " if term.lower() == term == term.upper() else " ILIKE "
    pattern = "%" + re.sub(r"([\\%_])", r"\\\1", term) + "%"
    # ``(field || '')``: the exact test on the rows the gram index found, never an index scan
    # of its own. The title's and keywords' trigram indexes (similar proposals) would
    # otherwise be chosen for it, and for a two-character word a trigram index returns every
    # row (a 100,000-row recheck).
    return Q(
        Func(
            F(field),
            Value(pattern),
            template="(%(expressions)s)",
            arg_joiner=" || ''" + operator,
            output_field=BooleanField(),
        )
    )


def _term_matches(term: str, readable: Q, *, readable_ids: set[int] | None) -> Q:
    """``term`` is in the title, the keywords, or the idea where ``readable``. On PostgreSQL
    the grams first (one condition the indexes answer, as its own conjunct so the planner
    combines the indexes' bitmaps), then the substring, the exact test on those rows."""
    exact = _holds("title", term) | _holds("keywords", term) | (_holds("idea", term) & readable)
    if not uses_trigram():
        return exact
    idea = _has_grams(_grams(F("idea")), term) if readable_ids is None else Q(pk__in=readable_ids)
    return (_has_grams(_grams(F("title"), F("keywords")), term) | idea) & exact


def _relevance(terms: list[str]) -> Expression:
    """Per term 0 for a title hit, 1 for a keyword hit, 2 for an idea hit, summed: computed
    for the matching rows only."""
    ranks = [
        Case(
            When(_holds("title", t), then=Value(0)),
            When(_holds("keywords", t), then=Value(1)),
            default=Value(2),
            output_field=IntegerField(),
        )
        for t in terms
    ]
    return sum(ranks[1:], ranks[0])


def _matching(user, queryset, terms: list[str]) -> tuple:
    """``queryset`` narrowed to the proposals matching ``terms``, their ``relevance`` and the
    ordering ``search`` documents."""
    words = [t for t in terms if len(t) >= 2]
    if not words:
        # Newest first by id: the scan of the titles stops at the limit for a common character.
        for term in terms:
            queryset = queryset.filter(_holds("title", term))
        return queryset, Value(0), ("-pk",)
    readable_ids = (
        None
        if is_innovation_unit(user)
        else set(permissions.printable_proposals(user).values_list("pk", flat=True))
    )
    readable = Q() if readable_ids is None else Q(pk__in=readable_ids)
    for word in words:
        queryset = queryset.filter(_term_matches(word, readable, readable_ids=readable_ids))
    return queryset, _relevance(words), ("relevance", "-call__opens_at", "reference")


def search(user, query: str, *, call: Call | None = None) -> SearchResult:
    """The ``SEARCH_LIMIT`` proposals of every call (or of ``call``) most relevant to
    ``query`` among those the user may find, and whether more match.

    Every word of two characters or more must appear (as a substring, case ignored) in the
    title, the keywords, or the idea text where the user may read it (``printable_proposals``).
    Ranked by where the words were found (per word 0 in the title, 1 in the keywords, 2 in the
    idea, summed), then newest call first. There is no fuzzy matching: a misspelt word finds
    nothing. Words of one character are ignored beside longer ones; a query of one-character
    words only matches the titles holding them all, newest proposal first.

    One query reads the ``SEARCH_LIMIT`` + 1 best (the last only says that more match);
    nothing counts the matches or sorts them in Python; plus, for a user outside the
    innovation unit, one for the ids of the proposals whose idea they may read. On PostgreSQL
    each word of two characters or more is first looked up by its character bigrams
    (``glab_search_grams``; GIN indexes on the title with the keywords and on the idea,
    proposals migration 0003; they serve two-syllable Korean words, which trigrams cannot),
    then confirmed by substring: the cost grows with the number of matches, not of proposals.
    A query of one-character words reads the titles newest first until it has enough
    (every title the user may find when fewer match). Elsewhere (SQLite) by substring alone."""
    terms = search_terms(query)
    if not terms:
        return SearchResult([], more=False)
    queryset = permissions.searchable_proposals(user)
    if call is not None:
        queryset = queryset.filter(call=call)
    queryset, relevance, ordering = _matching(user, queryset, terms)
    # The ranking reads the matches' own columns and their call's opening; the joins the rows
    # show are made for the SEARCH_LIMIT + 1 best only (a subquery: still one query).
    best = (
        queryset.annotate(relevance=relevance).order_by(*ordering).values("pk")[: SEARCH_LIMIT + 1]
    )
    found = with_fate(Proposal.objects.filter(pk__in=best))
    found = list(found.annotate(relevance=relevance).order_by(*ordering))
    return SearchResult(found[:SEARCH_LIMIT], more=len(found) > SEARCH_LIMIT)


def proposal_rows(user, proposals: list[Proposal]) -> list[dict]:
    """A list's rows: each proposal with what became of it and whether the user may see its
    people (two queries at most, whatever the number of rows)."""
    people = permissions.people_context(user) if proposals else {}
    return [
        {"proposal": p, "fate": fate(p), "show_people": permissions.shows_people(user, p, **people)}
        for p in proposals
    ]


def search_hits(user, query: str) -> tuple[list[dict], bool]:
    """The search page's rows for ``query`` (``proposal_rows`` with the ``url`` of the page the
    user may open about each proposal, "" for none) and whether more than ``SEARCH_LIMIT``
    proposals match."""
    result = search(user, query)
    rows = proposal_rows(user, result.proposals)
    urls = permissions.result_urls(user, result.proposals) if result.proposals else {}
    for row in rows:
        row["url"] = urls[row["proposal"].pk]
    return rows, result.more
