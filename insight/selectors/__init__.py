"""Reads for the insight pages, by subject: the dashboards (``dashboards``), what became of a
proposal (``fates``), the outcomes page (``outcomes``), the search (``search``) and the similar
earlier proposals (``similar``). Every function runs a fixed number of queries whatever the
number of calls, proposals or labs: counts are aggregated in the database."""

from .dashboards import (
    HistoryRow,
    RoutingSummary,
    dashboard_calls,
    labs_for_timeline,
    latest_call_with_submissions,
    program_history,
    review_totals,
    routing_by_department,
    routing_summary,
    submissions_by_day,
    submissions_by_department,
    submissions_by_keyword,
)
from .fates import (
    Fate,
    adopted_reports,
    fate,
    lab_outcome,
    with_fate,
)
from .outcomes import (
    OUTCOME_CALLS_PER_PAGE,
    OUTCOME_ROUTINGS,
    OUTCOME_ROUTINGS_OVERVIEW,
    CallOutcome,
    outcome_calls_page,
    outcomes,
)
from .search import (
    SEARCH_LIMIT,
    proposal_rows,
    search,
    search_hits,
    uses_trigram,
)
from .similar import (
    SIMILAR_LIMIT,
    similar_earlier,
)

__all__ = [
    "OUTCOME_CALLS_PER_PAGE",
    "OUTCOME_ROUTINGS",
    "OUTCOME_ROUTINGS_OVERVIEW",
    "SEARCH_LIMIT",
    "SIMILAR_LIMIT",
    "CallOutcome",
    "Fate",
    "HistoryRow",
    "RoutingSummary",
    "adopted_reports",
    "dashboard_calls",
    "latest_call_with_submissions",
    "fate",
    "lab_outcome",
    "labs_for_timeline",
    "outcome_calls_page",
    "outcomes",
    "program_history",
    "proposal_rows",
    "review_totals",
    "routing_by_department",
    "routing_summary",
    "search",
    "search_hits",
    "similar_earlier",
    "submissions_by_day",
    "submissions_by_department",
    "submissions_by_keyword",
    "uses_trigram",
    "with_fate",
]
