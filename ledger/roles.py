"""The application's database role may append to the ledger, never switch it off (PostgreSQL).

In production two roles share the database (docs/deployment.md, "Database roles"): an *owner*
role that owns every table and runs the migrations in a one-shot step, and an *application*
role (``DB_APP_ROLE``; web, worker and beat connect as it) that owns nothing. Only a table's
owner (or a superuser) may ``ALTER TABLE … DISABLE TRIGGER``, so the application cannot turn
off the ledger's append-only trigger (migration 0002), and its grants on the ledger tables stop
an ``UPDATE``, ``DELETE`` or ``TRUNCATE`` before the trigger is even asked.

``grant_statements`` is the one list of grants, run as the owner:

- default privileges of the owner in the schema, so every table a later migration creates is
  readable and writable by the application (``SELECT, INSERT, UPDATE, DELETE``) and every
  sequence usable (``USAGE, SELECT``): the summary rows kept by triggers (which run as the
  invoking application role: none of the portal's trigger functions is ``SECURITY DEFINER``),
  the change history, the sessions, the outbox;
- the same grants on what exists already;
- on the ledger's entries and checkpoints only ``SELECT, INSERT``; on its anchors (a
  convenience copy, the anchors that count live outside the database) ``SELECT, INSERT`` and
  ``UPDATE`` of the two columns delivery changes.

``manage.py db_roles`` runs them (or prints them with ``--sql``); the ``post_migrate`` handler
below runs them after every ``migrate`` when ``DB_APP_ROLE`` is set, so a table added by a later
migration gets its grants and the ledger's stay narrow. Creating the roles themselves needs a
superuser once: ``docs/db-roles.sql``.
"""

import logging

from django.conf import settings
from django.db import connections

logger = logging.getLogger(__name__)

# Rows are only ever added to these (ledger.models): no UPDATE, DELETE or TRUNCATE.
APPEND_ONLY_TABLES = ("ledger_ledgerentry", "ledger_ledgercheckpoint")
ANCHOR_TABLE = "ledger_ledgeranchor"
# What ledger.anchoring changes on an anchor row once it is written.
ANCHOR_UPDATABLE_COLUMNS = ("emailed_at", "last_error")


def app_role() -> str:
    return getattr(settings, "DB_APP_ROLE", "") or ""


def schema_and_owner(connection) -> tuple[str, str]:
    """The current schema and the role that owns the database objects: the owner of Django's
    migration table once it exists, else the role connected now."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT current_schema(), COALESCE("
            "(SELECT tableowner FROM pg_tables WHERE schemaname = current_schema() "
            "AND tablename = 'django_migrations'), current_user)"
        )
        schema, owner = cursor.fetchone()
    return schema, owner


def grant_statements(*, app: str, owner: str, schema: str, quote) -> list[str]:
    """The grants of the application role ``app``, as the owner ``owner`` runs them; ``quote``
    quotes an identifier (``connection.ops.quote_name``)."""
    app_q, owner_q, schema_q = quote(app), quote(owner), quote(schema)
    defaults = f"ALTER DEFAULT PRIVILEGES FOR ROLE {owner_q} IN SCHEMA {schema_q}"
    statements = [
        f"GRANT USAGE ON SCHEMA {schema_q} TO {app_q}",
        f"{defaults} GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {app_q}",
        f"{defaults} GRANT USAGE, SELECT ON SEQUENCES TO {app_q}",
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {schema_q} TO {app_q}",
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {schema_q} TO {app_q}",
    ]
    for table in (*APPEND_ONLY_TABLES, ANCHOR_TABLE):
        table_q = f"{schema_q}.{quote(table)}"
        statements += [
            f"REVOKE ALL ON {table_q} FROM {app_q}",
            f"GRANT SELECT, INSERT ON {table_q} TO {app_q}",
        ]
    columns = ", ".join(quote(column) for column in ANCHOR_UPDATABLE_COLUMNS)
    statements.append(f"GRANT UPDATE ({columns}) ON {schema_q}.{quote(ANCHOR_TABLE)} TO {app_q}")
    return statements


def role_problems(connection, app: str) -> list[str]:
    """Why ``app`` would not be held by the grants (missing, a superuser, the owner itself)."""
    _schema, owner = schema_and_owner(connection)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT rolsuper, pg_has_role(oid, (SELECT oid FROM pg_roles WHERE rolname = %s), 'MEMBER') "
            "FROM pg_roles WHERE rolname = %s",
            [owner, app],
        )
        row = cursor.fetchone()
    if row is None:
        return [f"the role {app!r} does not exist (create it with docs/db-roles.sql)"]
    superuser, member_of_owner = row
    problems = []
    if superuser:
        problems.append(f"the role {app!r} is a superuser: no grant holds it")
    if member_of_owner:
        problems.append(f"the role {app!r} is (a member of) the owner {owner!r}: it can disable the trigger")
    return problems


def apply_grants(connection, app: str) -> list[str]:
    """Runs ``grant_statements`` on ``connection`` (as the owner) and returns them."""
    schema, owner = schema_and_owner(connection)
    statements = grant_statements(app=app, owner=owner, schema=schema, quote=connection.ops.quote_name)
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)
    return statements


def grants_after_migrate(sender, using="default", **kwargs):
    """``post_migrate``: reapplies the application role's grants, on PostgreSQL and only when
    ``DB_APP_ROLE`` is set (with nothing set the portal runs as one role, as in development)."""
    connection = connections[using]
    app = app_role()
    if connection.vendor != "postgresql" or not app:
        return
    for problem in role_problems(connection, app):
        logger.warning("DB_APP_ROLE: %s", problem)
    apply_grants(connection, app)
    logger.info("Granted the application role %s its privileges; the ledger tables append-only", app)
