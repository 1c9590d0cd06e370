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
from django.utils.translation import gettext as _

from accounts.models import Department
from proposals.models import Call, Proposal
from routing.models import Routing

from .. import highlight, permissions
from .fates import Fate, fate, with_fate

SEARCH_LIMIT = 50
# proposals/migrations/0003_search_grams.py: the function, and GIN indexes on the grams of
# ``title || ' ' || keywords`` and of ``idea`` (the expressions below must stay the same).
GRAMS_FUNCTION = "glab_search_grams"


@dataclass(frozen=True)
class SearchResult:
    """The most relevant matches, at most ``SEARCH_LIMIT``, and whether more match."""

    proposals: list[Proposal]
    more: bool
    scope: "Scope"
    terms: list[str]  # the words that were matched (for the highlights)


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


@dataclass(frozen=True)
class Scope:
    """What the searcher reads: the ids of the proposals whose text they may read (``None``:
    every one, the innovation unit) and, per word, the departments whose name holds it."""

    readable_ids: set[int] | None
    departments: dict[str, list[int]]

    @property
    def readable(self) -> Q:
        """The proposals (a condition on ``Proposal``) whose text the searcher reads."""
        return Q() if self.readable_ids is None else Q(pk__in=self.readable_ids)


def _department_ids(words: list[str]) -> dict[str, list[int]]:
    """Per word, the departments whose name holds it (one query, on the departments only)."""
    if not words:
        return {}
    named = Q()
    for word in words:
        named |= Q(name__icontains=word)
    rows = list(Department.objects.filter(named).values_list("pk", "name"))
    return {w: [pk for pk, name in rows if w.lower() in name.lower()] for w in words}


def _of_departments(department_ids: list[int], scope: Scope):
    """The ids (a subquery) of the proposals owned by one of ``department_ids`` where the
    searcher reads the owning department, or routed to one where they see the routing."""
    owned = Proposal.objects.filter(scope.readable, owning_department_id__in=department_ids)
    routed = Routing.objects.filter(
        permissions.shown_routings_q(scope.readable_ids), department_id__in=department_ids
    )
    return owned.order_by().values("pk").union(routed.order_by().values("proposal_id"))


def _term_matches(term: str, scope: Scope) -> Q:
    """``term`` is in the title, in the keywords or the idea where the searcher reads them, or
    in the name of the proposal's department (``_of_departments``). On PostgreSQL the grams
    first (one condition the indexes answer, as its own conjunct so the planner combines the
    indexes' bitmaps), then the substring, the exact test on those rows."""
    readable = scope.readable
    exact = _holds("title", term) | ((_holds("keywords", term) | _holds("idea", term)) & readable)
    if uses_trigram():
        if scope.readable_ids is None:
            idea = _has_grams(_grams(F("idea")), term)
        else:
            idea = Q(pk__in=scope.readable_ids)
        exact = (_has_grams(_grams(F("title"), F("keywords")), term) | idea) & exact
    department_ids = scope.departments.get(term)
    if not department_ids:
        return exact
    # A union of indexed lookups: an OR of the gram condition with a subquery would make the
    # planner scan the table and compute the grams of every idea.
    text = Proposal.objects.filter(exact).order_by().values("pk")
    return Q(pk__in=text.union(_of_departments(department_ids, scope)))


def _relevance(terms: list[str], readable: Q) -> Expression:
    """Per term 0 for a title hit, 1 for a keyword hit, 2 for an idea hit, 3 for a
    department's, summed: computed for the matching rows only. A field the searcher may not
    read does not count (the order would tell that it holds the word)."""
    ranks = [
        Case(
            When(_holds("title", t), then=Value(0)),
            When(_holds("keywords", t) & readable, then=Value(1)),
            When(_holds("idea", t) & readable, then=Value(2)),
            default=Value(3),
            output_field=IntegerField(),
        )
        for t in terms
    ]
    return sum(ranks[1:], ranks[0])


NEWEST = ("-call__opens_at", "reference")


def _matching(queryset, terms: list[str], scope: Scope) -> tuple:
    """``queryset`` narrowed to the proposals matching ``terms``, their ``relevance`` and the
    ordering ``search`` documents."""
    words = [t for t in terms if len(t) >= 2]
    if not terms:
        return queryset, Value(0), NEWEST
    if not words:
        # Newest first by id: the scan of the titles stops at the limit for a common character.
        for term in terms:
            queryset = queryset.filter(_holds("title", term))
        return queryset, Value(0), ("-pk",)
    for word in words:
        queryset = queryset.filter(_term_matches(word, scope))
    return queryset, _relevance(words, scope.readable), ("relevance", *NEWEST)


