#!/usr/bin/env python
import os
import sys
from urllib.parse import unquote, urlsplit

# The one-shot migration step runs as the database's owner role (docs/deployment.md, "Database
# roles"): with MIGRATE_DATABASE_URL set, these commands connect with it instead of DATABASE_URL
# (the application role's, which web, worker and beat use), and the application role they grant
# to defaults to DATABASE_URL's user; so does `restore` (core.backups), which creates every table
# and reapplies those grants. With MIGRATE_DATABASE_URL unset nothing changes.
OWNER_COMMANDS = {"migrate", "db_roles", "restore"}


def use_owner_role(argv: list[str], environ) -> None:
    owner_url = environ.get("MIGRATE_DATABASE_URL", "")
    if not owner_url or len(argv) < 2 or argv[1] not in OWNER_COMMANDS:
        return
    app_user = urlsplit(environ.get("DATABASE_URL", "")).username
    if app_user and not environ.get("DB_APP_ROLE"):
        environ["DB_APP_ROLE"] = unquote(app_user)
    environ["DATABASE_URL"] = owner_url


# runserver serves every request in a thread of its own, and a thread's database connection is
# kept for DB_CONN_MAX_AGE after it ends (60 s by default): a burst of requests would leave as
# many idle PostgreSQL backends open, up to "too many clients". So runserver closes each
# connection at the end of its request, whatever DB_CONN_MAX_AGE says (gunicorn's long-lived
# workers are what persistent connections are for).
def no_idle_connections_under_runserver(argv: list[str], environ) -> None:
    if len(argv) >= 2 and argv[1] == "runserver":
        environ["DB_CONN_MAX_AGE"] = "0"


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "glab_portal.settings")
    use_owner_role(sys.argv, os.environ)
    no_idle_connections_under_runserver(sys.argv, os.environ)
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
