"""/metrics (glab_portal.metrics): off unless a token or an address list is set, then served
only to them (everyone else gets 404), with the request metrics and the portal's own gauges at
their true values."""

from datetime import timedelta

import pytest
from django.test import override_settings
from django.utils import timezone
from kombu import Connection
from prometheus_client.parser import text_string_to_metric_families

from notifications.enums import EmailStatus
from notifications.models import Notification
from notifications.services import reminders_dispatch
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

TOKEN = "s3cret-scrape-token"


def samples(response) -> dict:
    """{(sample name, sorted label items): value} of a metrics page."""
    found = {}
    for family in text_string_to_metric_families(response.content.decode()):
        for sample in family.samples:
            found[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return found


def test_metrics_are_off_when_neither_token_nor_addresses_are_set(client):
    assert client.get("/metrics").status_code == 404
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer anything").status_code == 404


@override_settings(METRICS_TOKEN=TOKEN)
def test_metrics_need_the_bearer_token(client):
    assert client.get("/metrics").status_code == 404
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer wrong").status_code == 404
    assert client.get("/metrics", HTTP_AUTHORIZATION=TOKEN).status_code == 404
    assert client.post("/metrics", HTTP_AUTHORIZATION=f"Bearer {TOKEN}").status_code == 405
    response = client.get("/metrics", HTTP_AUTHORIZATION=f"Bearer {TOKEN}")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain; version=")


@override_settings(METRICS_ALLOWED_ADDRESSES=["10.20.0.0/16", "192.168.1.7"])
def test_metrics_need_an_allowed_address(client):
    assert client.get("/metrics", REMOTE_ADDR="10.30.0.1").status_code == 404
    assert client.get("/metrics", REMOTE_ADDR="192.168.1.8").status_code == 404
    assert client.get("/metrics", REMOTE_ADDR="10.20.3.4").status_code == 200
    assert client.get("/metrics", REMOTE_ADDR="192.168.1.7").status_code == 200


@override_settings(METRICS_ALLOWED_ADDRESSES=["10.20.0.0/16"], METRICS_TOKEN=TOKEN)
def test_with_both_set_both_must_hold(client):
    bearer = f"Bearer {TOKEN}"
    assert client.get("/metrics", REMOTE_ADDR="10.20.3.4").status_code == 404
    assert client.get("/metrics", REMOTE_ADDR="10.99.3.4", HTTP_AUTHORIZATION=bearer).status_code == 404
    assert client.get("/metrics", REMOTE_ADDR="10.20.3.4", HTTP_AUTHORIZATION=bearer).status_code == 200


@override_settings(METRICS_ALLOWED_ADDRESSES=["10.20.0.0/16"], BEHIND_PROXY=True)
def test_behind_the_proxy_the_address_is_the_one_the_proxy_saw(client):
    # The client's own X-Forwarded-For entries are not trusted, only the proxy's last one.
    spoofed = "10.20.3.4, 203.0.113.9"
    assert client.get("/metrics", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=spoofed).status_code == 404
    assert client.get("/metrics", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="10.20.3.4").status_code == 200


def _notification(recipient, n: int, status: str, age: timedelta = timedelta(0)) -> Notification:
    row = Notification.objects.create(
        recipient=recipient, kind="proposal_submitted", key=f"metrics-test-{status}-{n}",
        subject="제목", body_text="본문", email_status=status,
    )
    Notification.objects.filter(pk=row.pk).update(created_at=timezone.now() - age)
    return row


@override_settings(METRICS_TOKEN=TOKEN)
def test_the_portal_gauges_have_their_true_values(client):
    person = UserFactory()
    for n in range(3):
        _notification(person, n, EmailStatus.PENDING, age=timedelta(minutes=10 * n))
    _notification(person, 9, EmailStatus.PENDING, age=timedelta(hours=2))
    for n in range(2):
        _notification(person, n, EmailStatus.FAILED, age=timedelta(days=3))
    _notification(person, 0, EmailStatus.SENT, age=timedelta(days=5))
    page = samples(client.get("/metrics", HTTP_AUTHORIZATION=f"Bearer {TOKEN}"))
    assert page[("glab_outbox_emails", (("status", "pending"),))] == 4
    assert page[("glab_outbox_emails", (("status", "failed"),))] == 2
    assert page[("glab_outbox_emails", (("status", "sent"),))] == 1
    assert page[("glab_outbox_emails", (("status", "sending"),))] == 0
    # The failed rows are older, but only pending ones count.
    assert 2 * 3600 <= page[("glab_outbox_oldest_pending_age_seconds", ())] < 2 * 3600 + 60
    # Beat has never run the dispatcher.
    assert page[("glab_beat_last_run_timestamp_seconds", (("task", "dispatch_reminders"),))] == 0
    # No broker configured: no queue to measure.
    assert not any(name == "glab_celery_queue_length" for name, _labels in page)


@override_settings(METRICS_TOKEN=TOKEN)
def test_the_last_beat_run_is_the_dispatchers_last_finish(client):
    before = timezone.now().timestamp()
    reminders_dispatch(now=timezone.now() - timedelta(days=30))  # the recorded time is the real one
    after = timezone.now().timestamp()
    page = samples(client.get("/metrics", HTTP_AUTHORIZATION=f"Bearer {TOKEN}"))
    last_run = page[("glab_beat_last_run_timestamp_seconds", (("task", "dispatch_reminders"),))]
    assert before - 1 <= last_run <= after + 1
    assert page[("glab_outbox_oldest_pending_age_seconds", ())] == 0


@override_settings(METRICS_TOKEN=TOKEN)
def test_every_periodic_task_records_its_runs_for_the_metric(client):
    """Each task of the beat schedule (the ledger's checkpoint, the purges, the sweep, as well
    as the dispatcher and the digest) is on the metric, 0 until it has run and its finish time
    after; so the IT team's alert sees any of them stop (docs/deployment.md, "Monitoring")."""
    from django.utils.module_loading import import_string

    from glab_portal.celery import scheduled_task_names
    from notifications.models import ScheduledRun

    names = scheduled_task_names()
    assert {"record_checkpoint", "purge_correction_requests", "sweep_orphan_files"} <= set(names.values())
    page = samples(client.get("/metrics", HTTP_AUTHORIZATION=f"Bearer {TOKEN}"))
    for short in names.values():
        assert page[("glab_beat_last_run_timestamp_seconds", (("task", short),))] == 0
    before = timezone.now().timestamp()
    for task in names:
        import_string(task).apply().get()  # as a worker runs what beat sends
    assert set(ScheduledRun.objects.values_list("task", flat=True)) == set(names.values())
    page = samples(client.get("/metrics", HTTP_AUTHORIZATION=f"Bearer {TOKEN}"))
    for short in names.values():
        assert page[("glab_beat_last_run_timestamp_seconds", (("task", short),))] >= before - 1


def test_the_queue_length_counts_every_waiting_message_of_the_celery_queue(client, throwaway_redis):
    throwaway_redis.start()
    with Connection(throwaway_redis.url) as connection:
        queue = connection.SimpleQueue("celery")
        for n in range(3):
            queue.put({"n": n})
        queue.put({"n": 9}, priority=6)  # kept by kombu in a list of its own
        other = connection.SimpleQueue("elsewhere")
        other.put({"n": 0})
        queue.close()
        other.close()
    with override_settings(METRICS_TOKEN=TOKEN, REDIS_URL=throwaway_redis.url):
        page = samples(client.get("/metrics", HTTP_AUTHORIZATION=f"Bearer {TOKEN}"))
    assert page[("glab_celery_queue_length", (("queue", "celery"),))] == 4


@override_settings(METRICS_TOKEN=TOKEN)
def test_request_latency_is_measured_per_view_and_probes_are_not_counted(client):
    client.get("/healthz")
    before = samples(client.get("/metrics", HTTP_AUTHORIZATION=f"Bearer {TOKEN}"))
    client.get("/accounts/login/")
    client.get("/healthz")
    after = samples(client.get("/metrics", HTTP_AUTHORIZATION=f"Bearer {TOKEN}"))
    count = ("django_http_requests_latency_seconds_by_view_method_count", (("method", "GET"), ("view", "accounts:login")))
    assert after[count] == before.get(count, 0) + 1
    total = ("django_http_requests_before_middlewares_total", ())
    assert after[total] == before[total] + 1
