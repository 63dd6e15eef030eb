"""A public list's pages read in order (the publisher, `list_pages.in_order`) are the pages a visitor gets,
and reading all of them costs a number of queries that does not grow with the number of pages."""

import datetime as dt

import pytest
from django.core.paginator import EmptyPage
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from gongkai.records import list_pages, rendering, selectors
from gongkai.records.constants import RecordStatus
from gongkai.records.models import Record

from .factories import RecordFactory, published_item

pytestmark = pytest.mark.django_db


@pytest.fixture
def item(xiuwu):
    return published_item(xiuwu, level2="安全生产行政处罚")


def _records(item, count: int, *, start: int = 0) -> None:
    """`count` published records, three to a publication time (the list's order breaks ties by id)."""
    base = timezone.now() - dt.timedelta(days=1)
    for n in range(start, start + count):
        RecordFactory(
            catalog_item=item, status=RecordStatus.PUBLISHED, published_at=base + dt.timedelta(minutes=n // 3)
        )


def _ids(page) -> list[int]:
    return [r.pk for r in page.object_list]


def _visitor_pages(**list_kwargs) -> list[list[int]]:
    qs = selectors.record_list_public(**list_kwargs)
    pages, number = [], 1
    while True:
        try:
            pages.append(_ids(selectors.record_page_public(qs, number)))
        except EmptyPage:
            return pages
        number += 1


@pytest.mark.parametrize("chunk", [3, 4, 500])
def test_pages_read_in_order_or_not_are_the_pages_a_visitor_gets(item, xiuwu, monkeypatch, chunk):
    monkeypatch.setattr(selectors, "PUBLIC_PAGE_SIZE", 2)
    monkeypatch.setattr(list_pages, "CHUNK", chunk)  # chunks that straddle pages, that fit them, one chunk
    _records(item, 13)
    Record.objects.filter(pk__in=list(Record.objects.order_by("pk").values_list("pk", flat=True)[:2])).update(
        published_at=None
    )  # not a state a published record reaches; the order must still be the database's
    for kwargs in ({"bureau": xiuwu}, {"catalog_item": item}):
        expected = _visitor_pages(**kwargs)
        assert len(expected) == 7
        with list_pages.in_order():
            assert [_ids(list_pages.public_page(**kwargs, page=n)) for n in range(1, 8)] == expected
            assert [_ids(list_pages.public_page(**kwargs, page=n)) for n in (6, 2, 7, 1)] == [
                expected[5],
                expected[1],
                expected[6],
                expected[0],
            ]
            with pytest.raises(EmptyPage):
                list_pages.public_page(**kwargs, page=8)


def _list_queries(queries) -> list[str]:
    """The queries that count the list or read its rows (ordered by date, then id)."""
    table = Record._meta.db_table
    listed = [q["sql"] for q in queries if f'FROM "{table}"' in q["sql"]]
    return [sql for sql in listed if "COUNT(" in sql.upper() or f'"{table}"."id" DESC' in sql]


def _render_all_pages(render, pages: int):
    with list_pages.in_order(), CaptureQueriesContext(connection) as captured:
        for number in range(1, pages + 1):
            for language in ("zh-hans", "en"):
                render(number, language)
    return captured.captured_queries


@pytest.mark.parametrize("kind", ["bureau", "item"])
def test_rendering_every_page_of_a_list_costs_queries_independent_of_its_pages(item, xiuwu, monkeypatch, kind):
    monkeypatch.setattr(selectors, "PUBLIC_PAGE_SIZE", 2)
    if kind == "bureau":

        def render(number, language):
            return rendering.render_bureau_records(xiuwu, number, language)
    else:

        def render(number, language):
            return rendering.render_item_records(item, number, language)

    costs = []
    for total in (6, 30):  # 3 pages, then 15
        _records(item, total - Record.objects.count(), start=Record.objects.count())
        pages = total // 2
        queries = _render_all_pages(render, pages)
        listed = _list_queries(queries)
        counts = [sql for sql in listed if "COUNT(" in sql.upper()]
        assert len(counts) == 1, counts  # the list counted once, not once per page
        assert not [sql for sql in listed if "OFFSET" in sql.upper() and "OFFSET 0" not in sql.upper()]
        costs.append((len(listed), len(queries) - len(listed)))
    (few_rows, few_other), (many_rows, many_other) = costs
    assert many_rows == few_rows  # the list's rows: one count, one chunk, whatever the number of pages
    # the rest of each page (its frame) costs the same per page
    assert many_other * 3 <= few_other * 15


def test_a_visitor_still_gets_the_page_through_the_paginator(item, xiuwu, monkeypatch):
    monkeypatch.setattr(selectors, "PUBLIC_PAGE_SIZE", 2)
    _records(item, 6)
    with CaptureQueriesContext(connection) as captured:
        ids = _ids(list_pages.public_page(bureau=xiuwu, page=3))
    assert ids == _visitor_pages(bureau=xiuwu)[2]
    assert len(captured.captured_queries) == 2  # the count and the page's rows (OFFSET), as before
