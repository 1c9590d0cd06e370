"""A GIN trigram index on proposals' keywords too, so that the similar-proposals panel's
``title % … OR keywords % …`` is two index scans instead of a scan of every proposal."""

from django.db import migrations

INDEX = "insight_proposal_keywords_trgm"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON proposals_proposal USING gin (keywords gin_trgm_ops)"
    )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("insight", "0001_trigram_search")]

    operations = [migrations.RunPython(create_index, drop_index, elidable=False)]
