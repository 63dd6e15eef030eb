"""Seam: how well the bureau's 权责清单 and 公共服务事项清单 are covered by its catalog.

The lists live in `gongkai.powerlists`, a floor above; it registers its `selectors.coverage` here in its
`AppConfig.ready()`. The catalog review screen asks `coverage_for(bureau)` (None while no provider is
registered)."""

from __future__ import annotations

from collections.abc import Callable

_provider: Callable | None = None


def register_coverage_provider(provider: Callable) -> None:
    global _provider
    _provider = provider


def coverage_for(bureau) -> dict | None:
    return _provider(bureau) if _provider is not None else None
