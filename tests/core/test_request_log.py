"""Logs that help: a 4xx answer is one line (method, path, status, user id) without a traceback;
a 5xx keeps its traceback. Read from what the configured console handler writes, and from
the records pytest captures (the handler's filter rewrites the record before they reach
caplog's handler, which the root logger holds after it)."""

import io
import logging

import pytest
from django.test import Client

from core.request_log import ClientErrorsOnOneLine
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def console():
    """What the portal's console handler writes during the test."""
    [handler] = [
        h for h in logging.getLogger().handlers if any(isinstance(f, ClientErrorsOnOneLine) for f in h.filters)
    ]
    stream = io.StringIO()
    previous = handler.setStream(stream)
    try:
        yield stream
    finally:
        handler.setStream(previous)


@pytest.fixture
def client_on_log_urls(settings):
    settings.DEBUG = False
    settings.ROOT_URLCONF = "tests.core.log_urls"
    return Client(raise_request_exception=False)


def _request_records(caplog) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.name.startswith(("django.request", "django.security"))]


@pytest.mark.parametrize(
    ("method", "url", "status"),
    [
        ("get", "/log/forbidden/", 403),
        ("get", "/log/missing/", 404),
        ("get", "/no/such/page/", 404),
        ("get", "/log/suspicious/", 400),
        ("post", "/log/read-only/", 405),
    ],
)
def test_a_client_error_is_one_line_without_traceback(client_on_log_urls, console, caplog, method, url, status):
    user = UserFactory()
    client_on_log_urls.force_login(user)
    caplog.set_level(logging.INFO)

    response = getattr(client_on_log_urls, method)(url)

    assert response.status_code == status
    [record] = _request_records(caplog)
    assert record.exc_info is None
    assert record.getMessage().startswith(f"{method.upper()} {url} {status} user={user.pk} ")
    lines = [line for line in console.getvalue().splitlines() if url in line]
    assert len(lines) == 1
    assert lines[0].startswith(f"{method.upper()} {url} {status} user={user.pk} ")
    assert "Traceback" not in console.getvalue()


def test_an_anonymous_client_error_names_no_user_and_a_newline_in_the_path_stays_escaped(
    client_on_log_urls, console, caplog
):
    caplog.set_level(logging.INFO)
    response = client_on_log_urls.get("/log/forbidden%0Aforged-entry/")
    assert response.status_code == 404
    [record] = _request_records(caplog)
    assert record.getMessage().startswith("GET /log/forbidden\\nforged-entry/ 404 user=- ")
    assert len(console.getvalue().strip().splitlines()) == 1


def test_a_server_error_keeps_its_traceback(client_on_log_urls, console, caplog):
    client_on_log_urls.force_login(UserFactory())
    caplog.set_level(logging.INFO)

    response = client_on_log_urls.get("/log/boom/")

    assert response.status_code == 500
    [record] = _request_records(caplog)
    assert record.exc_info is not None and record.exc_info[0] is RuntimeError
    output = console.getvalue()
    assert "Traceback (most recent call last)" in output
    assert "RuntimeError: a real server error" in output
