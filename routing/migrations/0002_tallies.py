"""Summary rows for the review and tracking pages (ReviewTally, RoutingCallTally,
RoutingDepartmentTally), kept by triggers and filled from the rows there are."""

# ruff: noqa: S608  (the SQL is built from constants only)

import django.db.models.deletion
from django.db import migrations, models

# The triggers that keep the tallies (see routing.models, "Summary rows"): one row-level
# trigger per table and operation, firing only when a counted column changes. The statements
# are the same on PostgreSQL (inside a PL/pgSQL function) and SQLite (the trigger's body).
PROPOSALS, REVIEWS, ROUTINGS = "proposals_proposal", "routing_review", "routing_routing"


def _routing(row: str, sign: int) -> list[str]:
    call = (
        "INSERT INTO routing_routingcalltally (call_id, status, n) "
        f"SELECT p.call_id, {row}.status, {sign} FROM {PROPOSALS} p WHERE p.id = {row}.proposal_id "
        "ON CONFLICT (call_id, status) DO UPDATE SET n = routing_routingcalltally.n + excluded.n"
    )
    department = (
        "INSERT INTO routing_routingdepartmenttally (department_id, status, n) "
        f"SELECT {row}.department_id, {row}.status, {sign} WHERE {row}.department_id IS NOT NULL "
        "ON CONFLICT (department_id, status) "
        "DO UPDATE SET n = routing_routingdepartmenttally.n + excluded.n"
    )
    return [call, department]


def _review_by_proposal(row: str, sign: int) -> list[str]:
    return [
        "INSERT INTO routing_reviewtally (call_id, not_selected, reviewed) "
        f"SELECT {row}.call_id, {sign}, "
        f"{sign} * (SELECT count(*) FROM {REVIEWS} r WHERE r.proposal_id = {row}.id) "
        f"WHERE {row}.status = 'not_selected' "
        "ON CONFLICT (call_id) DO UPDATE SET "
        "not_selected = routing_reviewtally.not_selected + excluded.not_selected, "
        "reviewed = routing_reviewtally.reviewed + excluded.reviewed"
    ]


def _review(row: str, sign: int) -> list[str]:
    return [
        "INSERT INTO routing_reviewtally (call_id, not_selected, reviewed) "
        f"SELECT p.call_id, 0, {sign} FROM {PROPOSALS} p "
        f"WHERE p.id = {row}.proposal_id AND p.status = 'not_selected' "
        "ON CONFLICT (call_id) DO UPDATE SET reviewed = routing_reviewtally.reviewed + excluded.reviewed"
    ]


# name → (table, counted columns, the statements for one side of a change)
TRIGGERS = {
    "routing_tally_routing": (ROUTINGS, ("proposal_id", "department_id", "status"), _routing),
    "routing_tally_proposal": (PROPOSALS, ("call_id", "status"), _review_by_proposal),
    "routing_tally_review": (REVIEWS, ("proposal_id",), _review),
}


def _changed(columns, vendor: str) -> str:
    differs = "IS DISTINCT FROM" if vendor == "postgresql" else "IS NOT"
    return " OR ".join(f"OLD.{c} {differs} NEW.{c}" for c in columns)


def _operations(name: str):
    """(suffix, event, statements) for INSERT, UPDATE of the counted columns, DELETE."""
    table, columns, statements = TRIGGERS[name]
    return [
        ("insert", "INSERT", statements("NEW", 1)),
        ("update", f"UPDATE OF {', '.join(columns)}", statements("OLD", -1) + statements("NEW", 1)),
        ("delete", "DELETE", statements("OLD", -1)),
    ]


def _create(name: str, vendor: str) -> list[str]:
    table, columns, _statements = TRIGGERS[name]
    sql = []
    for suffix, event, statements in _operations(name):
        when = f" WHEN ({_changed(columns, vendor)})" if suffix == "update" else ""
        body = "; ".join(statements)
        if vendor == "postgresql":
            sql.append(
                f"CREATE OR REPLACE FUNCTION {name}_{suffix}() RETURNS trigger AS $$ "
                f"BEGIN {body}; RETURN NULL; END; $$ LANGUAGE plpgsql"
            )
            sql.append(
                f"CREATE TRIGGER {name}_{suffix} AFTER {event} ON {table} FOR EACH ROW{when} "
                f"EXECUTE FUNCTION {name}_{suffix}()"
            )
        elif vendor == "sqlite":
            sql.append(
                f"CREATE TRIGGER {name}_{suffix} AFTER {event} ON {table} FOR EACH ROW{when} "
                f"BEGIN {body}; END"
            )
        else:
            raise NotImplementedError(f"routing tally triggers for {vendor}")
    return sql


