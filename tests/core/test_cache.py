"""The shared Redis cache (core.cache.ResilientRedisCache) against a redis-server of the test's
own: values are shared between processes' cache objects, and with Redis stopped every
operation still answers, quickly, from the process (a miss for reads, local counting for the
throttles), and pages still render."""

import time

import pytest
from django.conf import settings
from django.core.cache import caches
from django.test import override_settings

from core import cache as core_cache
from core.cache import ResilientRedisCache


def _cache(url: str) -> ResilientRedisCache:
    return ResilientRedisCache(url, {"KEY_PREFIX": "t", "OPTIONS": settings.CACHE_OPTIONS})


def _settings(url: str) -> dict:
    return {"default": {"BACKEND": "core.cache.ResilientRedisCache", "LOCATION": url, "OPTIONS": settings.CACHE_OPTIONS}}


def test_two_workers_share_values_and_counters(throwaway_redis):
    throwaway_redis.start()
    one, two = _cache(throwaway_redis.url), _cache(throwaway_redis.url)
    one.set("figure", {"n": 3})
    assert two.get("figure") == {"n": 3}
    one.add("count", 0)
    one.incr("count")
    two.incr("count")
    assert one.get("count") == 2


def test_one_redis_client_serves_every_operation(throwaway_redis):
    """Django's client builds a redis.Redis per call; ours keeps one per connection pool."""
    throwaway_redis.start()
    cache = _cache(throwaway_redis.url)
    client = cache._cache.get_client("a", write=True)
    cache.set("a", 1)
    assert cache._cache.get_client("b", write=True) is client
    assert cache.get("a") == 1


def test_with_redis_down_every_operation_answers_quickly_from_the_process(throwaway_redis, monkeypatch):
    throwaway_redis.start()
    cache = _cache(throwaway_redis.url)
    cache.set("kept", "shared")
    throwaway_redis.stop()

    started = time.monotonic()
    assert cache.get("kept") is None  # a miss, not an error
    cache.set("local", 1)
    assert cache.get("local") == 1
    cache.add("hits", 0)
    assert [cache.incr("hits") for _ in range(3)] == [1, 2, 3]
    assert cache.get_many(["local"]) == {"local": 1}
    cache.delete("local")
    assert time.monotonic() - started < 1.0

    monkeypatch.setattr(core_cache, "RETRY_SECONDS", 0)
    throwaway_redis.start()
    assert cache.get("kept") is None  # Redis came back empty (it keeps nothing on disk)
    cache.set("again", "shared")
    assert _cache(throwaway_redis.url).get("again") == "shared"


@pytest.mark.django_db
def test_pages_answer_with_the_cache_redis_stopped(client, staff, throwaway_redis):
    """Each page answers within 2.5 s (templates compiled by a first view with the local cache,
    as a running server has them)."""
    urls = ("/", "/calls/", "/notifications/")
    client.force_login(staff)
    for url in urls:
        assert client.get(url).status_code == 200, url
    throwaway_redis.start()
    throwaway_redis.stop()
    with override_settings(CACHES=_settings(throwaway_redis.url)):
        assert isinstance(caches["default"], ResilientRedisCache)
        for url in urls:
            started = time.monotonic()
            assert client.get(url).status_code == 200, url
            assert time.monotonic() - started < 2.5, url


@pytest.mark.django_db
def test_throttles_count_in_the_process_while_redis_is_down(client, throwaway_redis):
    throwaway_redis.start()
    throwaway_redis.stop()
    name = "accounts:password-reset"
    attempts, _seconds = settings.THROTTLED_POSTS[name]["account_address"]
    from django.urls import reverse

    with override_settings(CACHES=_settings(throwaway_redis.url)):
        statuses = [
            client.post(reverse(name), {"email": "someone@example.go.kr", "username": "x"}).status_code
            for _ in range(attempts + 1)
        ]
    assert 429 not in statuses[:attempts]
    assert statuses[-1] == 429
