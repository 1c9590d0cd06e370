"""Throwaway PostgreSQL databases with the portal's two roles (docs/deployment.md, "Database
roles"), made as an operator makes them: ``docs/db-roles.sql`` run by the superuser. Used by the
ledger's role test and the backup/restore drill."""

import contextlib
import os
import secrets
import shutil
import subprocess
from pathlib import Path
from urllib.parse import quote

import psycopg2
import pytest
from django.db import connection
from psycopg2 import errors, sql

ROOT = Path(__file__).resolve().parents[1]
LEDGER_TABLES = ("ledger_ledgerentry", "ledger_ledgercheckpoint")


def require_postgres():
    reason = ""
    if connection.vendor != "postgresql":
        reason = "needs PostgreSQL (set DATABASE_URL=postgres://...)"
    elif not shutil.which("psql"):
        reason = "needs psql (it runs docs/db-roles.sql)"
    if reason:
        pytest.fail(reason) if os.environ.get("CI") else pytest.skip(reason)


class RoleDatabase:
    """A database with an owner and an application role, both made by docs/db-roles.sql."""

    def __init__(self, settings_dict: dict):
        self.host = settings_dict.get("HOST") or "127.0.0.1"
        self.port = str(settings_dict.get("PORT") or 5432)
        self.superuser = {"user": settings_dict["USER"], "password": settings_dict.get("PASSWORD") or ""}
        suffix = secrets.token_hex(4)
        self.name = f"glab_roles_{suffix}"
        self.owner, self.app = f"glab_owner_{suffix}", f"glab_app_{suffix}"
        self.passwords = {self.owner: secrets.token_urlsafe(16), self.app: secrets.token_urlsafe(16)}

    def url(self, role: str) -> str:
        return f"postgres://{role}:{quote(self.passwords[role])}@{self.host}:{self.port}/{self.name}"

    def connect(self, role: str | None = None, dbname: str | None = None):
        credentials = {"user": role, "password": self.passwords[role]} if role else self.superuser
        conn = psycopg2.connect(host=self.host, port=self.port, dbname=dbname or self.name, **credentials)
        conn.autocommit = True
        return conn

    def create(self):
        with contextlib.closing(self.connect(dbname="postgres")) as admin, admin.cursor() as cursor:
            cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(self.name)))
        subprocess.run(  # noqa: S603
            [shutil.which("psql") or "psql", "-X", "-q", "-h", self.host, "-p", self.port, "-U", self.superuser["user"], "-d", self.name,
             "-v", f"owner={self.owner}", "-v", f"owner_password={self.passwords[self.owner]}",
             "-v", f"app={self.app}", "-v", f"app_password={self.passwords[self.app]}",
             "-f", str(ROOT / "docs" / "db-roles.sql")],
            check=True, capture_output=True, text=True, timeout=60,
            env={**os.environ, "PGPASSWORD": self.superuser["password"]},
        )

    def drop(self):
        admin = self.connect(dbname="postgres")
        with admin.cursor() as cursor:
            cursor.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(self.name)))
            for role in (self.app, self.owner):
                cursor.execute(sql.SQL("DROP ROLE IF EXISTS {}").format(sql.Identifier(role)))
        admin.close()

    def portal_env(self, tmp_path: Path, *, migrating: bool) -> dict:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_", "REDIS_", "DB_"))}
        env.pop("MIGRATE_DATABASE_URL", None)
        env.update(
            DJANGO_SETTINGS_MODULE="glab_portal.settings", DEBUG="1", SECURE_COOKIES="0",
            ALLOWED_HOSTS="testserver", MEDIA_ROOT=str(tmp_path / "media"), DATABASE_URL=self.url(self.app),
            PYTHONPATH=str(ROOT),
        )
        if migrating:
            env["MIGRATE_DATABASE_URL"] = self.url(self.owner)
        return env


def refused(cursor, statement: str) -> str:
    """The error PostgreSQL refuses ``statement`` with, or "" when it runs."""
    try:
        cursor.execute(statement)
    except errors.InsufficientPrivilege as error:
        return str(error)
    return ""


def by_grant(message: str) -> bool:
    """Refused by the role's privileges, before the append-only trigger is even asked."""
    return message.startswith(("permission denied", "must be owner"))
