"""Row counts of every table, for tests that prove a refused request writes nothing."""

from django.apps import apps
from django.db import connection

# Tables that legitimately record an attempt (a refused request may add rows to them).
ATTEMPT_LOGS = {
    "sessions.Session",
    "axes.AccessLog",
    "axes.AccessAttempt",
    "axes.AccessFailureLog",
    "axes.AccessAttemptExpiration",
    "privacy.PersonalDataAccess",
}


def _count_query() -> tuple[list[str], str]:
    tables = sorted(
        {
            model._meta.db_table
            for model in apps.get_models(include_auto_created=True)
            if model._meta.label not in ATTEMPT_LOGS and not model._meta.proxy and model._meta.managed
        }
    )
    quote = connection.ops.quote_name
    # Table names come from the model registry, quoted: nothing from outside reaches this SQL.
    counts = ", ".join(f"(SELECT COUNT(*) FROM {quote(table)})" for table in tables)  # noqa: S608
    return tables, f"SELECT {counts}"


def row_counts() -> dict[str, int]:
    """Every table's row count (but the attempt logs), in one query."""
    tables, sql = _count_query()
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return dict(zip(tables, cursor.fetchone(), strict=True))
