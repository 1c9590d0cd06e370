import contextlib
import os
from datetime import datetime
from zoneinfo import ZoneInfo

import kombu.pools
import pytest
import time_machine
from django.db import connection

from glab_portal.celery import app as celery_app
from tests.redis_server import throwaway_redis  # noqa: F401 (a fixture)
from tests.smtp import serving

SEOUL = ZoneInfo("Asia/Seoul")
# A call like the 2026 one: opens 13 May 09:00, closes 4 June 18:00, Korea Standard Time.
OPENS_AT = datetime(2026, 5, 13, 9, 0, tzinfo=SEOUL)
CLOSES_AT = datetime(2026, 6, 4, 18, 0, tzinfo=SEOUL)


def skip_or_fail(reason: str):
    """Skipped on a workstation; in CI (``CI`` set) a missing prerequisite is a failure."""
    if os.environ.get("CI"):
        pytest.fail(reason)
    pytest.skip(reason)


def require_postgres():
    if connection.vendor != "postgresql":
        skip_or_fail("needs PostgreSQL (set DATABASE_URL=postgres://...)")


@contextlib.contextmanager
def real_broker(url: str, **conf):
    """Celery publishes to ``url`` instead of running tasks eagerly, for the block."""
    saved = {key: celery_app.conf[key] for key in ("broker_url", "task_always_eager", *conf)}
    celery_app.conf.update(broker_url=url, task_always_eager=False, **conf)
    _drop_broker_pools()
    try:
        yield celery_app
    finally:
        _drop_broker_pools()
        celery_app.conf.update(saved)


def _drop_broker_pools():
    kombu.pools.reset()
    celery_app._pool = None
    # The queues and routes are worked out once from the configuration (task_default_queue…):
    # dropping the app's AMQP helper makes the next publish read the configuration as it is now,
    # so a block that set a queue of its own leaves no task going to that queue afterwards.
    celery_app.__dict__.pop("amqp", None)


class Sink:
    """An SMTP server on 127.0.0.1 that keeps what it receives; refuses the addresses in
    ``refuse`` with 550."""

    def __init__(self):
        self.messages = []
        self.refuse = set()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse:
            return "550 5.1.1 mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(envelope)
        return "250 Message accepted for delivery"

    def recipients(self) -> list[str]:
        return [address for envelope in self.messages for address in envelope.rcpt_tos]


@pytest.fixture
def smtp_sink():
    with serving(Sink()) as sink:
        yield sink


@pytest.fixture
def smtp_to(settings):
    """Points Django's SMTP backend at a given port (a sink, or a closed port)."""

    def point(port: int):
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST = "127.0.0.1"
        settings.EMAIL_PORT = port
        settings.EMAIL_TIMEOUT = 5

    return point


@pytest.fixture
def run_dispatcher(django_capture_on_commit_callbacks):
    """Runs the beat task ``dispatch_reminders`` (eager Celery) at ``moment``, delivering what
    it queues on commit, and returns the addresses emailed by this run per kind, sorted."""
    from django.core import mail

    from notifications.enums import EmailStatus
    from notifications.models import Notification
    from notifications.tasks import dispatch_reminders

    def run(moment):
        before = len(mail.outbox)
        with time_machine.travel(moment, tick=False), django_capture_on_commit_callbacks(execute=True):
            dispatch_reminders.delay()
        sent: dict[str, list[str]] = {}
        for message in mail.outbox[before:]:
            kind = Notification.objects.filter(
                subject=message.subject, recipient__email=message.to[0], email_status=EmailStatus.SENT
            ).latest("id").kind
            sent.setdefault(kind, []).extend(message.to)
        return {kind: sorted(to) for kind, to in sent.items()}

    return run


def emails(*users) -> list[str]:
    return sorted(u.email for u in users)


def started_lab(*, iu, members, start, months: int = 6, started_at):
    """A lab of ``members`` (each volunteered, invited, accepted, release acknowledged) started
    by the innovation unit at ``started_at`` (a moment in KST), with a term of ``months`` from
    ``start``. Notices written meanwhile stay pending unless the caller delivers them."""
    from labs import services
    from labs.terms import term_end
    from tests.factories.labs import LabFactory, acknowledge_all, join

    with time_machine.travel(started_at, tick=False):
        lab = LabFactory(start_date=start, end_date=term_end(start, months), created_by=iu)
        for user in members:
            join(lab, user, by=iu)
        acknowledge_all(lab, by=iu)
        return services.lab_start(lab=lab, by=iu)


def only(sent: dict, *kinds: str) -> dict:
    """The part of a dispatcher run's result about ``kinds``."""
    return {kind: to for kind, to in sent.items() if kind in kinds}
