"""Under gunicorn with several workers, /metrics counts every worker's requests whichever
worker answers the scrape (prometheus_client's multiprocess mode, set up by gunicorn.conf.py),
and a worker that dies keeps its counts in the totals."""

import contextlib
import os
import re
import signal
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.request import Request, urlopen

import pytest
from prometheus_client.mmap_dict import MmapedDict
from prometheus_client.parser import text_string_to_metric_families

from tests.smtp import free_port

ROOT = Path(__file__).resolve().parents[2]
TOKEN = "multiprocess-test-token"
REQUESTS = 40


def _get(url: str, token: str = "") -> bytes:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    with urlopen(Request(url, headers=headers), timeout=10) as response:  # noqa: S310 - our own server
        return response.read()


def _requests_counted(base: str) -> float:
    page = _get(f"{base}/metrics", TOKEN).decode()
    for family in text_string_to_metric_families(page):
        for sample in family.samples:
            if sample.name == "django_http_requests_total_by_method_total" and sample.labels == {"method": "GET"}:
                return sample.value
    return 0.0


def _requests_per_file(metrics_dir: Path) -> dict[int, float]:
    """The GET requests each worker counted, read from its own counter file."""
    counted = {}
    for path in metrics_dir.glob("counter_*.db"):
        pid = int(re.search(r"_(\d+)\.db$", path.name).group(1))
        counted[pid] = sum(
            value
            for key, value, _timestamp, _offset in MmapedDict.read_all_values_from_file(str(path))
            if '"django_http_requests_total_by_method_total"' in key
        )
    return counted


def _worker_pids(master: int) -> set[int]:
    out = subprocess.run(["ps", "-o", "pid=", "--ppid", str(master)], capture_output=True, text=True, check=False)  # noqa: S603,S607
    return {int(pid) for pid in out.stdout.split()}


@pytest.fixture
def gunicorn(tmp_path):
    port = free_port()
    metrics_dir = tmp_path / "prometheus"
    metrics_dir.mkdir()
    # A previous run's file: emptied at start, or its counts would be added to this run's.
    (metrics_dir / "counter_999999.db").write_bytes(b"stale")
    env = {
        **os.environ,
        "DEBUG": "1",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'empty.sqlite3'}",  # /jsi18n/ needs no table
        "METRICS_TOKEN": TOKEN,
        "PROMETHEUS_MULTIPROC_DIR": str(metrics_dir),
    }
    env.pop("REDIS_URL", None)
    process = subprocess.Popen(  # noqa: S603
        [str(Path(sys.executable).with_name("gunicorn")), "glab_portal.wsgi:application", "--config",
         "gunicorn.conf.py", "--bind", f"127.0.0.1:{port}", "--workers", "2", "--timeout", "30"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        with contextlib.suppress(OSError):
            if _get(f"{base}/healthz") == b"ok\n" and len(_worker_pids(process.pid)) == 2:
                break
        assert process.poll() is None, "gunicorn exited"
        assert time.monotonic() < deadline, "gunicorn did not start"
        time.sleep(0.2)
    yield process, base, metrics_dir
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)


def test_metrics_add_up_every_workers_requests(gunicorn):
    process, base, metrics_dir = gunicorn
    assert not (metrics_dir / "counter_999999.db").exists()
    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(lambda _n: _get(f"{base}/jsi18n/"), range(REQUESTS)))
    # Both workers served some of them, each counting into a file of its own.
    served = _requests_per_file(metrics_dir)
    assert set(served) == _worker_pids(process.pid)
    assert all(count > 0 for count in served.values()) and sum(served.values()) == REQUESTS
    # Whichever worker answers the scrape (probes and scrapes are not counted themselves).
    assert [_requests_counted(base) for _n in range(10)] == [REQUESTS] * 10

    # A worker killed outright is replaced; what it counted stays counted.
    victim = min(_worker_pids(process.pid))
    os.kill(victim, signal.SIGKILL)
    deadline = time.monotonic() + 30
    while victim in _worker_pids(process.pid) or len(_worker_pids(process.pid)) < 2:
        assert time.monotonic() < deadline, "gunicorn did not replace the worker"
        time.sleep(0.2)
    _get(f"{base}/jsi18n/")
    assert [_requests_counted(base) for _n in range(6)] == [REQUESTS + 1] * 6
