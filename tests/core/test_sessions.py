"""Sessions stay in the database, read with one fixed SQL statement (glab_portal.sessions);
everything else is Django's db engine, so the stored rows are the same both ways."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore as DjangoStore
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from glab_portal.sessions import SessionStore

pytestmark = pytest.mark.django_db


def _stored(data: dict) -> str:
    store = DjangoStore()
    store.update(data)
    store.create()
    return store.session_key


def test_the_portal_uses_it():
    assert settings.SESSION_ENGINE == "glab_portal.sessions"


def test_a_stored_session_loads_with_one_query():
    key = _stored({"a": 1, "b": "두"})
    store = SessionStore(key)
    with CaptureQueriesContext(connection) as queries:
        assert store["a"] == 1 and store["b"] == "두"
    assert len(queries) == 1
    assert store.session_key == key


def test_an_expired_or_unknown_session_is_empty_and_loses_its_key():
    key = _stored({"a": 1})
    Session.objects.filter(session_key=key).update(
        expire_date=timezone.now() - timedelta(seconds=1)
    )
    for missing in (key, "x" * 32):
        store = SessionStore(missing)
        assert store.get("a") is None
        assert store.session_key is None


def test_what_it_saves_djangos_engine_reads():
    store = SessionStore()
    store["a"] = [1, 2]
    store.create()
    store["b"] = True
    store.save()
    assert DjangoStore(store.session_key).load() == {"a": [1, 2], "b": True}


def test_a_signed_in_page_reads_the_session_once(client, staff):
    client.force_login(staff)
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/").status_code == 200
    assert sum("django_session" in query["sql"] for query in queries.captured_queries) == 1
