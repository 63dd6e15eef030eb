"""Where the published tree goes after the publisher wrote it: the local publish root (always) and,
when PUBLISH_TARGETS lists them, the internet-facing web servers (rsync over SSH, or a directory).

Rule owned here: the local tree is the truth and a target only ever copies it. The publisher calls
`sync(root, changed=..., removed=...)` after every batch it wrote (paths relative to `root`, e.g.
"b/xiuwu/index.html") and `sync_all(root)` after a full rebuild; with no target configured both do
nothing. A target that fails is logged and never undoes or blocks the local publish: the worker
retries it with a full mirror (`mirror_target`, backing off up to 15 minutes) until it succeeds, so
a web server that was down catches up with everything it missed. Targets are
`ssh://user@host[:port]/path` (rsync over SSH, key authentication) and `file:///path` (a mounted
directory); rsync writes each file to a temporary name and renames it, so a visitor of the web
server never sees half a page.
"""

from __future__ import annotations

import logging
import shlex
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.core.cache import cache
from django.tasks import task
from django.utils import timezone

from gongkai.core.locks import named_lock

logger = logging.getLogger(__name__)

RSYNC_TIMEOUT = 600  # seconds for one rsync run (a full mirror of a large tree included)
RETRY_DELAYS = (10, 30, 60, 120, 300, 600, 900)  # seconds before the n-th retry of a failed target
COMPRESSED_SUFFIXES = (".gz", ".br")


class TargetError(Exception):
    """A target URL that cannot be used, or an rsync run that failed."""


@dataclass(frozen=True)
class Target:
    url: str
    destination: str  # rsync's destination argument, ending in "/"
    ssh_port: int | None = None

    @classmethod
    def parse(cls, url: str) -> Target:
        parts = urlsplit(url.strip())
        path = parts.path.rstrip("/") + "/"
        if parts.scheme == "file" and not parts.netloc and parts.path.startswith("/"):
            return cls(url, path)
        if parts.scheme == "ssh" and parts.hostname and parts.path not in ("", "/"):
            user = f"{parts.username}@" if parts.username else ""
            return cls(url, f"{user}{parts.hostname}:{path}", parts.port)
        raise TargetError(f"PUBLISH_TARGETS: {url!r} is neither ssh://user@host[:port]/path nor file:///path")

    def rsync(self, source: Path, options: list[str], files: list[str] | None = None) -> None:
        command = ["rsync", "--recursive", "--links", "--times", "--perms", "--chmod=D755,F644", "--mkpath", *options]
        if self.ssh_port is not None or self.destination[0] != "/":
            ssh = shlex.split(settings.PUBLISH_SSH_COMMAND) + (["-p", str(self.ssh_port)] if self.ssh_port else [])
            command += ["-e", shlex.join(ssh)]
        if files is not None:
            command += ["--files-from=-", "--from0"]
        command += [f"{source}/", self.destination]
        stdin = "\0".join(files).encode() if files is not None else None
        try:
            done = subprocess.run(command, input=stdin, capture_output=True, timeout=RSYNC_TIMEOUT)
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise TargetError(f"{self.url}: {exc}") from exc
        if done.returncode != 0:
            raise TargetError(
                f"{self.url}: rsync exited {done.returncode}: {done.stderr.decode(errors='replace')[-500:]}"
            )


def configured() -> list[Target]:
    return [Target.parse(url) for url in settings.PUBLISH_TARGETS if url.strip()]


def _with_compressed(paths: Iterable[str]) -> list[str]:
    out = []
    for path in paths:
        path = path.lstrip("/")
        if path.endswith(COMPRESSED_SUFFIXES):
            out.append(path)
        else:
            out += [path, *(path + suffix for suffix in COMPRESSED_SUFFIXES)]
    return sorted(set(out))


def sync(root: Path, *, changed: Iterable[str] = (), removed: Iterable[str] = ()) -> None:
    """Copy `changed` files to every remote target and delete `removed` ones there.

    Each path goes with its compressed copies; a path missing from the local tree is deleted on the
    target (rsync's --delete-missing-args), so the target ends as the local tree is now.
    """
    paths = _with_compressed([*changed, *removed])
    if not paths:
        return
    for target in configured():
        _run(target, lambda t=target: t.rsync(Path(root), ["--delete-missing-args", "--delay-updates"], paths))


def sync_all(root: Path) -> None:
    """Make every remote target an exact copy of `root` (after a full rebuild)."""
    for target in configured():
        _run(target, lambda t=target: _mirror(t, Path(root)))


def _mirror(target: Target, root: Path) -> None:
    target.rsync(root, ["--delete-after", "--delay-updates", "--exclude=.tmp-*"])


def _run(target: Target, action) -> None:
    try:
        with named_lock(f"publishing.target:{target.url}", timeout=RSYNC_TIMEOUT):
            action()
    except Exception as exc:  # never lose the local publish: log it, let the worker mirror later
        logger.error("publishing: target %s failed, a full copy is retried by the worker: %s", target.url, exc)
        try:
            schedule_retry(target.url, attempt=0)
        except Exception:
            logger.exception("publishing: could not queue the retry of target %s", target.url)


def schedule_retry(url: str, *, attempt: int) -> bool:
    """Queue a full mirror of `url` after the attempt's delay, unless one is already waiting.

    A task backend that cannot run a task later (the tests' immediate one) gets no retry: the next
    full rebuild (`publish_site`, which ends with `sync_all`) brings the target in step.
    """
    if not mirror_target.get_backend().supports_defer:
        return False
    delay = RETRY_DELAYS[min(attempt, len(RETRY_DELAYS) - 1)]
    if not cache.add(f"publishing.target.retry:{url}", attempt, timeout=delay + 60):
        return False
    mirror_target.using(run_after=timezone.now() + timedelta(seconds=delay)).enqueue(url, attempt)
    return True


@task
def mirror_target(url: str, attempt: int = 0) -> bool:
    """Worker task: mirror the local publish root to one target; on failure queue the next attempt."""
    cache.delete(f"publishing.target.retry:{url}")
    target = Target.parse(url)
    try:
        with named_lock(f"publishing.target:{url}", timeout=RSYNC_TIMEOUT):
            _mirror(target, Path(settings.PUBLISH_ROOT))
    except Exception as exc:
        logger.error("publishing: retry %d of target %s failed: %s", attempt + 1, url, exc)
        schedule_retry(url, attempt=attempt + 1)
        return False
    logger.warning("publishing: target %s is in step again (retry %d)", url, attempt + 1)
    return True
