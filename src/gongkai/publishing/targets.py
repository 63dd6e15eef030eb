"""Where the published tree goes after the publisher wrote it: the local publish root (always) and,
when PUBLISH_TARGETS lists them, the internet-facing web servers (rsync over SSH, or a directory).

The publisher calls `sync(root, changed=..., removed=...)` after every batch it wrote (paths
relative to `root`, e.g. "b/xiuwu/index.html") and `sync_all(root)` after a full rebuild.
With no remote targets configured both do nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path


def sync(root: Path, *, changed: Iterable[str] = (), removed: Iterable[str] = ()) -> None:
    """Copy `changed` files to every remote target and delete `removed` ones there."""


def sync_all(root: Path) -> None:
    """Make every remote target an exact copy of `root` (after a full rebuild)."""
