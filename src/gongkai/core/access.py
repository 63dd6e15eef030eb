"""The seam through which the ground floor asks the permission module without importing it.

The rules live in `gongkai.accounts.permissions`, which sits above core (it reads bureaus and roles).
Core code that must ask a question of them (e.g. Wagtail's site history asking who may read the audit
log) calls `can()` here; `AccountsConfig.ready()` registers the real check. Until then, and in a
project without accounts, every answer is "no" (deny by default).
"""

from __future__ import annotations

from collections.abc import Callable

Checker = Callable[..., bool]

_checker: Checker | None = None


def register_checker(checker: Checker) -> None:
    """Install `checker(user, action, obj=None) -> bool` as the answer of `can()` (accounts does this)."""
    global _checker
    _checker = checker


def can(user, action: str, obj=None) -> bool:
    return _checker is not None and _checker(user, action, obj)