def _drop(name: str, vendor: str) -> list[str]:
    table = TRIGGERS[name][0]
    sql = []
    for suffix in ("insert", "update", "delete"):
        if vendor == "postgresql":
            sql += [
                f"DROP TRIGGER IF EXISTS {name}_{suffix} ON {table}",
                f"DROP FUNCTION IF EXISTS {name}_{suffix}()",
            ]
        else:
            sql.append(f"DROP TRIGGER IF EXISTS {name}_{suffix}")
    return sql


FILL = [
    "DELETE FROM routing_routingcalltally",
    "DELETE FROM routing_routingdepartmenttally",
    "DELETE FROM routing_reviewtally",
    "INSERT INTO routing_routingcalltally (call_id, status, n) "
    f"SELECT p.call_id, r.status, count(*) FROM {ROUTINGS} r "
    f"JOIN {PROPOSALS} p ON p.id = r.proposal_id GROUP BY p.call_id, r.status",
    "INSERT INTO routing_routingdepartmenttally (department_id, status, n) "
    f"SELECT department_id, status, count(*) FROM {ROUTINGS} GROUP BY department_id, status",
    "INSERT INTO routing_reviewtally (call_id, not_selected, reviewed) "
    f"SELECT p.call_id, count(*), count(r.id) FROM {PROPOSALS} p "
    f"LEFT JOIN {REVIEWS} r ON r.proposal_id = p.id WHERE p.status = 'not_selected' "
    "GROUP BY p.call_id",
]
LOCK = f"LOCK TABLE {PROPOSALS}, {REVIEWS}, {ROUTINGS} IN SHARE MODE"


def install(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(LOCK, params=None)
    for name in TRIGGERS:
        for statement in _create(name, vendor):
            schema_editor.execute(statement, params=None)
    for statement in FILL:
        schema_editor.execute(statement, params=None)


def remove(apps, schema_editor):
    for name in TRIGGERS:
        for statement in _drop(name, schema_editor.connection.vendor):
            schema_editor.execute(statement, params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_user_header_changed_at"),
        ("proposals", "0002_call_updated_at"),
        ("routing", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="ReviewTally",
            fields=[
                (
                    "call",
                    models.OneToOneField(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        primary_key=True,
                        related_name="review_tally",
                        serialize=False,
                        to="proposals.call",
                        verbose_name="call",
                    ),
                ),
                (
                    "not_selected",
                    models.IntegerField(default=0, verbose_name="proposals not selected"),
                ),
                ("reviewed", models.IntegerField(default=0, verbose_name="proposals reviewed")),
            ],
            options={
                "verbose_name": "review tally",
                "verbose_name_plural": "review tallies",
            },
        ),
        migrations.CreateModel(
            name="RoutingCallTally",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("awaiting", "Awaiting answer"),
                            ("under_study", "Under study"),
                            ("adopted", "Adopted"),
                            ("declined", "Declined"),
                            ("already_done", "Already done"),
                            ("reroute_requested", "Re-route requested"),
                            ("implemented", "Implemented"),
                        ],
                        max_length=20,
                        verbose_name="status",
                    ),
                ),
                ("n", models.IntegerField(default=0, verbose_name="number")),
                (
                    "call",
                    models.ForeignKey(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="routing_tallies",
                        to="proposals.call",
                        verbose_name="call",
                    ),
                ),
            ],
            options={
                "verbose_name": "routing tally per call",
                "verbose_name_plural": "routing tallies per call",
                "constraints": [
                    models.UniqueConstraint(
                        fields=("call", "status"), name="routing_call_tally_unique"
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="RoutingDepartmentTally",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("awaiting", "Awaiting answer"),
                            ("under_study", "Under study"),
                            ("adopted", "Adopted"),
                            ("declined", "Declined"),
                            ("already_done", "Already done"),
                            ("reroute_requested", "Re-route requested"),
                            ("implemented", "Implemented"),
                        ],
                        max_length=20,
                        verbose_name="status",
                    ),
                ),
                ("n", models.IntegerField(default=0, verbose_name="number")),
                (
                    "department",
                    models.ForeignKey(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="routing_tallies",
                        to="accounts.department",
                        verbose_name="department",
                    ),
                ),
            ],
            options={
                "verbose_name": "routing tally per department",
                "verbose_name_plural": "routing tallies per department",
                "constraints": [
                    models.UniqueConstraint(
                        fields=("department", "status"), name="routing_department_tally_unique"
                    )
                ],
            },
        ),
        migrations.RunPython(install, remove, elidable=False),
    ]
