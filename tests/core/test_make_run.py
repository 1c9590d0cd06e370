"""`make run` (runserver) against PostgreSQL keeps no idle connections, and the links in its
email follow the port it serves on (issue 18, fixes 2 and 3)."""

import contextlib
import os
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from http.client import HTTPConnection
from pathlib import Path
from urllib.request import urlopen

import pytest
from django.db import connection

import manage
from tests.reminders.conftest import require_postgres
from tests.smtp import free_port

ROOT = Path(__file__).resolve().parents[2]


def test_runserver_keeps_no_connection_after_its_request():
    environ = {"DB_CONN_MAX_AGE": "60"}
    manage.no_idle_connections_under_runserver(["manage.py", "runserver", "127.0.0.1:8101"], environ)
    assert environ["DB_CONN_MAX_AGE"] == "0"


def test_other_commands_keep_their_connection_age():
    for argv in (["manage.py", "migrate"], ["manage.py"], ["manage.py", "shell", "runserver"]):
        environ = {"DB_CONN_MAX_AGE": "60"}
        manage.no_idle_connections_under_runserver(argv, environ)
        assert environ == {"DB_CONN_MAX_AGE": "60"}, argv


def _make_run(*args: str, **env: str) -> list[str]:
    """What `make run` hands to each manage.py step as PORTAL_BASE_URL. The steps are replaced
    by printing it (the shell comment swallows their arguments) and installing by `true`, so
    nothing is installed, migrated or served."""
    environ = {key: value for key, value in os.environ.items() if key != "PORTAL_BASE_URL"}
    result = subprocess.run(  # noqa: S603
        ["make", "-s", "run", *args, "UV=true", "MANAGE=printenv PORTAL_BASE_URL #"],  # noqa: S607
        cwd=ROOT, env={**environ, **env}, capture_output=True, text=True, check=True, timeout=60,
    )
    return [line for line in result.stdout.splitlines() if not line.startswith("==>")]


def test_make_run_links_follow_the_port():
    assert _make_run("PORT=8101") == ["http://127.0.0.1:8101"] * 3
    assert _make_run() == ["http://127.0.0.1:8000"] * 3


def test_make_run_keeps_an_explicit_base_url():
    assert _make_run("PORT=8101", PORTAL_BASE_URL="https://glab.example.go.kr") == ["https://glab.example.go.kr"] * 3


def _backends(name: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE application_name = %s", [name])
        return cursor.fetchone()[0]


@pytest.mark.postgres
@pytest.mark.django_db
def test_runserver_on_postgresql_leaves_no_idle_backends():
    """30 browsers at once, each served by a runserver thread of its own that asks the database
    (/readyz), as `make run` serves them with DB_CONN_MAX_AGE=60 in the environment (the
    default): no backend of that server stays open, neither while the browsers stay connected
    nor after they leave. (Before the fix all 30 stayed open: runserver's threads never close
    their connections themselves.)"""
    require_postgres()
    db = connection.settings_dict
    name = f"glab-runserver-{os.getpid()}"
    url = f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}?application_name={name}"
    port = free_port()
    env = {**os.environ, "DEBUG": "1", "DATABASE_URL": url, "DB_CONN_MAX_AGE": "60", "PGPASSWORD": db["PASSWORD"] or ""}
    env.pop("REDIS_URL", None)
    server = subprocess.Popen(  # noqa: S603
        [sys.executable, "manage.py", "runserver", "--noreload", "--skip-checks", f"127.0.0.1:{port}"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    browsers = []
    try:
        deadline = time.monotonic() + 60
        while True:
            with contextlib.suppress(OSError), urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2):  # noqa: S310
                break
            assert server.poll() is None and time.monotonic() < deadline, "runserver did not start"
            time.sleep(0.2)

        def browse(_n):
            browser = HTTPConnection("127.0.0.1", port, timeout=30)
            browser.request("GET", "/readyz")
            response = browser.getresponse()
            response.read()
            browsers.append(browser)
            return response.status

        with ThreadPoolExecutor(max_workers=30) as pool:
            assert list(pool.map(browse, range(30))) == [200] * 30
        time.sleep(1)
        assert _backends(name) == 0
        for browser in browsers:
            browser.close()
        time.sleep(1)
        assert _backends(name) == 0
    finally:
        for browser in browsers:
            browser.close()
        server.terminate()
        server.wait(timeout=20)
