# ruff: noqa: S603  (drills start their own processes with fixed arguments)
"""Fault drills: each drill starts its own PostgreSQL cluster, Redis, SMTP sink and portal
processes (web, worker, beat) on free ports, breaks one of them, and checks what people and
the outbox see. The machine's shared PostgreSQL and Redis are never touched.

Run them on their own: ``pytest -m drill tests/drills`` (they are slow: about a minute each).
PostgreSQL's initdb refuses root, so as root the cluster runs as the ``postgres`` user.
"""

import asyncio
import contextlib
import glob
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

import pytest

from tests.redis_server import RedisServer
from tests.smtp import free_port, serving

ROOT = Path(__file__).resolve().parents[2]


def pytest_collection_modifyitems(config, items):
    """Marked ``drill``; skipped unless asked for (``-m drill``): they run as their own CI step."""
    here = Path(__file__).resolve().parent
    asked = "drill" in (config.getoption("markexpr") or "") and "not drill" not in config.getoption("markexpr")
    for item in items:
        if here in Path(str(item.fspath)).resolve().parents:
            item.add_marker(pytest.mark.drill)
            if not asked:
                item.add_marker(pytest.mark.skip(reason="fault drill: run with -m drill (make drills)"))


def wait_for_port(port: int, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=0.3):
            return
        time.sleep(0.1)
    raise RuntimeError(f"nothing listens on {port}")


def _missing(reason: str):
    if os.environ.get("CI"):
        pytest.fail(reason)
    pytest.skip(reason)


class PostgresCluster:
    """initdb + pg_ctl in a temporary directory, on its own port, trust auth on 127.0.0.1."""

    def __init__(self):
        binaries = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
        if not binaries:
            _missing("PostgreSQL server binaries (initdb) are not installed")
        self.bin = Path(binaries[-1]).parent
        self.port = free_port()
        self.dir = Path(tempfile.mkdtemp(prefix="glab-drill-pg-"))
        self.data = self.dir / "data"
        self.as_user = []
        if os.geteuid() == 0:
            shutil.chown(self.dir, "postgres", "postgres")
            self.as_user = ["runuser", "-u", "postgres", "--"]
        self.url = f"postgres://postgres@127.0.0.1:{self.port}/glab_drill"

    def _run(self, *args, check=True):
        # Output to a file, not a pipe: the server pg_ctl starts would inherit the pipe and keep
        # it open, and run() would wait for it forever.
        with open(self.dir / "ctl.log", "a") as out:
            return subprocess.run([*self.as_user, *args], check=check, stdout=out, stderr=subprocess.STDOUT,
                                  stdin=subprocess.DEVNULL, timeout=120)

    def init(self):
        self._run(str(self.bin / "initdb"), "-D", str(self.data), "-U", "postgres", "-A", "trust", "-E", "UTF8",
                  "--no-instructions")
        self.start()
        self._run(str(self.bin / "createdb"), "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", "glab_drill")

    def start(self):
        self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-l", str(self.dir / "log"), "-w", "-t", "60",
                  "-o", f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c fsync=off", "start")

    def restart(self):
        self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "-t", "60",
                  "-o", f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c fsync=off", "restart")

    def stop(self):
        self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "-w", "stop", check=False)
        shutil.rmtree(self.dir, ignore_errors=True)


class SlowSink:
    """An SMTP sink that can be told to hang on the next message (to kill a worker mid-send)."""

    def __init__(self):
        self.received = []
        self.started = []
        self.hang_next = False

    async def handle_DATA(self, server, session, envelope):
        self.started.append(envelope.rcpt_tos[:])
        if self.hang_next:
            self.hang_next = False
            await asyncio.sleep(60)
            return "451 4.3.0 gave up"
        self.received.append(envelope.rcpt_tos[:])
        return "250 OK"

    def recipients(self) -> list[str]:
        return [address for rcpts in self.received for address in rcpts]


class Portal:
    """Runs portal processes (and Django snippets) against the drill's database and Redis."""

    def __init__(self, pg: PostgresCluster, redis_url: str, smtp_port: int, workdir: Path):
        self.env = {
            **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_", "REDIS_"))},
            "DJANGO_SETTINGS_MODULE": "tests.drills.drill_settings",
            "DATABASE_URL": pg.url,
            "DB_CONN_MAX_AGE": "600",
            "REDIS_URL": redis_url,
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(smtp_port),
            "MEDIA_ROOT": str(workdir / "media"),
            "PYTHONPATH": str(ROOT),
        }
        self.workdir = workdir
        self.processes = []

    def manage(self, *args):
        return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=self.env, check=True,
                              capture_output=True, text=True, timeout=300)

    def snippet(self, code: str):
        """Runs ``code`` in a fresh Django process; returns what it assigned to ``result``."""
        program = "import django, json\ndjango.setup()\nresult = None\n" + textwrap.dedent(code) + (
            "\nprint('RESULT ' + json.dumps(result, default=str))\n"
        )
        done = subprocess.run([sys.executable, "-c", program], cwd=ROOT, env=self.env, capture_output=True,
                              text=True, timeout=300)
        assert done.returncode == 0, done.stderr[-4000:]
        line = [x for x in done.stdout.splitlines() if x.startswith("RESULT ")][-1]
        return json.loads(line[len("RESULT "):])

    def start(self, name: str, *args) -> subprocess.Popen:
        log = open(self.workdir / f"{name}.log", "w")  # noqa: SIM115
        process = subprocess.Popen(args, cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT,
                                   start_new_session=True)
        process.log_path = self.workdir / f"{name}.log"
        self.processes.append(process)
        return process

    def web(self) -> str:
        port = free_port()
        self.start("web", str(Path(sys.executable).with_name("gunicorn")), "glab_portal.wsgi:application",
                   "--bind", f"127.0.0.1:{port}", "--workers", "1", "--timeout", "30")
        wait_for_port(port)
        return f"http://127.0.0.1:{port}"

    def worker(self, name="worker") -> subprocess.Popen:
        return self.start(name, sys.executable, "-m", "celery", "-A", "glab_portal", "worker", "--pool", "prefork",
                          "--concurrency", "1", "--loglevel", "INFO", "--without-gossip", "--without-mingle",
                          "--without-heartbeat")

    def beat(self, name="beat") -> subprocess.Popen:
        return self.start(name, sys.executable, "-m", "celery", "-A", "glab_portal", "beat", "--loglevel", "INFO",
                          "--schedule", str(self.workdir / f"{name}-schedule"))

    @staticmethod
    def kill(process, sig=signal.SIGKILL):
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, sig)
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(timeout=20)

    def stop_all(self):
        for process in self.processes:
            if process.poll() is None:
                self.kill(process, signal.SIGTERM)
            if process.poll() is None:
                self.kill(process)


@pytest.fixture
def pg():
    cluster = PostgresCluster()
    cluster.init()
    yield cluster
    cluster.stop()


@pytest.fixture
def redis_server():
    if not shutil.which("redis-server"):
        _missing("redis-server is not installed")
    server = RedisServer(free_port())
    yield server
    server.stop()


@pytest.fixture
def sink():
    with serving(SlowSink()) as handler:
        yield handler


@pytest.fixture
def portal(pg, redis_server, sink, tmp_path):
    instance = Portal(pg, redis_server.url, sink.port, tmp_path)
    instance.manage("migrate", "--no-input", "-v", "0")
    yield instance
    instance.stop_all()


def wait_until(predicate, timeout: float, interval: float = 0.25, message: str = "condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(interval)
    raise AssertionError(f"timed out waiting for {message}")
