"""GiST trigram indexes on proposals' titles and keywords for the similar-proposals panel: its
candidates are read nearest first (``ORDER BY title <-> … LIMIT``, a KNN index scan that stops
after the candidates it keeps) instead of every proposal that shares a common trigram (the GIN
indexes of 0001 and 0002 serve the search and its ``%`` filter)."""

from django.db import migrations

INDEXES = {"insight_proposal_title_gist": "title", "insight_proposal_keywords_gist": "keywords"}


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, column in INDEXES.items():
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON proposals_proposal USING gist ({column} gist_trgm_ops)"
        )


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("insight", "0002_keywords_trigram_index")]

    operations = [migrations.RunPython(create_indexes, drop_indexes, elidable=False)]
