"""No log line holds a calendar address (issue 20): a feed fetched, refused (404), throttled
(429) and failing (500) through Django's loggers and the portal's console handler; gunicorn's
access and error logs; the personal-data access log."""

import io
import logging
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from gunicorn.config import Config

from core.access_log import RedactingLogger
from core.request_log import RedactSecrets
from notifications.calendar import calendar_feed_issue, calendar_feed_revoke
from privacy.models import PersonalDataAccess
from privacy.services import log_access
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def console():
    """What the portal's console handler writes during the test."""
    [handler] = [
        h
        for h in logging.getLogger().handlers
        if any(isinstance(f, RedactSecrets) for f in h.filters)
    ]
    stream = io.StringIO()
    previous = handler.setStream(stream)
    try:
        yield stream
    finally:
        handler.setStream(previous)


@pytest.fixture
def client(settings):
    settings.DEBUG = False
    settings.ROOT_URLCONF = "tests.notifications.calendar_log_urls"
    return Client(raise_request_exception=False)


def _assert_secret_nowhere(secret: str, console, caplog):
    output = console.getvalue()
    assert secret not in output
    assert secret[4:] not in output
    for record in caplog.records:
        assert secret not in record.getMessage()
        assert secret not in (record.exc_text or "")


def test_a_feed_fetched_refused_and_throttled_leaves_no_address_in_the_log(
    client, console, caplog, settings
):
    caplog.set_level(logging.DEBUG)
    settings.CALENDAR_FEED_THROTTLE = (1, 60)
    person = UserFactory()
    secret = calendar_feed_issue(user=person)
    url = reverse("calendar-feed", kwargs={"token": secret})
    assert client.get(url).status_code == 200
    assert client.get(url).status_code == 429
    calendar_feed_revoke(user=person)
    settings.CALENDAR_FEED_THROTTLE = (100, 60)
    assert client.get(url).status_code == 404
    output = console.getvalue()
    assert "/calendar/cal_…" in output  # the 404 and the 429 were logged, redacted
    _assert_secret_nowhere(secret, console, caplog)


def test_a_server_error_keeps_its_traceback_without_the_address(client, console, caplog):
    caplog.set_level(logging.INFO)
    secret = calendar_feed_issue(user=UserFactory())
    response = client.get(f"/calendar/{secret}/boom.ics")
    assert response.status_code == 500
    output = console.getvalue()
    assert "Traceback (most recent call last)" in output
    assert "RuntimeError: could not build the calendar for cal_…" in output
    _assert_secret_nowhere(secret, console, caplog)


def test_gunicorn_access_and_error_logs_redact_the_address():
    secret = "cal_" + "A1b2C3d4" * 5
    config = Config()
    config.set("accesslog", "-")
    logger = RedactingLogger(config)
    stream = io.StringIO()
    for log in (logger.access_log, logger.error_log):
        log.handlers = [logging.StreamHandler(stream)]
        log.propagate = False
    path = f"/calendar/{secret}.ics"
    environ = {
        "REQUEST_METHOD": "GET", "RAW_URI": path, "PATH_INFO": path, "QUERY_STRING": "",
        "SERVER_PROTOCOL": "HTTP/1.1", "REMOTE_ADDR": "10.0.0.7", "HTTP_REFERER": f"https://portal{path}",
    }  # fmt: skip

    class Response:
        status, headers, sent, response_length = "200 OK", [], 10, 10

    request = type(
        "Request",
        (),
        {"headers": [], "method": "GET", "path": path, "query": "", "uri": path, "version": (1, 1)},
    )

    logger.access(Response(), request(), environ, timedelta(seconds=0.01))
    logger.exception("Error handling request %s", path)
    output = stream.getvalue()
    assert "GET /calendar/cal_….ics HTTP/1.1" in output
    assert "Error handling request /calendar/cal_….ics" in output
    assert secret not in output


def test_the_personal_data_access_log_keeps_no_address():
    secret = "cal_" + "Z9y8X7w6" * 5
    log_access(user=UserFactory(), what="test", path=f"/calendar/{secret}.ics?x=api_{'q' * 30}")
    row = PersonalDataAccess.objects.get()
    assert secret not in row.path and "api_qqqq" not in row.path
    assert row.path == "/calendar/cal_….ics?x=api_…"


def test_runservers_request_lines_are_redacted_too():
    server = logging.getLogger("django.server")
    assert not server.propagate
    assert any(isinstance(f, RedactSecrets) for handler in server.handlers for f in handler.filters)
