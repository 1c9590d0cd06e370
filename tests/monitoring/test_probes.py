"""/healthz and /readyz (glab_portal.probes): anyone may ask, the answers are cheap, and a part
that is down is named without any detail (docs/deployment.md, "Monitoring")."""

import pytest
from django.test import override_settings

from tests.smtp import free_port

pytestmark = pytest.mark.django_db

CLOSED_REDIS = "redis://127.0.0.1:1/0"


def test_healthz_answers_ok_without_touching_the_database(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok\n"
    assert response["Content-Type"].startswith("text/plain")
    assert response["Cache-Control"] == "no-store"


def test_readyz_names_every_part_and_asks_the_database_once(client, django_assert_num_queries):
    with django_assert_num_queries(1):
        response = client.get("/readyz")
    assert response.status_code == 200
    assert response.content.decode() == "database: ok\nredis: not configured\nstorage: ok\n"


@override_settings(REDIS_URL=CLOSED_REDIS)
def test_readyz_answers_503_naming_redis_when_redis_is_down(client, caplog):
    response = client.get("/readyz")
    assert response.status_code == 503
    body = response.content.decode()
    assert body == "database: ok\nredis: unavailable\nstorage: ok\n"
    # No host, port or error text in the answer; the reason is in the log.
    assert "127.0.0.1" not in body and "Error" not in body
    assert "readyz: redis unavailable: ConnectionError" in caplog.text


def test_readyz_follows_a_redis_that_stops_and_starts_again(client, throwaway_redis):
    throwaway_redis.start()
    with override_settings(REDIS_URL=throwaway_redis.url):
        response = client.get("/readyz")
        assert response.status_code == 200
        assert "redis: ok\n" in response.content.decode()
        throwaway_redis.stop()
        response = client.get("/readyz")
        assert response.status_code == 503
        assert "redis: unavailable\n" in response.content.decode()
        throwaway_redis.start()
        assert client.get("/readyz").status_code == 200


def test_readyz_answers_503_naming_the_storage_when_it_cannot_be_written(client, tmp_path):
    not_a_directory = tmp_path / "file"
    not_a_directory.write_text("x")
    with override_settings(MEDIA_ROOT=str(not_a_directory / "media")):
        response = client.get("/readyz")
    assert response.status_code == 503
    assert response.content.decode() == "database: ok\nredis: not configured\nstorage: unavailable\n"
    assert str(tmp_path) not in response.content.decode()


def test_readyz_is_ready_before_the_first_upload_makes_the_media_directory(client, tmp_path):
    with override_settings(MEDIA_ROOT=str(tmp_path / "not-yet" / "media")):
        response = client.get("/readyz")
    assert response.status_code == 200


def test_readyz_answers_503_naming_the_database_when_it_fails(client, monkeypatch):
    from django.db import OperationalError

    from glab_portal import probes

    def refused():
        raise OperationalError('connection to server at "db.internal" (10.0.0.9), port 5432 failed')

    monkeypatch.setitem(probes.CHECKS, "database", refused)
    response = client.get("/readyz")
    assert response.status_code == 503
    body = response.content.decode()
    assert body.startswith("database: unavailable\n")
    assert "db.internal" not in body and "10.0.0.9" not in body


@override_settings(SECURE_SSL_REDIRECT=True, ALLOWED_HOSTS=["portal.example.go.kr"])
def test_probes_skip_the_portal_middleware(client):
    """Asked over plain http by the server's address, as a load balancer does: no redirect to
    https, no refusal of the host, no session, cookie or language work."""
    for path in ("/healthz", "/readyz"):
        response = client.get(path, HTTP_HOST=f"10.0.0.5:{free_port()}")
        assert response.status_code == 200, path
        assert not response.cookies, path
        assert "Content-Language" not in response and "Vary" not in response, path
    # The same client is refused elsewhere: the exemption is for the probes only.
    assert client.get("/", HTTP_HOST="10.0.0.5").status_code in (301, 400)


def test_probes_answer_get_and_head_only(client):
    for path in ("/healthz", "/readyz"):
        assert client.head(path).status_code == 200
        assert client.post(path).status_code == 405
