"""``manage.py db_roles``: grants the application role what it needs and no more (PostgreSQL).

Run as the database's owner role (with ``MIGRATE_DATABASE_URL`` set, ``manage.py`` connects as
the owner for this command as for ``migrate``). Idempotent: safe to run any time. ``migrate``
runs the same grants itself afterwards when ``DB_APP_ROLE`` is set. See ``ledger.roles``.
"""

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections

from ledger import roles


class Command(BaseCommand):
    help = (
        "Grant the application database role (DB_APP_ROLE) read and write on the portal's tables, "
        "and only SELECT and INSERT on the decision ledger's. Run as the owner role."
    )

    def add_arguments(self, parser):
        parser.add_argument("--app-role", help="the application role (default: DB_APP_ROLE)")
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)
        parser.add_argument(
            "--sql", action="store_true", help="print the statements instead of running them"
        )
        parser.add_argument(
            "--check",
            action="store_true",
            help="only check the roles (fails naming any problem); change nothing",
        )

    def handle(
        self, *args, app_role=None, database=DEFAULT_DB_ALIAS, sql=False, check=False, **options
    ):
        connection = connections[database]
        if connection.vendor != "postgresql":
            raise CommandError("Database roles apply to PostgreSQL only.")
        app = app_role or roles.app_role()
        if not app:
            raise CommandError("Name the application role: --app-role or DB_APP_ROLE.")
        if sql:
            schema, owner = roles.schema_and_owner(connection)
            for statement in roles.grant_statements(
                app=app, owner=owner, schema=schema, quote=connection.ops.quote_name
            ):
                self.stdout.write(f"{statement};")
            return
        problems = roles.role_problems(connection, app)
        if problems:
            raise CommandError("; ".join(problems))
        if check:
            self.stdout.write(f"The application role {app} is neither a superuser nor the owner.")
            return
        statements = roles.apply_grants(connection, app)
        self.stdout.write(
            f"{len(statements)} grants applied to {app}; the ledger tables are append-only for it."
        )
