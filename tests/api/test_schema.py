"""The schema is valid OpenAPI 3 and lists every endpoint; the docs page is the portal's own,
with no outside address, and readable in Korean (through gettext)."""

import re

import pytest
from django.urls import reverse
from django.utils import translation
from openapi_spec_validator import validate

pytestmark = pytest.mark.django_db

ENDPOINTS = {
    ("/api/v1/calls", "get"),
    ("/api/v1/calls/{call_id}", "get"),
    ("/api/v1/outcomes", "get"),
    ("/api/v1/outcomes/{call_id}", "get"),
    ("/api/v1/me/proposals", "get"),
    ("/api/v1/me/tasks", "get"),
}


def test_the_schema_validates_as_openapi_3_and_lists_the_endpoints(client):
    response = client.get(reverse("api:openapi-json"))
    assert response.status_code == 200
    schema = response.json()
    validate(schema)
    assert schema["openapi"].startswith("3.")
    listed = {(path, method) for path, ops in schema["paths"].items() for method in ops}
    assert listed >= ENDPOINTS
    # The me/ endpoints need the bearer token; the public ones nothing.
    for path, method in ENDPOINTS:
        security = schema["paths"][path][method].get("security")
        assert bool(security) == path.startswith("/api/v1/me/"), path
    assert schema["components"]["securitySchemes"]["TokenAuth"] == {
        "type": "http",
        "scheme": "bearer",
    }


def test_every_list_is_cursor_paginated(client):
    schema = client.get(reverse("api:openapi-json")).json()
    for path in ("/api/v1/calls", "/api/v1/outcomes", "/api/v1/me/proposals", "/api/v1/me/tasks"):
        names = {p["name"] for p in schema["paths"][path]["get"]["parameters"]}
        assert {"cursor", "page_size"} <= names, path


def test_the_docs_page_loads_with_no_external_url(client, settings):
    settings.PORTAL_BASE_URL = "https://glab.example.go.kr"
    response = client.get(reverse("api:openapi-view"))
    assert response.status_code == 200
    html = response.content.decode()
    addresses = re.findall(r"""(?:src|href|action)=["']([^"']+)["']""", html)
    assert addresses
    for address in addresses:
        assert not re.match(r"^(https?:)?//", address), f"external address {address}"
    assert "Content-Security-Policy" in response.headers
    for path, _method in ENDPOINTS:
        assert path in html
    assert "<script>" not in html and "cdn" not in html.lower()


@pytest.mark.parametrize("language", ["ko", "en"])
def test_the_docs_page_speaks_through_gettext(client, settings, language):
    """Korean unless the person chose English (the portal's language cookie)."""
    if language != settings.LANGUAGE_CODE:
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    with translation.override(language):
        expected = [translation.gettext(text) for text in ("Every call, newest first.", "G-Lab Portal API")]
    html = client.get(reverse("api:openapi-view")).content.decode()
    for text in expected:
        assert text in html
