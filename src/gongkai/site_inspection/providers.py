"""Where the self-inspection learns about messages left unanswered (检查指标 单项否决 5(2)).

A provider is a function `(bureau, days) -> list[tuple[where, detail]]` (one entry per valid message
unanswered for more than `days` days), or None when there is nothing to ask (no message channel). The
default asks the public inquiries app (`gongkai.inquiries.selectors.unanswered_beyond`) when it is
installed; `register_unanswered_provider` puts another one in its place (a province's message system).
"""

from __future__ import annotations

from collections.abc import Callable

from django.apps import apps

Provider = Callable[[object, int], "list[tuple[str, str]] | None"]

_provider: Provider | None = None


def register_unanswered_provider(provider: Provider | None) -> None:
    global _provider
    _provider = provider


def _inquiries(bureau, days: int) -> list[tuple[str, str]] | None:
    if not apps.is_installed("gongkai.inquiries"):
        return None
    from gongkai.inquiries.selectors import unanswered_beyond

    rows = unanswered_beyond(bureau=bureau, days=days).order_by("submitted_at")
    return [(f"inquiry {row.tracking_number}", f"{row.submitted_at.date().isoformat()}") for row in rows[:50]]


def unanswered(bureau, days: int) -> list[tuple[str, str]] | None:
    return (_provider or _inquiries)(bureau, days)
