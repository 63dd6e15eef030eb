"""The records' lists on the portal's home page and bureau columns (registered with portal.latest)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.utils.translation import gettext_lazy as _

from gongkai.portal.latest import LatestItem, register_latest
from gongkai.portal.templatetags.portal_tags import link

from . import selectors
from .constants import Genre
from .rendering import record_url


def _items(records) -> list[LatestItem]:
    return [
        LatestItem(
            title=r.title,
            url=record_url(r),
            published_at=r.published_at,
            bureau_name=r.bureau.short_name or r.bureau.name,
            index_number=r.index_number,
        )
        for r in records
    ]


def latest_records(bureau, limit):
    return _items(selectors.latest_public(bureau=bureau, limit=limit))


def latest_interpretations(bureau, limit):
    return _items(selectors.latest_public(bureau=bureau, genre=Genre.INTERPRETATION, limit=limit))


def _records_more(bureau) -> str:
    if bureau is not None:
        return link("records:bureau_records", code=bureau.code)
    return link("records:search") + "?" + urlencode({"order": "newest"})


def _interpretations_more(bureau) -> str:
    return link("records:search") + "?" + urlencode({"genre": Genre.INTERPRETATION, "order": "newest"})


def register() -> None:
    register_latest(
        key="records", title=_("Latest disclosures"), items=latest_records, order=10, more_url=_records_more
    )
    register_latest(
        key="interpretations",
        title=_("Latest policy interpretations"),
        items=latest_interpretations,
        order=20,
        on_bureau=False,
        more_url=_interpretations_more,
    )
