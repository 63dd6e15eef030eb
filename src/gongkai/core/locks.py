"""Named locks across processes: two workers (or two app servers) never do the same job at once.

`named_lock("publish:b/xiuwu/index.html")` holds a lock for the `with` block. On one machine the
lock is an exclusive `flock` on a file under VAR_DIR/locks (released by the kernel when the holder
dies, so a killed worker never leaves a stale lock). When REDIS_URL is set (several app servers or
workers on several machines, docs/scaling.md) the lock is a Redis key instead: taken with
`SET key token NX PX lease`, kept alive by one thread per process that renews the leases of the locks held while their blocks run, and
released by a compare-and-delete script, so a holder whose lease ran out can never delete the lock
that someone else took after it. A holder that dies leaves the key, which expires after `lease` s.
A Redis that cannot be reached raises LockUnavailable (a LockTimeout): a local lock would not keep
another machine out, so the caller retries later instead of writing unguarded.
"""

from __future__ import annotations

import fcntl
import hashlib
import logging
import secrets
import threading
import time
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings

logger = logging.getLogger(__name__)

DEFAULT_LEASE = 60.0  # seconds a Redis lock outlives a holder that died without releasing it

# Delete (or extend) the key only while it still holds our token: atomic inside Redis.
_RELEASE = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end"
_RENEW = (
    "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end"
)


class LockTimeout(Exception):
    """The lock stayed held by someone else for longer than the caller would wait."""


class LockUnavailable(LockTimeout):
    """The shared lock service (Redis) could not be reached: the lock was not taken."""


def _digest(name: str) -> str:
    return hashlib.sha256(name.encode()).hexdigest()[:32]


def _lock_path(name: str) -> Path:
    directory = Path(getattr(settings, "VAR_DIR", "var")) / "locks"
    directory.mkdir(parents=True, exist_ok=True)
    return directory / (_digest(name) + ".lock")


def redis_key(name: str) -> str:
    return f"gongkai:lock:{_digest(name)}"


@contextmanager
def named_lock(name: str, *, timeout: float = 30.0, poll: float = 0.05, lease: float = DEFAULT_LEASE):
    """Hold the lock called `name` for the block; raise LockTimeout after `timeout` seconds.

    `lease` matters with Redis only: how long the lock survives a holder that died (it is renewed
    every lease/3 while the holder lives, so a long block keeps it)."""
    url = getattr(settings, "REDIS_URL", "") or ""
    manager = _redis_lock(url, name, timeout, poll, lease) if url else _file_lock(name, timeout, poll)
    with manager:
        yield


@contextmanager
def _file_lock(name: str, timeout: float, poll: float):
    deadline = time.monotonic() + timeout
    with open(_lock_path(name), "a") as handle:
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise LockTimeout(name) from None
                time.sleep(poll)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _client(url: str):
    from gongkai.core.ratelimit import _redis_client

    return _redis_client(url)


class _Renewer:
    """One thread per process extends the lease of every Redis lock held here, each every lease/3 s."""

    def __init__(self):
        self.held: dict[tuple[str, str], tuple[object, int, float]] = {}  # (key, token) -> client, lease, due
        self.changed = threading.Condition()
        self.thread: threading.Thread | None = None
        self.next_wake = 0.0  # when the thread wakes up next; an earlier due time wakes it now

    def add(self, client, key: str, token: str, lease_ms: int) -> None:
        with self.changed:
            due = time.monotonic() + lease_ms / 3000
            self.held[(key, token)] = (client, lease_ms, due)
            if self.thread is None or not self.thread.is_alive():
                self.thread = threading.Thread(target=self._run, daemon=True, name="gongkai-lock-renewer")
                self.thread.start()
            elif due < self.next_wake:
                self.changed.notify()

    def remove(self, key: str, token: str) -> None:
        with self.changed:
            self.held.pop((key, token), None)

    def _run(self) -> None:
        # Holds the condition except while waiting, so that add() always sees the real next_wake.
        with self.changed:
            while True:
                now = time.monotonic()
                for (key, token), (client, lease_ms, due) in list(self.held.items()):
                    if due <= now:
                        self.held[(key, token)] = (client, lease_ms, now + lease_ms / 3000)
                        self._renew(client, key, token, lease_ms)
                now = time.monotonic()
                wait = max(min((v[2] for v in self.held.values()), default=now + 60) - now, 0.01)
                self.next_wake = now + wait
                self.changed.wait(wait)

    def _renew(self, client, key: str, token: str, lease_ms: int) -> None:
        try:
            if not client.eval(_RENEW, 1, key, token, lease_ms):
                logger.error("Lock %s was lost (lease expired) while its block still ran", key)
                self.remove(key, token)
        except Exception:  # a Redis hiccup: try again at the next tick, the lease still runs
            logger.warning("Could not renew lock %s", key, exc_info=True)


_renewer = _Renewer()


@contextmanager
def _redis_lock(url: str, name: str, timeout: float, poll: float, lease: float):
    import redis

    client, key, token = _client(url), redis_key(name), secrets.token_hex(16)
    lease_ms = max(int(lease * 1000), 300)
    deadline = time.monotonic() + timeout
    try:
        while not client.set(key, token, nx=True, px=lease_ms):
            if time.monotonic() >= deadline:
                raise LockTimeout(name)
            time.sleep(poll)
    except redis.exceptions.RedisError as error:
        raise LockUnavailable(f"Redis unreachable, lock {name!r} not taken: {error}") from error
    _renewer.add(client, key, token, lease_ms)
    try:
        yield
    finally:
        _renewer.remove(key, token)
        try:
            client.eval(_RELEASE, 1, key, token)
        except redis.exceptions.RedisError:  # the lease expires on its own
            logger.warning("Could not release lock %s; it expires in %d ms", key, lease_ms, exc_info=True)
