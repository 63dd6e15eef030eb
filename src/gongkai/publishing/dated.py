"""Published pages that change with the calendar, not with an event: what the daily task re-renders.

A catalog item's records list shows the item's due state ("due soon", "overdue", …), counted against
today (`records.monitoring.item_due`); the catalog status page shows each bureau's lateness against its
campaign. Nothing is audited when a day passes, so the dependency map alone would leave these files as
they were on the day they were rendered. Once a day (`tasks.republish_dated_pages`) the item lists whose
due state today differs from their state on the day the file was rendered (`PublishedPage.rendered_at`,
so a day the worker missed is caught up) are re-rendered, every page of the list in both languages, and
the catalog status page is rendered and written when its bytes differ. The participation pages that
show a phase by date (a consultation open or closed, a survey or a registration open) depend on the key
`participation_pages.TODAY` and are rendered every day (written only when their bytes changed). Feeds,
record pages and the other pages show no date-relative content. `manage.py publish_site --today` runs
the same selection by hand.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from gongkai.catalogs.models import CatalogItem
from gongkai.records.monitoring import item_due

from . import participation_pages
from .changes import spec_from_row, specs_for_keys
from .models import PageDependency, PublishedPage
from .pages import PageSpec

STATUS_URLS = ("/catalog-status/", "/en/catalog-status/")


def _is_item_list(url: str) -> bool:
    """`/b/<code>/items/<key>/records/` and its later pages, in either language; not the feeds."""
    path = url.split("?", 1)[0]
    return "/items/" in path and path.endswith("/records/")


def stale_item_lists(today: dt.date | None = None) -> list[PageSpec]:
    """The published item lists whose due state on the day they were rendered is not today's."""
    today = today or timezone.localdate()
    first_today = timezone.make_aware(dt.datetime.combine(today, dt.time.min))
    links = PageDependency.objects.filter(key__startswith="item:", page__rendered_at__lt=first_today).values_list(
        "page_id", "key"
    )
    item_of_page: dict[int, int] = {}
    for page_id, key in links:
        item_of_page[page_id] = int(key.split(":", 1)[1])
    rows = [
        row for row in PublishedPage.objects.filter(pk__in=list(item_of_page), status=200) if _is_item_list(row.url)
    ]
    items = CatalogItem.objects.select_related("catalog__bureau").in_bulk({item_of_page[r.pk] for r in rows})
    states: dict[tuple[int, dt.date], tuple] = {}

    def state(item_pk: int, day: dt.date) -> tuple:
        if (item_pk, day) not in states:
            due = item_due(items[item_pk], today=day)
            states[item_pk, day] = (due.status, due.due_date)
        return states[item_pk, day]

    stale = [
        row
        for row in rows
        if item_of_page[row.pk] in items
        and state(item_of_page[row.pk], timezone.localdate(row.rendered_at)) != state(item_of_page[row.pk], today)
    ]
    deps: dict[int, list[str]] = {}
    for page_id, key in PageDependency.objects.filter(page__in=stale).values_list("page_id", "key"):
        deps.setdefault(page_id, []).append(key)
    return [spec_from_row(row, tuple(sorted(deps.get(row.pk, ())))) for row in stale]


def dated_specs(today: dt.date | None = None) -> list[PageSpec]:
    """What the daily task renders: the stale item lists, the catalog status page (when published) and the
    participation pages that depend on the date (the publisher writes these only if their bytes changed)."""
    specs = stale_item_lists(today)
    status_rows = list(PublishedPage.objects.filter(url__in=STATUS_URLS, status=200))
    deps: dict[int, list[str]] = {}
    for page_id, key in PageDependency.objects.filter(page__in=status_rows).values_list("page_id", "key"):
        deps.setdefault(page_id, []).append(key)
    status = [spec_from_row(row, tuple(sorted(deps.get(row.pk, ())))) for row in status_rows]
    return specs + status + list(specs_for_keys({participation_pages.TODAY}))
