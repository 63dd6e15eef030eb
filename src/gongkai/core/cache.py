"""The cache on Redis, degrading to "nothing cached" while Redis is unreachable.

Django's RedisCache raises on a connection error, so a Redis outage would turn every cached view and
every throttled API call into an error page. `ResilientRedisCache` (chosen by the settings whenever the
cache is on Redis) answers as an empty cache instead: `get` gives the default, `add` and `touch` False,
`set` and `delete` do nothing, `incr` raises ValueError as for a missing key, and a warning is logged
(at most once per WARN_EVERY seconds per process). Views are then served uncached; DRF's throttles
(`records.authentication.SystemTokenThrottle`) see no history and let calls through until Redis is back
(the counters of `core.ratelimit` fall back to the database instead). Errors other than an unreachable
or timed-out Redis still raise. See docs/scaling.md, "Failure modes".
"""

from __future__ import annotations

import logging
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache

logger = logging.getLogger(__name__)

WARN_EVERY = 30.0  # seconds between two warnings of one process while Redis stays unreachable
_last_warning = [0.0]


def _unreachable() -> tuple[type[Exception], ...]:
    import redis

    return (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError)


def _warn(operation: str, error: Exception) -> None:
    now = time.monotonic()
    if now - _last_warning[0] >= WARN_EVERY or not _last_warning[0]:
        _last_warning[0] = now
        logger.warning("Redis unreachable for the cache (%s: %s); serving uncached", operation, error)


class ResilientRedisCache(RedisCache):
    """Django's RedisCache, answering as an empty cache while Redis cannot be reached."""

    def _guard(self, operation: str, fallback, call, *args, **kwargs):
        try:
            return call(*args, **kwargs)
        except _unreachable() as error:
            _warn(operation, error)
            return fallback

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guard("add", False, super().add, key, value, timeout, version)

    def get(self, key, default=None, version=None):
        return self._guard("get", default, super().get, key, default, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guard("set", None, super().set, key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guard("touch", False, super().touch, key, timeout, version)

    def delete(self, key, version=None):
        return self._guard("delete", False, super().delete, key, version)

    def get_many(self, keys, version=None):
        return self._guard("get_many", {}, super().get_many, keys, version)

    def has_key(self, key, version=None):
        return self._guard("has_key", False, super().has_key, key, version)

    def incr(self, key, delta=1, version=None):
        try:
            return super().incr(key, delta, version)
        except _unreachable() as error:
            _warn("incr", error)
            raise ValueError(f"Key '{key}' not found (Redis unreachable)") from error

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guard("set_many", list(data), super().set_many, data, timeout, version)

    def delete_many(self, keys, version=None):
        return self._guard("delete_many", None, super().delete_many, keys, version)

    def clear(self):
        return self._guard("clear", False, super().clear)