def search(user, query: str, *, call: Call | None = None, department: Department | None = None) -> SearchResult:
    """The ``SEARCH_LIMIT`` proposals of every call (or of ``call``) most relevant to
    ``query`` among those the user may find, and whether more match; with ``department``,
    only that department's (``_of_departments``).

    Every word of two characters or more must appear (as a substring, case ignored) in the
    title, in the keywords or the idea text where the user may read them
    (``permissions.text_readable_ids``: the proposal page's readers and the liaisons it was
    routed to), or in the name of its department: the owning department where the user reads
    the proposal, a department it was routed to where "what became of it" shows that routing
    (``permissions.shown_routings_q``). A field the user may not read never makes a match.
    Ranked by where the words were found (per word 0 in the title, 1 in the keywords, 2 in the
    idea, 3 in a department's name, summed), then newest call first. There is no fuzzy
    matching: a misspelt word finds nothing. Words of one character are ignored beside longer
    ones; a query of one-character words only matches the titles holding them all, newest
    proposal first. A department without words lists its proposals, newest call first.

    One query reads the ``SEARCH_LIMIT`` + 1 best (the last only says that more match);
    nothing counts the matches or sorts them in Python; plus one for the departments whose
    name holds a word and, for a user outside the innovation unit, one for the ids of the
    proposals they may read. On PostgreSQL each word of two characters or more is first looked
    up by its character bigrams (``glab_search_grams``; GIN indexes on the title with the
    keywords and on the idea, proposals migration 0003; they serve two-syllable Korean words,
    which trigrams cannot), then confirmed by substring: the cost grows with the number of
    matches, not of proposals. A word that names a department adds, in a union, the
    department's proposals (indexed by owning department and by routing). A query of
    one-character words reads the titles newest first until it has enough (every title the
    user may find when fewer match). Elsewhere (SQLite) by substring alone."""
    terms = search_terms(query)
    if not terms and department is None:
        return SearchResult([], more=False, scope=Scope(None, {}), terms=[])
    words = [t for t in terms if len(t) >= 2]
    scope = Scope(permissions.text_readable_ids(user), _department_ids(words))
    queryset = permissions.searchable_proposals(user)
    if call is not None:
        queryset = queryset.filter(call=call)
    if department is not None:
        queryset = queryset.filter(pk__in=_of_departments([department.pk], scope))
    queryset, relevance, ordering = _matching(queryset, terms, scope)
    # The ranking reads the matches' own columns and their call's opening; the joins the rows
    # show are made for the SEARCH_LIMIT + 1 best only (a subquery: still one query).
    best = (
        queryset.annotate(relevance=relevance).order_by(*ordering).values("pk")[: SEARCH_LIMIT + 1]
    )
    found = with_fate(Proposal.objects.filter(pk__in=best))
    found = list(found.annotate(relevance=relevance).order_by(*ordering))
    return SearchResult(found[:SEARCH_LIMIT], more=len(found) > SEARCH_LIMIT, scope=scope, terms=words or terms)


def proposal_rows(user, proposals: list[Proposal]) -> list[dict]:
    """A list's rows: each proposal with what became of it and whether the user may see its
    people (two queries at most, whatever the number of rows)."""
    people = permissions.people_context(user) if proposals else {}
    return [
        {"proposal": p, "fate": fate(p), "show_people": permissions.shows_people(user, p, **people)}
        for p in proposals
    ]


def _found_in(proposal: Proposal, fate_: Fate, pattern, *, readable: bool, titles_only: bool) -> list[dict]:
    """Where the words are in ``proposal``: each field that holds one, with its text marked (a
    snippet of the idea; nothing for the title, which the row shows marked). Only fields the
    searcher reads: the keywords, the idea and the owning department where ``readable``, the
    departments it was routed to where "what became of it" shows them (``fate_``). A query of
    one-character words (``titles_only``) was looked for in the titles only."""
    fields = []
    if highlight.matches(proposal.title, pattern):
        fields.append({"label": _("Title"), "text": ""})
    if titles_only:
        return fields
    if readable and highlight.matches(proposal.keywords, pattern):
        fields.append({"label": _("Keywords"), "text": highlight.marked(proposal.keywords, pattern)})
    if readable and highlight.matches(proposal.idea, pattern):
        fields.append({"label": _("Proposed idea"), "text": highlight.snippet(proposal.idea, pattern)})
    names = []
    if readable and proposal.owning_department is not None:
        names.append(proposal.owning_department.name)
    routings = list(proposal.routings.all()) if readable else fate_.routings
    names += [r.department.name for r in routings if r.department.name not in names]
    for name in names:
        if highlight.matches(name, pattern):
            fields.append({"label": _("Department"), "text": highlight.marked(name, pattern)})
    return fields


def search_hits(user, query: str, *, department: Department | None = None) -> tuple[list[dict], bool]:
    """The search page's rows for ``query`` (and ``department``): ``proposal_rows`` with the
    ``url`` of the page the user may open about each proposal ("" for none), the ``title``
    with the words marked, and ``found_in``, the fields that hold them (``_found_in``); and
    whether more than ``SEARCH_LIMIT`` proposals match. No query per row."""
    result = search(user, query, department=department)
    rows = proposal_rows(user, result.proposals)
    urls = permissions.result_urls(user, result.proposals) if result.proposals else {}
    pattern = highlight.words_pattern(result.terms)
    readable_ids = result.scope.readable_ids
    titles_only = all(len(t) < 2 for t in result.terms)
    for row in rows:
        proposal = row["proposal"]
        readable = readable_ids is None or proposal.pk in readable_ids
        row["url"] = urls[proposal.pk]
        row["title"] = highlight.marked(proposal.title, pattern)
        row["found_in"] = _found_in(proposal, row["fate"], pattern, readable=readable, titles_only=titles_only)
    return rows, result.more
