"""The ranking's summary rows (``EntryScore``), created and filled from the existing reviews."""

import django.db.models.deletion
from django.db import migrations, models


def fill(apps, schema_editor):
    from screening.summaries import entry_scores_rebuild

    names = ("EntryScore", "Review", "Score", "Screening")
    entry_scores_rebuild(models=tuple(apps.get_model("screening", name) for name in names))


class Migration(migrations.Migration):
    dependencies = [
        ("proposals", "0002_call_updated_at"),
        ("screening", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="EntryScore",
            fields=[
                (
                    "proposal",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="entry_score",
                        serialize=False,
                        to="proposals.proposal",
                        verbose_name="proposal",
                    ),
                ),
                (
                    "review_count",
                    models.PositiveIntegerField(default=0, verbose_name="reviews with scores"),
                ),
                ("abstentions", models.PositiveIntegerField(default=0, verbose_name="abstentions")),
                (
                    "total_sum",
                    models.FloatField(default=0, verbose_name="sum of the review totals"),
                ),
                (
                    "total_square_sum",
                    models.FloatField(default=0, verbose_name="sum of the squared review totals"),
                ),
                ("score", models.FloatField(null=True, verbose_name="score")),
                (
                    "criterion_sums",
                    models.JSONField(default=dict, verbose_name="sums per criterion"),
                ),
                (
                    "screening",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="entry_scores",
                        to="screening.screening",
                        verbose_name="screening",
                    ),
                ),
            ],
            options={
                "verbose_name": "entry score",
                "verbose_name_plural": "entry scores",
                "indexes": [
                    models.Index(fields=["screening", "score"], name="entry_score_ranking")
                ],
            },
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
