"""Named locks across processes: two workers (or two app servers) never do the same job at once.

`named_lock("publish:b/xiuwu/index.html")` holds a lock for the `with` block. On one machine the
lock is an exclusive `flock` on a file under VAR_DIR/locks (released by the kernel when the holder
dies, so a killed worker never leaves a stale lock). Scaling out replaces this with a Redis lock when
REDIS_URL is set (docs/deployment.md, "Scaling out").
"""

from __future__ import annotations

import fcntl
import hashlib
import time
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings


class LockTimeout(Exception):
    """The lock stayed held by someone else for longer than the caller would wait."""


def _lock_path(name: str) -> Path:
    directory = Path(getattr(settings, "VAR_DIR", "var")) / "locks"
    directory.mkdir(parents=True, exist_ok=True)
    return directory / (hashlib.sha256(name.encode()).hexdigest()[:32] + ".lock")


@contextmanager
def named_lock(name: str, *, timeout: float = 30.0, poll: float = 0.05):
    """Hold the lock called `name` for the block; raise LockTimeout after `timeout` seconds."""
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
