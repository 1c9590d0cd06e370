"""The database half of a backup: one exported snapshot dumped by ``pg_dump`` and restored by
``pg_restore`` into an empty database, as the connected role (``--no-owner``: the restoring
owner role owns everything) and without the source's grants (``--no-privileges``: the target's
application role gets its own, ``ledger.roles``)."""

import os
import shutil
import subprocess
from pathlib import Path

from django.db import connection
from django.db.migrations.loader import MigrationLoader

from . import BackupError

TIMEOUT = 6 * 60 * 60  # a large database may take a while; never forever


def require_postgresql() -> None:
    if connection.vendor != "postgresql":
        raise BackupError(
            f"backup and restore support PostgreSQL only, not {connection.vendor}. On SQLite (development) stop "
            "the portal and copy db.sqlite3 and the media directory instead."
        )


def _client(program: str) -> str:
    path = shutil.which(program)
    if not path:
        raise BackupError(
            f"{program} is not on PATH: install the PostgreSQL client (postgresql-client)."
        )
    return path


def _libpq_env() -> dict[str, str]:
    """The connection's settings as libpq's environment (the password never on a command line)."""
    settings_dict = connection.settings_dict
    env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
    values = {
        "PGHOST": settings_dict.get("HOST") or "",
        "PGPORT": str(settings_dict.get("PORT") or ""),
        "PGUSER": settings_dict.get("USER") or "",
        "PGPASSWORD": settings_dict.get("PASSWORD") or "",
        "PGDATABASE": settings_dict.get("NAME") or "",
        "PGSSLMODE": (settings_dict.get("OPTIONS") or {}).get("sslmode", ""),
    }
    env.update({key: value for key, value in values.items() if value})
    return env


def _run(args: list[str]) -> None:
    # The client programs from PATH with arguments built here; the password only in the environment.
    done = subprocess.run(  # noqa: S603
        args, env=_libpq_env(), capture_output=True, text=True, timeout=TIMEOUT, check=False
    )
    if done.returncode != 0:
        raise BackupError(
            f"{Path(args[0]).name} failed ({done.returncode}): {done.stderr.strip()[-2000:]}"
        )


def snapshot_begin() -> str:
    """Starts a read-only repeatable-read transaction (call inside ``transaction.atomic``) and
    exports its snapshot for ``pg_dump --snapshot``; every read in it sees the same data."""
    with connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        return cursor.fetchone()[0]


def dump(snapshot: str, path: Path) -> None:
    """Dumps the exported ``snapshot`` (its transaction still open) to ``path``."""
    _run(
        [
            _client("pg_dump"),
            "--format=custom",
            "--no-owner",
            "--no-privileges",
            f"--snapshot={snapshot}",
            f"--file={path}",
        ]
    )


def restore(path: Path) -> None:
    """Restores ``path`` into the connected database in one transaction: all or nothing."""
    _run(
        [
            _client("pg_restore"),
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            "--exit-on-error",
            f"--dbname={connection.settings_dict['NAME']}",
            str(path),
        ]
    )


def table_names() -> list[str]:
    """The tables of the current schema."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') ORDER BY c.relname"
        )
        return [row[0] for row in cursor.fetchall()]


def row_counts() -> dict[str, int]:
    """Rows per table of the current schema, in one query (one snapshot)."""
    tables = table_names()
    if not tables:
        return {}
    quote = connection.ops.quote_name
    # Names from the catalogue, quoted: nothing from outside reaches this statement.
    counts = ", ".join(f"(SELECT count(*) FROM {quote(table)})" for table in tables)  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {counts}")  # noqa: S608
        return dict(zip(tables, cursor.fetchone(), strict=True))


def applied_migrations() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
        return [f"{app}.{name}" for app, name in cursor.fetchall()]


def unknown_migrations(applied: list[str]) -> list[str]:
    """Migrations of a backup that this version of the portal does not have (a newer backup)."""
    on_disk = {
        f"{app}.{name}"
        for app, name in MigrationLoader(None, ignore_no_migrations=True).disk_migrations
    }
    return [migration for migration in applied if migration not in on_disk]


def server_version() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        return cursor.fetchone()[0]


def nonempty_reason() -> str:
    """Why the connected database is not empty enough to restore into ("" when it is)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f') ORDER BY c.relname"
        )
        found = [row[0] for row in cursor.fetchall()]
    if not found:
        return ""
    return (
        f"the database {connection.settings_dict['NAME']!r} is not empty ({len(found)} tables, views or sequences, "
        f"e.g. {', '.join(found[:3])}): restore into a new database (docs/db-roles.sql), before any migrate"
    )


def current_role() -> tuple[str, bool]:
    """(the connected role, whether it is a superuser)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_user, rolsuper FROM pg_roles WHERE rolname = current_user")
        user, superuser = cursor.fetchone()
    return user, superuser
