"""Per-hour counters in the Django cache, for limits such as "N submissions per client address per hour".

Shared by every process only when CACHE_URL points at a shared cache (Redis); with the default local
memory cache each process counts on its own.
"""

from __future__ import annotations

import time

from django.core.cache import cache


class HourlyCounter:
    def __init__(self, prefix: str):
        self.prefix = prefix

    def _key(self, who: str) -> str:
        return f"{self.prefix}:{who}:{int(time.time() // 3600)}"

    def reached(self, who: str, limit: int) -> bool:
        """Whether `who` has used up `limit` this hour (a limit of 0 means no limit)."""
        return bool(limit) and (cache.get(self._key(who)) or 0) >= limit

    def count(self, who: str) -> None:
        key = self._key(who)
        cache.add(key, 0, 3600)
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, 3600)
