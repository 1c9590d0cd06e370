"""deploy/nginx.conf, run by a real nginx: its access log never holds a calendar address's or an
API token's secret (issue 20), in the request line or in the Referer, and it still passes the
request on to the portal unchanged.

The shipped file is used as it is, except for what only docker-compose can provide: the two
web containers (here one small HTTP server on 127.0.0.1 standing in for both), the listening
address (127.0.0.1 and a free port) and the log file's path. ``nginx -t`` checks it first.
Needs nginx (Debian's package; .ci/run installs it): skipped without it only outside CI."""

import os
import re
import shutil
import socket
import subprocess
import threading
import time
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
NGINX = shutil.which("nginx") or ("/usr/sbin/nginx" if os.path.exists("/usr/sbin/nginx") else None)

pytestmark = pytest.mark.skipif(
    NGINX is None and not os.environ.get("CI"), reason="nginx is not installed (CI installs it)"
)

CALENDAR_SECRET = "cal_" + "Ab3-_x" * 7
API_SECRET = "api_" + "Zq9_-y" * 7


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class _Portal(BaseHTTPRequestHandler):
    """Stands in for the web containers: answers 200 and remembers the path it was asked for."""

    seen: list[str] = []

    def do_GET(self):  # noqa: N802 - the http.server API
        _Portal.seen.append(self.path)
        body = b"ok"
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def _site_config(upstream_port: int, port: int, log: Path) -> str:
    config = (ROOT / "deploy" / "nginx.conf").read_text(encoding="utf-8")
    config, web = re.subn(r"server web-[ab]:8000", f"server 127.0.0.1:{upstream_port}", config)
    config, listen = re.subn(r"listen 8000;", f"listen 127.0.0.1:{port};", config)
    config, logs = re.subn(r"/var/log/nginx/access\.log", str(log), config)
    assert (web, listen, logs) == (2, 1, 1), "deploy/nginx.conf changed shape: update this test"
    return config


@pytest.fixture
def nginx(tmp_path):
    """A running nginx with deploy/nginx.conf in front of a stand-in portal; yields
    (base URL, access log path)."""
    assert NGINX, "CI runs this test: .ci/run installs nginx"
    portal = ThreadingHTTPServer(("127.0.0.1", 0), _Portal)
    threading.Thread(target=portal.serve_forever, daemon=True).start()
    port, log = _free_port(), tmp_path / "access.log"
    (tmp_path / "site.conf").write_text(_site_config(portal.server_address[1], port, log))
    temp = {name: tmp_path / name for name in ("body", "proxy", "fastcgi", "uwsgi", "scgi")}
    (tmp_path / "nginx.conf").write_text(
        f"daemon off;\nworker_processes 1;\npid {tmp_path / 'nginx.pid'};\n"
        f"error_log {tmp_path / 'error.log'} warn;\nevents {{ worker_connections 64; }}\n"
        "http {\n"
        f"  client_body_temp_path {temp['body']};\n  proxy_temp_path {temp['proxy']};\n"
        f"  fastcgi_temp_path {temp['fastcgi']};\n  uwsgi_temp_path {temp['uwsgi']};\n"
        f"  scgi_temp_path {temp['scgi']};\n  access_log off;\n"
        f"  include {tmp_path / 'site.conf'};\n}}\n"
    )
    command = [NGINX, "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf")]
    checked = subprocess.run([*command, "-t"], capture_output=True, text=True)  # noqa: S603
    assert checked.returncode == 0, checked.stderr
    process = subprocess.Popen(command, stderr=subprocess.DEVNULL)  # noqa: S603
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_until_answering(base)
        yield base, log
    finally:
        process.terminate()
        process.wait(timeout=10)
        portal.shutdown()


def _wait_until_answering(base: str) -> None:
    for _ in range(100):
        try:
            urllib.request.urlopen(base + "/healthz", timeout=1).read()  # noqa: S310 - http only
            return
        except OSError:
            time.sleep(0.05)
    raise AssertionError("nginx did not answer")


def _get(url: str, **headers) -> int:
    request = urllib.request.Request(url, headers=headers)  # noqa: S310 - http only
    with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310
        response.read()
        return response.status


def _log_text(log: Path, last_path: str) -> str:
    """The access log once the line of the request for ``last_path`` is in it (nginx writes a
    line after the response is sent)."""
    for _ in range(100):
        text = log.read_text() if log.exists() else ""
        if f"GET {last_path} " in text:
            return text
        time.sleep(0.05)
    raise AssertionError(f"no log line for {last_path}: {text!r}")


def test_the_access_log_cuts_secrets_from_the_path_and_the_referer(nginx):
    base, log = nginx
    _Portal.seen.clear()
    assert _get(f"{base}/calendar/{CALENDAR_SECRET}.ics") == 200
    assert _get(f"{base}/api/v1/calls/?key={API_SECRET}&page=2") == 200
    assert _get(f"{base}/proposals/", Referer=f"{base}/calendar/{CALENDAR_SECRET}.ics") == 200
    text = _log_text(log, "/proposals/")

    # The portal still gets the whole address: only the log line is cut.
    assert f"/calendar/{CALENDAR_SECRET}.ics" in _Portal.seen
    assert CALENDAR_SECRET not in text and API_SECRET not in text
    assert CALENDAR_SECRET[4:12] not in text and API_SECRET[4:12] not in text
    assert "GET /calendar/cal_....ics HTTP/1.1" in text
    assert "GET /api/v1/calls/?key=api_...&page=2 HTTP/1.1" in text
    assert f'"{base}/calendar/cal_..."' in text


def test_an_address_without_a_secret_is_logged_as_it_is(nginx):
    base, log = nginx
    assert _get(f"{base}/insight/search/?q=cal_short") == 200
    assert "GET /insight/search/?q=cal_short HTTP/1.1" in _log_text(
        log, "/insight/search/?q=cal_short"
    )
