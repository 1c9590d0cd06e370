"""The gunicorns (the portal on one seeded database, and the bare view) and the CPU time their
workers, and the PostgreSQL backends serving those workers, have used.

CPU time is read from /proc/<pid>/task/<tid>/schedstat (time on CPU in nanoseconds: the same
quantity as utime+stime in /proc/<pid>/stat, whose 10 ms ticks are too coarse for a bare view
of well under a millisecond), falling back to /proc/<pid>/stat where schedstat is missing."""

import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
WORKERS = int(os.environ.get("BENCH_WORKERS", "2"))
TICK_NS = 1e9 / os.sysconf("SC_CLK_TCK")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def cpu_ns(pid: int) -> int | None:
    """Nanoseconds on CPU of every thread of the process; None once it is gone."""
    try:
        total = 0
        for tid in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{tid}/schedstat") as handle:
                total += int(handle.read().split()[0])
        return total
    except FileNotFoundError:
        return None
    except (OSError, ValueError):
        try:
            with open(f"/proc/{pid}/stat") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
            return int((int(fields[11]) + int(fields[12])) * TICK_NS)
        except OSError:
            return None


def children(pid: int) -> list[int]:
    found = []
    for tid in os.listdir(f"/proc/{pid}/task"):
        with open(f"/proc/{pid}/task/{tid}/children") as handle:
            found += [int(c) for c in handle.read().split()]
    return found


class Gunicorn:
    """``app`` is a WSGI path; ``env`` adds to the environment (DATABASE_URL, REDIS_CACHE_URL)."""

    def __init__(self, name: str, app: str, env: dict, database: str = ""):
        self.name, self.database = name, database
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log = open(Path(tempfile.gettempdir()) / f"glab-bench-{name}.log", "w")  # noqa: SIM115
        self.process = subprocess.Popen(
            [str(Path(sys.executable).with_name("gunicorn")), app, "--bind", f"127.0.0.1:{self.port}",
             "--workers", str(WORKERS), "--worker-class", "sync", "--timeout", "120", "--log-level", "warning"],
            cwd=ROOT, env={**os.environ, **env}, stdout=subprocess.DEVNULL, stderr=self.log,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(self.base + ("/__empty__/" if database else "/"), timeout=5).read()
                return
            except urllib.error.HTTPError:
                return  # answering (a redirect or an error page is the page's business)
            except OSError:
                time.sleep(0.3)
        raise RuntimeError(f"gunicorn {name} did not start; see {self.log.name}")

    def workers(self) -> list[int]:
        return children(self.process.pid)

    def stop(self) -> None:
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(timeout=30)
        self.log.close()


class Backends:
    """The PostgreSQL server processes connected to the benchmark's databases (the workers keep
    their connection: DB_CONN_MAX_AGE), found through pg_stat_activity."""

    def __init__(self):
        import psycopg2

        self.connection = psycopg2.connect(host="127.0.0.1", port=5432, user="postgres", dbname="postgres")
        self.connection.autocommit = True

    def pids(self, database: str) -> list[int]:
        with self.connection.cursor() as cursor:
            cursor.execute("SELECT pid FROM pg_stat_activity WHERE datname = %s AND backend_type = 'client backend'",
                           [database])
            return [row[0] for row in cursor.fetchall()]


class CpuMeter:
    """CPU used by a server's workers (and their database backends) between two readings."""

    def __init__(self, server: Gunicorn, backends: Backends | None):
        self.server, self.backends = server, backends

    def read(self) -> dict[str, dict[int, int]]:
        app = {pid: cpu_ns(pid) for pid in self.server.workers()}
        db = {}
        if self.backends is not None and self.server.database:
            db = {pid: cpu_ns(pid) for pid in self.backends.pids(self.server.database)}
        return {"app": {k: v for k, v in app.items() if v is not None}, "db": {k: v for k, v in db.items() if v is not None}}

    @staticmethod
    def used(before: dict, after: dict) -> dict[str, float]:
        """Milliseconds of CPU between the readings; a process new since ``before`` counts whole."""
        return {part: sum(ns - before[part].get(pid, 0) for pid, ns in after[part].items()) / 1e6
                for part in ("app", "db")}
