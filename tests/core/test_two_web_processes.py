# ruff: noqa: S603  (the test starts its own processes with fixed arguments)
"""More than one machine (issue 18): two web processes (gunicorn, as in production) with
different local ``MEDIA_ROOT`` directories share PostgreSQL, Redis and a real S3-compatible
server (``moto_server`` on 127.0.0.1). A file uploaded through one is downloaded, byte for
byte, through the other's permission-checking view by the same signed-in person (and the
download is in the personal-data access log); neither process's local directory holds it.
A POST throttle counted on one refuses on the other.

Runs under .ci/run (PostgreSQL from DATABASE_URL; Redis and the S3 server started here)."""

import contextlib
import os
import re
import signal
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import quote

import pytest
import requests
from django.db import connection
from django.urls import reverse

from privacy.models import PersonalDataAccess
from proposals.models import Attachment
from tests.factories import PASSWORD, CallFactory, DepartmentFactory, UserFactory
from tests.proposals import scrub_samples as samples
from tests.proposals.helpers import proposal_data
from tests.smtp import free_port

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[2]
PHOTO = samples.jpeg_with_identity()


def _database_url() -> str:
    db = connection.settings_dict
    credentials = quote(db["USER"]) + (f":{quote(db['PASSWORD'])}" if db.get("PASSWORD") else "")
    return f"postgres://{credentials}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


class WebProcess:
    """``gunicorn glab_portal.wsgi`` on a free port, with its own MEDIA_ROOT."""

    def __init__(self, name: str, workdir: Path, environment: dict[str, str]):
        self.media = workdir / f"{name}-media"
        self.media.mkdir()
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log_path = workdir / f"{name}.log"
        env = {
            k: v
            for k, v in os.environ.items()
            if not k.startswith(("DJANGO_", "DATABASE_", "REDIS_", "STORAGE_"))
        }
        env.update(environment, MEDIA_ROOT=str(self.media), PYTHONPATH=str(ROOT))
        with open(self.log_path, "w") as log:
            self.process = subprocess.Popen(
                [str(Path(sys.executable).with_name("gunicorn")), "glab_portal.wsgi:application",
                 "--bind", f"127.0.0.1:{self.port}", "--workers", "1", "--timeout", "60"],
                cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
            )  # fmt: skip

    def wait_ready(self, timeout: float = 60):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                break
            with (
                contextlib.suppress(OSError),
                socket.create_connection(("127.0.0.1", self.port), timeout=0.3),
            ):
                return
            time.sleep(0.2)
        raise AssertionError(f"web process did not start:\n{self.log()}")

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")[-4000:]

    def url(self, name: str, *args) -> str:
        return self.base + reverse(name, args=args)

    def stop(self):
        if self.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)

    def files(self) -> list[Path]:
        return [p for p in self.media.rglob("*") if p.is_file()]


@pytest.fixture
def two_webs(s3_server, throwaway_redis, tmp_path):
    """Web processes A and B sharing the test database, one Redis and one bucket."""
    if connection.vendor != "postgresql":
        reason = (
            "two web processes share a database: needs PostgreSQL (DATABASE_URL=postgres://...)"
        )
        pytest.fail(reason) if os.environ.get("CI") else pytest.skip(reason)
    throwaway_redis.start()
    bucket = f"glab-two-webs-{uuid.uuid4().hex[:8]}"
    s3_server.client().create_bucket(Bucket=bucket)
    environment = {
        "DJANGO_SETTINGS_MODULE": "tests.core.web_process_settings",
        "DATABASE_URL": _database_url(),
        "DB_CONN_MAX_AGE": "0",
        "REDIS_URL": throwaway_redis.url,
        **s3_server.environment(bucket),
    }
    webs = [WebProcess(name, tmp_path, environment) for name in ("a", "b")]
    try:
        for web in webs:
            web.wait_ready()
        yield (*webs, bucket)
    finally:
        for web in webs:
            web.stop()


def _csrf(session: requests.Session, page: str) -> str:
    """The CSRF token of the form on ``page`` (its hidden field)."""
    response = session.get(page, timeout=30)
    assert response.status_code == 200, response.status_code
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.text).group(1)


def test_a_file_uploaded_through_one_web_process_is_downloaded_through_the_other(
    two_webs, s3_server
):
    a, b, bucket = two_webs
    person, call, department = UserFactory(full_name="김분산"), CallFactory(), DepartmentFactory()
    browser = requests.Session()

    # Signed in on A (the session lives in the shared database).
    token = _csrf(browser, a.url("accounts:login"))
    signed_in = browser.post(
        a.url("accounts:login"),
        timeout=30,
        allow_redirects=False,
        data={"username": person.username, "password": PASSWORD, "csrfmiddlewaretoken": token},
    )
    assert signed_in.status_code == 302, a.log()

    # Uploaded through A.
    form = a.url("proposals:proposal-create", call.pk)
    data = {**proposal_data(department=department), "csrfmiddlewaretoken": _csrf(browser, form)}
    saved = browser.post(
        form,
        data=data,
        files={"new_attachments": ("현장 사진.jpg", PHOTO, "image/jpeg")},
        timeout=60,
        allow_redirects=False,
    )
    assert saved.status_code == 302, a.log()
    attachment = Attachment.objects.get(proposal__proposer=person)
    assert s3_server.keys(bucket) == {attachment.file.name, attachment.board_file.name}

    # Downloaded through B, by the same person, through the permission-checking view.
    response = browser.get(b.url("proposals:attachment-download", attachment.pk), timeout=30)
    assert response.status_code == 200, b.log()
    assert response.content == PHOTO
    assert "attachment;" in response.headers["Content-Disposition"]
    assert (
        PersonalDataAccess.objects.filter(
            user=person, what="proposals:attachment-download", object_id=attachment.pk
        ).count()
        == 1
    )
    # Someone else, signed in on B, is refused.
    stranger, other = UserFactory(), requests.Session()
    token = _csrf(other, b.url("accounts:login"))
    other.post(
        b.url("accounts:login"),
        timeout=30,
        data={"username": stranger.username, "password": PASSWORD, "csrfmiddlewaretoken": token},
    )
    assert (
        other.get(b.url("proposals:attachment-download", attachment.pk), timeout=30).status_code
        == 404
    )

    # Neither process kept the file on its own disk.
    assert a.files() == [] and b.files() == []


def test_a_throttle_counted_on_one_web_process_holds_on_the_other(two_webs):
    a, b, _bucket = two_webs
    browser = requests.Session()
    asked = {"username": "E999999", "email": "nobody@example.go.kr"}
    refused_after = None
    for attempt in range(1, 101):
        token = _csrf(browser, a.url("accounts:password-reset"))
        response = browser.post(
            a.url("accounts:password-reset"),
            data={**asked, "csrfmiddlewaretoken": token},
            timeout=30,
            allow_redirects=False,
        )
        if response.status_code == 429:
            refused_after = attempt - 1
            break
        assert response.status_code in (200, 302), a.log()
    assert refused_after, "A never refused: the throttle did not count"

    # B has never seen this person's requests, yet refuses: the count is in the shared Redis.
    token = _csrf(browser, b.url("accounts:password-reset"))
    response = browser.post(
        b.url("accounts:password-reset"),
        data={**asked, "csrfmiddlewaretoken": token},
        timeout=30,
        allow_redirects=False,
    )
    assert response.status_code == 429, b.log()
