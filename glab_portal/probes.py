"""What a load balancer and a monitoring system ask (docs/deployment.md, "Monitoring").

- ``/healthz``: the process is up and answers (200, touches nothing else);
- ``/readyz``: the database, Redis and the file storage are reachable (200), or 503 naming the
  part that is not (``redis: unavailable``), never a host name or an error text: those go to
  the log;
- ``/metrics``: Prometheus metrics, for the addresses or the token a setting names
  (``glab_portal.metrics``).

``ProbeMiddleware`` stands first in ``MIDDLEWARE`` and answers these three paths itself, so a
probe polled every few seconds costs no session, no language, no CSRF or header work, no
request metric, and a load balancer that asks over plain http or by the server's address is
neither redirected to https nor refused by ``ALLOWED_HOSTS`` (none of these answers builds a
link from the Host header). The same views are in the URLconf for ``reverse`` and the tests.
"""

from __future__ import annotations

import functools
import logging
import os
from pathlib import Path

from django.core.files.storage import FileSystemStorage, default_storage
from django.db import connection
from django.http import HttpResponse, HttpResponseNotAllowed

from . import metrics

logger = logging.getLogger(__name__)

OK, UNAVAILABLE, NOT_CONFIGURED = "ok", "unavailable", "not configured"


def plain_text(body: str, status: int = 200) -> HttpResponse:
    """A short text answer that no cache keeps and no browser reinterprets."""
    response = HttpResponse(body, status=status, content_type="text/plain; charset=utf-8")
    response["Cache-Control"] = "no-store"
    response["X-Content-Type-Options"] = "nosniff"
    # Set here, as CommonMiddleware (skipped) would: lets the client keep its connection.
    response["Content-Length"] = str(len(response.content))
    return response


def _read_only(view):
    """GET and HEAD only (a probe never changes anything)."""

    @functools.wraps(view)
    def wrapper(request):
        if request.method not in ("GET", "HEAD"):
            return HttpResponseNotAllowed(["GET", "HEAD"])
        return view(request)

    return wrapper


@_read_only
def healthz(request):
    return plain_text("ok\n")


def check_database() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return OK


def check_redis() -> str:
    """The broker (``REDIS_URL``): without it tasks run eagerly and there is nothing to reach."""
    client = metrics.broker()
    if client is None:
        return NOT_CONFIGURED
    client.ping()
    return OK


def check_storage() -> str:
    """Local files: the storage's directory, or the nearest existing parent it would be made
    in, is writable. Any other storage (e.g. S3): asking whether a file exists succeeds."""
    if isinstance(default_storage, FileSystemStorage):
        directory = Path(default_storage.location)
        while not directory.exists() and directory != directory.parent:
            directory = directory.parent
        if not (directory.is_dir() and os.access(directory, os.W_OK | os.X_OK)):
            raise OSError("the storage directory is not writable")
        return OK
    default_storage.exists("readyz-probe")
    return OK


CHECKS = {"database": check_database, "redis": check_redis, "storage": check_storage}


def readiness() -> dict[str, str]:
    """Each part's state: ``ok``, ``not configured`` or ``unavailable`` (the reason is logged,
    never answered)."""
    states = {}
    for name, check in CHECKS.items():
        try:
            states[name] = check()
        except Exception as error:  # noqa: BLE001 - any failure means "not ready"
            logger.warning("readyz: %s unavailable: %s: %s", name, type(error).__name__, error)
            states[name] = UNAVAILABLE
    return states


@_read_only
def readyz(request):
    states = readiness()
    ready = UNAVAILABLE not in states.values()
    body = "".join(f"{name}: {state}\n" for name, state in states.items())
    return plain_text(body, status=200 if ready else 503)


# The paths ProbeMiddleware answers, and the URLconf's names for them.
PROBES = {"healthz": healthz, "readyz": readyz, "metrics": metrics.metrics_view}


class ProbeMiddleware:
    """Answers ``/healthz``, ``/readyz`` and ``/metrics`` before any other middleware runs
    (first in ``MIDDLEWARE``); every other request passes through untouched."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.views = {f"/{name}": view for name, view in PROBES.items()}

    def __call__(self, request):
        view = self.views.get(request.path_info)
        if view is None:
            return self.get_response(request)
        return view(request)
