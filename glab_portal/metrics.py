"""Prometheus metrics on ``/metrics`` (docs/deployment.md, "Monitoring").

Two sources in one answer:

- the request metrics of django-prometheus (its two middleware in ``MIDDLEWARE``: counts and
  latency histograms per view and method, responses per status). Under gunicorn every worker
  writes its own in ``PROMETHEUS_MULTIPROC_DIR`` (set by ``gunicorn.conf.py``) and the answer
  adds them up, whichever worker serves the scrape;
- the portal's own gauges, read at scrape time from the database and the broker, so every
  worker answers the same: the outbox by email status, the age of the oldest email waiting,
  when each periodic task last finished, and the Celery queue's length.

Who may read it: with ``METRICS_TOKEN`` set, a request must carry ``Authorization: Bearer
<token>``; with ``METRICS_ALLOWED_ADDRESSES`` set (addresses or networks), it must come from one
of them (the client address as ``privacy.hardening.client_ip`` sees it); with both, both hold.
With neither the endpoint is off. A refused request gets the same 404 as a path that does not
exist, so nobody learns it is there.
"""

from __future__ import annotations

import functools
import hmac
import ipaddress
import logging
import os

import prometheus_client
import redis
from django.conf import settings
from django.db import DatabaseError
from django.http import HttpResponse, HttpResponseNotAllowed, HttpResponseNotFound
from django.utils import timezone
from kombu.transport.redis import PRIORITY_STEPS
from prometheus_client import CollectorRegistry, multiprocess
from prometheus_client.core import GaugeMetricFamily

from notifications import selectors as outbox
from notifications.enums import EmailStatus
from privacy.hardening import client_ip

from .celery import scheduled_task_names

logger = logging.getLogger(__name__)

# Redis is asked with these timeouts (seconds): a probe or a scrape must answer well within its
# own timeout even when Redis is hung rather than down.
REDIS_TIMEOUT = 1.0
# kombu keeps a Redis queue's messages of priority p > 0 in the list "<queue>\x06\x16<p>".
KOMBU_PRIORITY_SEPARATOR = "\x06\x16"


def _allowed_networks(addresses: tuple[str, ...]) -> list:
    return [ipaddress.ip_network(address, strict=False) for address in addresses]


_networks = functools.lru_cache(maxsize=4)(_allowed_networks)


def metrics_allowed(request) -> bool:
    token = getattr(settings, "METRICS_TOKEN", "")
    addresses = tuple(getattr(settings, "METRICS_ALLOWED_ADDRESSES", ()))
    if not token and not addresses:
        return False
    if token:
        scheme, _, given = request.headers.get("Authorization", "").partition(" ")
        if scheme.lower() != "bearer" or not hmac.compare_digest(
            given.strip().encode(), token.encode()
        ):
            return False
    if addresses:
        try:
            address = ipaddress.ip_address(client_ip(request))
        except ValueError:
            return False
        if not any(address in network for network in _networks(addresses)):
            return False
    return True


@functools.lru_cache(maxsize=4)
def _redis_client(url: str) -> redis.Redis:
    return redis.Redis.from_url(
        url, socket_connect_timeout=REDIS_TIMEOUT, socket_timeout=REDIS_TIMEOUT
    )


def broker() -> redis.Redis | None:
    """A client of the broker's Redis (``REDIS_URL``) with short timeouts, or None without one."""
    url = getattr(settings, "REDIS_URL", "")
    return _redis_client(url) if url else None


def celery_queue_length() -> int | None:
    """Messages waiting in the default Celery queue (every priority), or None without a broker
    or when it does not answer."""
    client = broker()
    if client is None:
        return None
    queue = getattr(settings, "CELERY_TASK_DEFAULT_QUEUE", "celery")
    keys = [queue] + [f"{queue}{KOMBU_PRIORITY_SEPARATOR}{step}" for step in PRIORITY_STEPS if step]
    try:
        pipe = client.pipeline(transaction=False)
        for key in keys:
            pipe.llen(key)
        return sum(pipe.execute())
    except Exception as error:  # noqa: BLE001 - the gauge is left out; /readyz names Redis
        logger.warning("metrics: queue length unavailable: %s", type(error).__name__)
        return None


class PortalCollector:
    """The portal's gauges, computed at each scrape (a handful of small queries)."""

    def collect(self):
        try:
            yield from self._from_database()
        except DatabaseError as error:  # the request metrics are still served; /readyz names it
            logger.warning("metrics: database unavailable: %s", type(error).__name__)
        length = celery_queue_length()
        if length is not None:
            queue = getattr(settings, "CELERY_TASK_DEFAULT_QUEUE", "celery")
            gauge = GaugeMetricFamily(
                "glab_celery_queue_length", "Tasks waiting in the Celery queue.", labels=["queue"]
            )
            gauge.add_metric([queue], length)
            yield gauge

    @staticmethod
    def _from_database():
        counts = outbox.outbox_status_counts()
        emails = GaugeMetricFamily(
            "glab_outbox_emails", "Notifications in the outbox by email status.", labels=["status"]
        )
        for status in EmailStatus.values:
            emails.add_metric([status], counts.get(status, 0))
        yield emails

        oldest = outbox.outbox_oldest_pending_created_at()
        age = (timezone.now() - oldest).total_seconds() if oldest else 0.0
        yield GaugeMetricFamily(
            "glab_outbox_oldest_pending_age_seconds",
            "Age of the oldest notification whose email is still pending (0 when none is).",
            value=max(age, 0.0),
        )

        runs = outbox.scheduled_runs_finished()
        last_run = GaugeMetricFamily(
            "glab_beat_last_run_timestamp_seconds",
            "When each periodic task last finished (Unix time; 0 = never).",
            labels=["task"],
        )
        for task in sorted({*scheduled_task_names().values(), *runs}):
            last_run.add_metric([task], runs[task].timestamp() if task in runs else 0.0)
        yield last_run


_portal_registry = CollectorRegistry(auto_describe=False)
_portal_registry.register(PortalCollector())


def exposition() -> bytes:
    """The metrics page: every worker's request metrics (multiprocess mode when
    ``PROMETHEUS_MULTIPROC_DIR`` is set) followed by the portal's gauges."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
    else:
        registry = prometheus_client.REGISTRY
    return prometheus_client.generate_latest(registry) + prometheus_client.generate_latest(
        _portal_registry
    )


def metrics_view(request):
    if not metrics_allowed(request):
        return HttpResponseNotFound()
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "HEAD"])
    response = HttpResponse(exposition(), content_type=prometheus_client.CONTENT_TYPE_LATEST)
    response["Cache-Control"] = "no-store"
    response["Content-Length"] = str(len(response.content))
    return response
