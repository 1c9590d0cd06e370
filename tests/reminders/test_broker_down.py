"""With Redis down or hung (one Redis of the test's own, serving as broker and as the shared
cache) pages and a submission still answer within 2.5 s; the receipt waits in the outbox and is delivered
once Redis is back (the dispatcher re-queues it, a worker sends it)."""

import os
import signal
import time

import pytest
from celery.contrib.testing.worker import start_worker
from django.core import mail
from django.test import override_settings
from django.urls import reverse

from notifications.enums import EmailStatus
from notifications.models import Notification
from notifications.services import reminders_dispatch
from proposals.enums import ProposalStatus
from tests.factories import CallFactory, ProposalFactory

from .conftest import real_broker


@pytest.mark.django_db(transaction=True)
def test_submission_succeeds_with_redis_down_and_receipt_follows_when_it_returns(
    client, throwaway_redis, settings
):
    settings.NOTIFICATION_REQUEUE_AFTER = 0
    proposal = ProposalFactory(call=CallFactory(), status=ProposalStatus.DRAFT)
    client.force_login(proposal.proposer)

    cache_url = throwaway_redis.url.rsplit("/", 1)[0] + "/1"
    cache = {"BACKEND": "core.cache.ResilientRedisCache", "LOCATION": cache_url, "OPTIONS": settings.CACHE_OPTIONS}
    # nothing listens on that port yet
    with real_broker(throwaway_redis.url) as app, override_settings(CACHES={"default": cache}):
        for url in ("/", reverse("proposals:my-proposals"), proposal.get_absolute_url()):
            started = time.monotonic()
            assert client.get(url).status_code == 200, url
            assert time.monotonic() - started < 2.5, f"{url} waited on a dead Redis"
        started = time.monotonic()
        response = client.post(reverse("proposals:proposal-submit", args=[proposal.pk]))
        elapsed = time.monotonic() - started

        assert response.status_code == 302
        assert elapsed < 2.5, f"the request waited {elapsed:.1f}s on a dead broker"
        proposal.refresh_from_db()
        assert proposal.status == ProposalStatus.SUBMITTED
        receipt = Notification.objects.get(kind="proposal_submitted", recipient=proposal.proposer)
        assert receipt.email_status == EmailStatus.PENDING
        assert receipt.attempts == 0
        assert mail.outbox == []

        throwaway_redis.start()
        deliver_after_redis_returns(app, receipt)

    assert [m.to for m in mail.outbox] == [[proposal.proposer.email]]
    assert proposal.reference in mail.outbox[0].subject
    assert f"“{proposal.title}”" in mail.outbox[0].body  # the text part carries the title unescaped


def deliver_after_redis_returns(app, receipt):
    """What happens once Redis answers again: beat's dispatcher finds the receipt that was never
    queued and queues it, a worker sends it, and the next run finds nothing left."""
    report = reminders_dispatch()  # what beat runs every few minutes
    assert report.requeued == 1
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            receipt.refresh_from_db()
            if receipt.email_status == EmailStatus.SENT:
                break
            time.sleep(0.1)
    assert reminders_dispatch().requeued == 0
    assert receipt.email_status == EmailStatus.SENT
    assert receipt.attempts == 1


@pytest.mark.django_db(transaction=True)
def test_submission_answers_in_time_when_redis_hangs(client, throwaway_redis, settings):
    """A Redis that accepts connections but never answers (stopped, not dead): the submit waits
    at most the cache's and the publisher's short timeouts, not the broker's 5 s socket timeout."""
    settings.NOTIFICATION_REQUEUE_AFTER = 0
    proposal = ProposalFactory(call=CallFactory(), status=ProposalStatus.DRAFT)
    client.force_login(proposal.proposer)
    throwaway_redis.start()
    cache_url = throwaway_redis.url.rsplit("/", 1)[0] + "/1"
    cache = {"BACKEND": "core.cache.ResilientRedisCache", "LOCATION": cache_url, "OPTIONS": settings.CACHE_OPTIONS}
    with real_broker(throwaway_redis.url) as app, override_settings(CACHES={"default": cache}):
        os.kill(throwaway_redis.process.pid, signal.SIGSTOP)  # the port still accepts; nothing answers
        try:
            started = time.monotonic()
            response = client.post(reverse("proposals:proposal-submit", args=[proposal.pk]))
            elapsed = time.monotonic() - started
        finally:
            os.kill(throwaway_redis.process.pid, signal.SIGCONT)

        assert response.status_code == 302
        assert elapsed < 2.5, f"the request waited {elapsed:.1f}s on a hung broker"
        proposal.refresh_from_db()
        assert proposal.status == ProposalStatus.SUBMITTED
        receipt = Notification.objects.get(kind="proposal_submitted", recipient=proposal.proposer)
        assert receipt.email_status == EmailStatus.PENDING
        assert mail.outbox == []

        deliver_after_redis_returns(app, receipt)

    assert [m.to for m in mail.outbox] == [[proposal.proposer.email]]
