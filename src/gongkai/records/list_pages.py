"""The pages of a public records list, read one after the other in O(rows): for the static publisher.

A visitor asks for one page of a list (`/b/xiuwu/records/?page=7`): the view counts the list and reads that
page with an OFFSET (`selectors.record_page_public`), which is right for one page. The publisher renders
every page of every list, page 2 after page 1: done the visitor's way, each page counts the whole list and
skips the rows before it, so a list of N pages costs O(N²) rows (about 5,000 pages of 20 records in a
bureau of 100,000: the rebuild slowed down page after page).

Inside `in_order()` (one `publisher.publish` or `publisher.check` call), `public_page` answers from a per-list reader instead: the
count once per list, the rows in chunks of `CHUNK` by keyset (the rows after the last one read, in the list's
order `-published_at, -pk`, on the record_bureau_status_pub / record_item_status_pub indexes), so the pages of
a list read in order cost O(rows) in all. A page asked out of order is read with an OFFSET, as the view
does. The pages are the same objects the view's paginator makes (a `Paginator` over the same rows, with the
same count), so their bytes are the same. Outside `in_order()` (every request) `public_page` is exactly
`record_page_public(record_list_public(...), page)`.

The reader keeps the count and the last chunk of the `KEEP` most recently read lists; what it read stays as
it was for the rest of the block: a record published meanwhile is the next publication's change, as it is
for the pages already written (and the list's pages stay consistent with each other).
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.core.paginator import Paginator
from django.db import connections
from django.db.models import Q, QuerySet

from . import selectors

CHUNK = 500  # rows read at once (25 pages of 20)
KEEP = 8  # lists whose count and last chunk are kept

_ORDER = ("-published_at", "-pk")

_lists: ContextVar[OrderedDict | None] = ContextVar("gongkai_records_list_pages", default=None)


class ListRows:
    """The rows of one ordered public list as a Paginator reads them: `count()` once, then slices."""

    def __init__(self, qs: QuerySet):
        if tuple(qs.query.order_by) != _ORDER:
            raise ValueError(f"a public list is ordered by {_ORDER}, not {qs.query.order_by}")
        self._qs = qs
        self._count: int | None = None
        self._start = 0  # position of self._rows[0] in the list
        self._rows: list = []
        self.queries = 0  # row queries made (count aside), for the tests

    def count(self) -> int:
        if self._count is None:
            self._count = self._qs.count()
        return self._count

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, key):
        if not isinstance(key, slice) or key.step not in (None, 1):
            raise TypeError("a public list is read by slices")
        start, stop = key.start or 0, self.count() if key.stop is None else key.stop
        end = self._start + len(self._rows)
        if not (self._start <= start and stop <= end):
            size = max(CHUNK, stop - start)
            if self._start < start <= end:
                after = self._rows[start - self._start - 1]  # the row just before: read on by keyset
                rows = list(self._qs.filter(self._after(after))[:size])
            else:
                rows = list(self._qs[start : start + size])  # out of order (or the first chunk): OFFSET
            self._start, self._rows = start, rows
            self.queries += 1
        return self._rows[start - self._start : stop - self._start]

    def _after(self, row) -> Q:
        """The rows after `row` in the order `-published_at, -pk`, wherever the database puts NULL dates
        (PostgreSQL first in a descending order, SQLite last)."""
        nulls_first = connections[self._qs.db].features.nulls_order_largest
        if row.published_at is None:
            rest = Q(published_at__isnull=True, pk__lt=row.pk)
            return rest | Q(published_at__isnull=False) if nulls_first else rest
        # `published_at <= p` on its own: the index's range starts at the row (an OR alone scans from the top)
        rest = Q(published_at__lte=row.published_at) & (Q(published_at__lt=row.published_at) | Q(pk__lt=row.pk))
        return rest if nulls_first else rest | Q(published_at__isnull=True)


@contextmanager
def in_order() -> Iterator[None]:
    """Read the public lists' pages through per-list readers inside the block (the publisher)."""
    token = _lists.set(OrderedDict())
    try:
        yield
    finally:
        _lists.reset(token)


def _rows(key: tuple, bureau, catalog_item) -> ListRows:
    lists = _lists.get()
    rows = lists.pop(key, None)
    if rows is None:
        rows = ListRows(selectors.record_list_public(bureau=bureau, catalog_item=catalog_item))
    lists[key] = rows  # the most recent last
    while len(lists) > KEEP:
        lists.popitem(last=False)
    return rows


def public_page(*, bureau=None, catalog_item=None, page: int = 1):
    """Page `page` of the public list of a bureau or of a catalog item (`selectors.record_page_public`: a page
    after the last raises EmptyPage)."""
    if _lists.get() is None:
        return selectors.record_page_public(
            selectors.record_list_public(bureau=bureau, catalog_item=catalog_item), page
        )
    key = (getattr(bureau, "pk", None), getattr(catalog_item, "pk", None))
    return Paginator(_rows(key, bureau, catalog_item), selectors.PUBLIC_PAGE_SIZE).page(page)
