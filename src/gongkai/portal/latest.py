"""Lists of the latest published items on the home page and on each bureau's column: a registry seam.

The portal imports no capability app. An app that publishes something citizens look for (records, policy
interpretations, …) registers a list in its AppConfig.ready():

    from gongkai.portal.latest import LatestItem, register_latest
    register_latest(key="records", title=_("Latest disclosures"), items=latest_records, order=10)

`items(bureau, limit)` returns at most `limit` `LatestItem`s, newest first: across bureaus when `bureau`
is None (the home page), else that bureau's. `on_home` / `on_bureau` say where the list shows; `more_url`
(bureau or None -> URL or "") links to the full list. Lists are read with the page's language active and
without a request (the pages are published as static files).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

# How many items a list shows.
HOME_LIMIT = 8
BUREAU_LIMIT = 5


@dataclass(frozen=True)
class LatestItem:
    title: str
    url: str
    published_at: datetime | None
    bureau_name: str = ""
    index_number: str = ""


@dataclass(frozen=True)
class LatestList:
    key: str
    title: str
    items: Callable
    order: int = 100
    on_home: bool = True
    on_bureau: bool = True
    more_url: Callable | None = None


@dataclass(frozen=True)
class ShownList:
    key: str
    title: str
    items: list
    more_url: str


_lists: dict[str, LatestList] = {}


def register_latest(
    *, key: str, title, items, order: int = 100, on_home: bool = True, on_bureau: bool = True, more_url=None
) -> None:
    _lists[key] = LatestList(
        key=key, title=title, items=items, order=order, on_home=on_home, on_bureau=on_bureau, more_url=more_url
    )


def unregister_latest(key: str) -> None:
    _lists.pop(key, None)


def shown_lists(bureau=None) -> list[ShownList]:
    """The lists for the home page (`bureau` None) or for `bureau`'s column, in order."""
    limit = HOME_LIMIT if bureau is None else BUREAU_LIMIT
    shown = []
    for entry in sorted(_lists.values(), key=lambda e: (e.order, e.key)):
        if not (entry.on_home if bureau is None else entry.on_bureau):
            continue
        more = entry.more_url(bureau) if entry.more_url else ""
        shown.append(
            ShownList(
                key=entry.key, title=str(entry.title), items=list(entry.items(bureau, limit)), more_url=more or ""
            )
        )
    return shown
