"""A shared cache that a Redis outage never turns into a failed or slow request.

``ResilientRedisCache`` is Django's own Redis backend with one addition: when Redis does not
answer (connection refused, a timeout, any ``redis.RedisError``), the operation is carried out
on a cache local to the process instead, and Redis is not asked again for ``RETRY_SECONDS``.
So during an outage a read is a miss (or what this process stored meanwhile), a write is kept
locally, and a counter (the POST throttles, ``privacy.hardening``) counts in the process: the
limit still holds per worker, it is never refused or turned into an error. The client's socket
timeouts (``OPTIONS`` in settings, a fraction of a second) bound what the first failed call
costs. When Redis is back, the shared values are used again.

Django's client builds a new ``redis.Redis`` object (about 170 response callbacks) for every
operation; ``ReusingRedisCacheClient`` keeps one per connection pool instead (a ``redis.Redis``
is safe to share between threads), which saves a fraction of a millisecond per cache call on
every page.
"""

import logging
import time

from django.core.cache import cache
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

RETRY_SECONDS = 5.0
_OPERATIONS = (
    "add", "get", "set", "touch", "delete", "get_many", "has_key", "incr", "set_many", "delete_many", "clear",
)  # fmt: skip


class ReusingRedisCacheClient(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            client = self._clients[index] = self._client(connection_pool=self._get_connection_pool(index))
        return client


class ResilientRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusingRedisCacheClient
        self._failed_at: float | None = None
        self._fallback = LocMemCache(f"resilient-{id(self)}", {"TIMEOUT": params.get("TIMEOUT", 300)})

    def _call(self, name: str, *args, **kwargs):
        if self._failed_at is None or time.monotonic() - self._failed_at >= RETRY_SECONDS:
            try:
                result = getattr(super(), name)(*args, **kwargs)
            except RedisError as error:
                self._failed_at = time.monotonic()
                logger.warning("cache: Redis unavailable (%s); using the process-local cache", type(error).__name__)
            else:
                self._failed_at = None
                return result
        return getattr(self._fallback, name)(*args, **kwargs)


def _delegate(name: str):
    def operation(self, *args, **kwargs):
        return self._call(name, *args, **kwargs)

    operation.__name__ = name
    return operation


for _name in _OPERATIONS:
    setattr(ResilientRedisCache, _name, _delegate(_name))


def count_in_window(key: str, seconds: int) -> int:
    """Adds one to the counter ``key`` in the default cache and returns its value; the counter
    starts at the first hit and ends ``seconds`` later (a fixed window). The one counter of the
    POST throttles (``privacy.hardening``) and the people picker's limit."""
    cache.add(key, 0, timeout=seconds)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=seconds)
        return 1
