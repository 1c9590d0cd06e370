"""The search's index on PostgreSQL (insight.selectors.search): a function giving the distinct
lower-cased two-character grams of a text, whitespace skipped (in one pass: ``substr`` at
every position would be quadratic in a long idea), and GIN indexes on the grams of
a proposal's title and keywords and of its idea. A term of two characters or more is in a text
only if all its grams are, so ``glab_search_grams(<text>) @> glab_search_grams(<term>)`` narrows
the rows to check through the index; it serves two-syllable Korean words (난민), which trigrams
cannot. Other databases (SQLite in development and tests) skip all of it and search by substring.

Building the indexes blocks writes to proposals for a few seconds per 10,000 proposals
(about 5 s on the 2-core test machine, most of it for the ideas).
"""

from django.db import migrations

FUNCTION = r"""
CREATE OR REPLACE FUNCTION glab_search_grams(value text) RETURNS text[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$
    SELECT ARRAY(
        SELECT DISTINCT gram
        FROM (SELECT c || lead(c) OVER (ORDER BY n) AS gram
              FROM unnest(string_to_array(lower(value), NULL)) WITH ORDINALITY AS chars (c, n)) AS grams
        WHERE gram !~ '[[:space:]]'
    )
$$
"""
TITLE_INDEX = (
    "CREATE INDEX proposals_proposal_title_grams ON proposals_proposal "
    "USING gin (glab_search_grams(title || ' ' || keywords))"
)
IDEA_INDEX = "CREATE INDEX proposals_proposal_idea_grams ON proposals_proposal USING gin (glab_search_grams(idea))"


class PostgreSQLOnly(migrations.RunSQL):
    """``RunSQL`` on PostgreSQL, nothing elsewhere."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


class Migration(migrations.Migration):
    dependencies = [("proposals", "0002_call_updated_at")]

    operations = [
        PostgreSQLOnly(
            FUNCTION, reverse_sql="DROP FUNCTION glab_search_grams(text)", elidable=False
        ),
        PostgreSQLOnly(
            TITLE_INDEX, reverse_sql="DROP INDEX proposals_proposal_title_grams", elidable=False
        ),
        PostgreSQLOnly(
            IDEA_INDEX, reverse_sql="DROP INDEX proposals_proposal_idea_grams", elidable=False
        ),
        # The indexed expressions' statistics, for the planner's estimates (autovacuum would
        # gather them only once enough rows have changed).
        PostgreSQLOnly(
            "ANALYZE proposals_proposal", reverse_sql=migrations.RunSQL.noop, elidable=False
        ),
    ]
