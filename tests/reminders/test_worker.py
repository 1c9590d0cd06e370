"""End to end: a real Celery worker (a subprocess) on the real Redis delivers a reminder to a
local SMTP sink. Needs PostgreSQL (the worker must see the test database) and Redis; skipped on
a workstation without them, a failure in CI."""

import email
import email.policy
import os
import subprocess
import sys
import time
import uuid
from datetime import timedelta
from pathlib import Path

import pytest
import redis
import time_machine
from django.db import connection
from django.utils import timezone

from notifications.enums import EmailStatus
from notifications.models import Notification
from notifications.services import reminders_dispatch
from tests.factories import CallFactory, UserFactory

from .conftest import real_broker, require_postgres

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[2]
REDIS_URL = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/5"


def _database_url() -> str:
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    return f"postgres://{db['USER']}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.fixture
def redis_up():
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping()
    except redis.RedisError:
        from .conftest import skip_or_fail

        skip_or_fail(f"Redis is not reachable at {REDIS_URL}")


@pytest.fixture
def worker(redis_up, smtp_sink, tmp_path):
    """A worker on a queue of its own, so nothing else on that Redis can take our tasks."""
    require_postgres()
    queue = f"glab-test-{uuid.uuid4().hex[:8]}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "glab_portal.settings",
        "SECRET_KEY": "worker-test-secret",
        "DATABASE_URL": _database_url(),
        "DB_CONN_MAX_AGE": "0",
        "REDIS_URL": REDIS_URL,
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(smtp_sink.port),
        "CELERY_TASK_DEFAULT_QUEUE": queue,
    }
    log = tmp_path / "worker.log"
    process = subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "celery", "-A", "glab_portal", "worker", "--pool", "solo",
         "--queues", queue, "--loglevel", "INFO", "--without-gossip", "--without-mingle",
         "--without-heartbeat"],
        cwd=ROOT,
        env=env,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
    )
    process.queue = queue
    process.log = log
    yield process
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def test_real_worker_delivers_a_reminder_to_the_smtp_sink(worker, smtp_sink, settings):
    settings.NOTIFICATION_REQUEUE_AFTER = 3600  # only the task queued at commit may deliver it
    call = CallFactory(opens_at=timezone.now() - timedelta(minutes=2))
    staff = UserFactory(full_name="김직원")
    with real_broker(REDIS_URL, task_default_queue=worker.queue):
        reminders_dispatch()
    row = Notification.objects.get(kind="reminder_call_opened", recipient=staff)

    rows = Notification.objects.filter(kind="reminder_call_opened")
    deadline = time.monotonic() + 60
    # Both recipients' rows (the staff member's and the call's author's): each is marked sent
    # right after the sink accepted it, so then both messages are in the sink.
    while time.monotonic() < deadline and worker.poll() is None:
        if rows.count() == 2 and not rows.exclude(email_status=EmailStatus.SENT).exists():
            break
        time.sleep(0.2)
    row.refresh_from_db()
    assert row.email_status == EmailStatus.SENT, worker.log.read_text()[-3000:]
    assert sorted(smtp_sink.recipients()) == sorted([staff.email, call.created_by.email])
    envelope = next(e for e in smtp_sink.messages if staff.email in e.rcpt_tos)
    message = email.message_from_bytes(envelope.content, policy=email.policy.default)
    assert " ".join(message["Subject"].split()) == row.subject
    assert call.title in message["Subject"]
    assert "김직원" in message.get_body(("plain",)).get_content()
    assert message.get_body(("html",)) is not None

    # A second dispatcher run writes and sends nothing more.
    with time_machine.travel(timezone.now() + timedelta(minutes=5), tick=True), real_broker(
        REDIS_URL, task_default_queue=worker.queue
    ):
        assert sum(reminders_dispatch().created.values()) == 0
    time.sleep(1)
    assert len(smtp_sink.messages) == 2
