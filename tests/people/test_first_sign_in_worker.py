"""End to end: the bulk first-sign-in send reaches each imported person once, delivered by a
real Celery worker (a subprocess) on the real Redis to a local SMTP sink, with a link the
worker made when it sent the email. Needs PostgreSQL and Redis; skipped on a workstation
without them, a failure in CI."""

import email
import email.policy
import os
import re
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
import redis
from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.db import connection

from accounts.enums import AccountSource
from accounts.models import User
from notifications.enums import EmailStatus
from notifications.models import Notification
from people.first_sign_in import KIND, first_sign_in_links_send
from tests.factories import innovation_unit_user
from tests.factories.people import ORG_HEADER, STAFF_HEADER, csv_bytes, person, run
from tests.reminders.conftest import Sink, real_broker, require_postgres, skip_or_fail
from tests.smtp import serving

from .conftest import ORG_ROWS

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[2]
REDIS_URL = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/5"
PEOPLE = 30
LINK = re.compile(r"https?://\S+/accounts/password/set/(\S+)/(\S+)/")


def _database_url() -> str:
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    return f"postgres://{db['USER']}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.fixture
def smtp_sink():
    with serving(Sink()) as sink:
        yield sink


@pytest.fixture
def worker(smtp_sink, tmp_path):
    """A worker on a queue of its own, with this process's SECRET_KEY so the links it makes
    can be checked here."""
    require_postgres()
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping()
    except redis.RedisError:
        skip_or_fail(f"Redis is not reachable at {REDIS_URL}")
    queue = f"glab-test-{uuid.uuid4().hex[:8]}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "glab_portal.settings",
        "SECRET_KEY": settings.SECRET_KEY,
        "DATABASE_URL": _database_url(),
        "DB_CONN_MAX_AGE": "0",
        "REDIS_URL": REDIS_URL,
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(smtp_sink.port),
        "CELERY_TASK_DEFAULT_QUEUE": queue,
        "NOTIFICATION_BATCH_SIZE": "8",  # several batches for thirty people
        "PORTAL_BASE_URL": "https://glab.example.go.kr",
    }
    log = tmp_path / "worker.log"
    process = subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "celery", "-A", "glab_portal", "worker", "--pool", "solo",
         "--queues", queue, "--loglevel", "INFO", "--without-gossip", "--without-mingle",
         "--without-heartbeat"],
        cwd=ROOT, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT,
    )  # fmt: skip
    process.queue, process.log = queue, log
    yield process
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def test_the_bulk_send_reaches_each_imported_person_once_through_a_real_worker(
    worker, smtp_sink, settings
):
    settings.NOTIFICATION_BATCH_SIZE = 8
    settings.NOTIFICATION_REQUEUE_AFTER = 3600  # only the tasks queued at commit may deliver
    unit = innovation_unit_user(username="IU-1", source=AccountSource.LOCAL, department=None)
    rows = [person(f"5{n:03d}", f"직원{n:02d}", "GENA") for n in range(PEOPLE)]
    assert (
        run(org=csv_bytes(ORG_HEADER, ORG_ROWS), staff=csv_bytes(STAFF_HEADER, rows)).status
        == "applied"
    )
    addresses = sorted(f"{row[0]}@gyeongnam.go.kr" for row in rows)

    with real_broker(REDIS_URL, task_default_queue=worker.queue):
        assert first_sign_in_links_send(by=unit) == PEOPLE
        assert first_sign_in_links_send(by=unit) == 0  # a second press: nobody twice

    outbox = Notification.objects.filter(kind=KIND)
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline and worker.poll() is None:
        if not outbox.exclude(email_status=EmailStatus.SENT).exists():
            break
        time.sleep(0.3)
    assert outbox.count() == PEOPLE
    assert set(outbox.values_list("email_status", flat=True)) == {EmailStatus.SENT}, (
        worker.log.read_text()[-3000:]
    )
    time.sleep(1)  # anything sent twice would have arrived by now
    assert sorted(smtp_sink.recipients()) == addresses  # each person, once
    for row in outbox:
        assert "/accounts/password/set/" not in row.body_text + row.body_html  # no link stored

    for envelope in smtp_sink.messages:
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        text = message.get_body(("plain",)).get_content()
        user = User.objects.get(email=envelope.rcpt_tos[0])
        _uid, token = LINK.search(text).groups()
        assert text.count("https://glab.example.go.kr/accounts/password/set/") == 1
        assert default_token_generator.check_token(user, token), text
        assert user.username in text
