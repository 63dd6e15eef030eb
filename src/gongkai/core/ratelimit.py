"""Fixed-window counters shared by every process, for limits such as "N submissions per address per hour".

One interface for every caller (FOI submissions, tracking codes, applicant sign-ups, login throttling):

    submissions = HourlyCounter("foi:submissions")
    if not submissions.acquire(ip, limit):   # atomic: count this attempt, False once over the limit
        raise RateLimited()
    ...                                       # on a failure that must not count: submissions.release(ip)

`reached(who, limit)` and `count(who)` remain for "count failures only" uses (check, then count).

The count is atomic across processes and machines: Redis (INCR) when REDIS_URL is set (or CACHE_URL is a
redis:// URL), the database otherwise (one row per key and window, incremented by a single upsert that
SQLite and PostgreSQL both run atomically). A Redis that cannot be reached falls back to the database.
"""

from __future__ import annotations

import hashlib
import logging
import random
import time
from functools import cache

from django.conf import settings
from django.db import connection

logger = logging.getLogger(__name__)

_SWEEP_ONE_IN = 200  # on average once per this many first hits of a window, delete expired rows


@cache
def _redis_client(url: str):
    import redis

    return redis.Redis.from_url(url, socket_timeout=0.5, socket_connect_timeout=0.5)


def redis_url() -> str:
    return getattr(settings, "REDIS_URL", "") or ""


class Counter:
    """Counts per `who` in fixed windows of `window` seconds."""

    def __init__(self, prefix: str, window: int = 3600):
        self.prefix = prefix
        self.window = int(window)

    def _bucket(self) -> int:
        return int(time.time() // self.window)

    def _key(self, who: str) -> str:
        # Hashed: `who` may be long or arbitrary text (an address, a user name); the key stays short.
        digest = hashlib.sha256(str(who).encode()).hexdigest()[:32]
        return f"{self.prefix}:{digest}"[:200]

    # --- public interface -------------------------------------------------------------------

    def acquire(self, who: str, limit: int) -> bool:
        """Count one attempt by `who`; True while the count stays within `limit` (0 means no limit)."""
        if not limit:
            return True
        return self._add(who, 1) <= limit

    def release(self, who: str) -> None:
        """Give back one attempt counted by `acquire` (the attempt failed and must not count)."""
        self._add(who, -1)

    def reached(self, who: str, limit: int) -> bool:
        """Whether `who` has used up `limit` in this window (a limit of 0 means no limit)."""
        return bool(limit) and self.current(who) >= limit

    def count(self, who: str) -> int:
        """Count one event by `who`; returns the count in this window."""
        return self._add(who, 1)

    def current(self, who: str) -> int:
        url = redis_url()
        if url:
            try:
                return int(_redis_client(url).get(self._redis_key(who)) or 0)
            except Exception:  # noqa: BLE001 — a Redis outage must not stop the site: count in the database
                logger.warning("Redis unreachable for rate limits; counting in the database", exc_info=True)
        return _db_current(self._key(who), self._bucket())

    # --- backends ---------------------------------------------------------------------------

    def _redis_key(self, who: str) -> str:
        return f"gongkai:ratelimit:{self._key(who)}:{self._bucket()}"

    def upsert_sql(self, who: str) -> tuple[str, list] | None:
        """The one statement that counts an attempt by `who` (RETURNING the new count), for a caller that
        runs it inside its own statement (core.intake_statement); None when the count lives in Redis."""
        if redis_url():
            return None
        return _db_upsert_sql(self._key(who), self._bucket(), 1, expires=(self._bucket() + 1) * self.window)

    def _add(self, who: str, amount: int) -> int:
        url = redis_url()
        if url:
            try:
                return self._redis_add(_redis_client(url), self._redis_key(who), amount)
            except Exception:  # noqa: BLE001
                logger.warning("Redis unreachable for rate limits; counting in the database", exc_info=True)
        return _db_add(self._key(who), self._bucket(), amount, expires=(self._bucket() + 1) * self.window)

    def _redis_add(self, client, key: str, amount: int) -> int:
        pipe = client.pipeline(transaction=True)
        pipe.incrby(key, amount)
        pipe.expire(key, self.window + 60)
        value, _ok = pipe.execute()
        return int(value)


class HourlyCounter(Counter):
    def __init__(self, prefix: str):
        super().__init__(prefix, window=3600)


def _table():
    from .models import RateCounter

    return connection.ops.quote_name(RateCounter._meta.db_table)


def _db_upsert_sql(key: str, bucket: int, amount: int, *, expires: int) -> tuple[str, list]:
    # One statement, atomic on SQLite (>= 3.35) and PostgreSQL: concurrent upserts of the same row serialise.
    table = _table()
    q = connection.ops.quote_name
    key_, bucket_, count_, expires_ = q("key"), q("bucket"), q("count"), q("expires")
    sql = (
        f"INSERT INTO {table} ({key_}, {bucket_}, {count_}, {expires_}) VALUES (%s, %s, %s, %s) "
        f"ON CONFLICT ({key_}, {bucket_}) DO UPDATE SET {count_} = {table}.{count_} + excluded.{count_} "
        f"RETURNING {count_}"
    )
    return sql, [key, bucket, amount, expires]


def sweep_sometimes(count: int) -> None:
    """After the first hit of a window (`count` 1), on average once in `_SWEEP_ONE_IN`, delete expired rows."""
    if count == 1 and random.randrange(_SWEEP_ONE_IN) == 0:  # noqa: S311
        q = connection.ops.quote_name
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {_table()} WHERE {q('expires')} < %s", [int(time.time())])


def _db_add(key: str, bucket: int, amount: int, *, expires: int) -> int:
    with connection.cursor() as cursor:
        cursor.execute(*_db_upsert_sql(key, bucket, amount, expires=expires))
        (value,) = cursor.fetchone()
    if amount == 1:
        sweep_sometimes(value)
    return int(value)


def _db_current(key: str, bucket: int) -> int:
    from .models import RateCounter

    row = RateCounter.objects.filter(key=key, bucket=bucket).values_list("count", flat=True).first()
    return int(row or 0)
