"""The home page's entries to what citizens come for (依申请公开, 政民互动, 办事服务, …): a registry seam.

The portal imports no capability app. Each app that offers citizens an entry registers it in its
AppConfig.ready():

    from gongkai.portal.entries import register_entry
    register_entry(key="foi", label=_("Request government information"), url_name="foi:index", order=10)

An app that is not installed registers nothing, so its entry does not show. `url_kwargs` is a dict or a
callable returning one (read when the home page is rendered; None hides the entry, e.g. no bureau yet).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.urls import NoReverseMatch

from .templatetags.portal_tags import link


@dataclass(frozen=True)
class Entry:
    key: str
    label: str
    url_name: str
    order: int = 100
    description: str = ""
    url_kwargs: dict | Callable[[], dict | None] | None = field(default=None)


@dataclass(frozen=True)
class ShownEntry:
    key: str
    label: str
    description: str
    url: str


_entries: dict[str, Entry] = {}


def register_entry(*, key: str, label, url_name: str, order: int = 100, description="", url_kwargs=None) -> None:
    """Add (or replace, by `key`) an entry on the home page."""
    _entries[key] = Entry(
        key=key, label=label, url_name=url_name, order=order, description=description, url_kwargs=url_kwargs
    )


def unregister_entry(key: str) -> None:
    _entries.pop(key, None)


def registered() -> list[Entry]:
    return sorted(_entries.values(), key=lambda e: (e.order, e.key))


def shown_entries() -> list[ShownEntry]:
    """The entries in order, with their URLs in the active language (an entry without a URL is left out)."""
    shown = []
    for entry in registered():
        kwargs = entry.url_kwargs() if callable(entry.url_kwargs) else entry.url_kwargs
        if kwargs is None and callable(entry.url_kwargs):
            continue
        try:
            url = link(entry.url_name, **(kwargs or {}))
        except NoReverseMatch:
            continue
        shown.append(ShownEntry(key=entry.key, label=str(entry.label), description=str(entry.description), url=url))
    return shown


def city_bureau_kwargs() -> dict | None:
    """`{"code": …}` of the city bureau (the highest-level disclosing bureau), for entries to its pages;
    None (no entry) while there is none."""
    from gongkai.organizations.models import Bureau, BureauKind

    code = (
        Bureau.objects.disclosing()
        .filter(kind=BureauKind.CITY)
        .order_by("sort_order", "code")
        .values_list("code", flat=True)
        .first()
    )
    return {"code": code} if code else None
