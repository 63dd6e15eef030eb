"""The publisher renders a records list's later pages in O(rows): each list counted once and read once,
whatever its number of pages, and every page has the bytes of the dynamic portal's."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from gongkai.publishing import pages, publisher
from gongkai.records import selectors
from gongkai.records.constants import RecordStatus
from gongkai.records.models import Record
from tests.records.factories import RecordFactory

pytestmark = pytest.mark.django_db


def _add_records(item, count: int) -> None:
    first = Record.objects.count()
    base = timezone.now() - dt.timedelta(days=1)
    for n in range(first, first + count):
        RecordFactory(catalog_item=item, status=RecordStatus.PUBLISHED, published_at=base + dt.timedelta(minutes=n))


def _list_queries(queries) -> tuple[int, int]:
    """(counts, row reads) of the public lists among `queries`."""
    table = Record._meta.db_table
    listed = [q["sql"] for q in queries if f'FROM "{table}"' in q["sql"]]
    counts = [sql for sql in listed if "COUNT(" in sql.upper()]
    rows = [sql for sql in listed if f'"{table}"."id" DESC' in sql]
    return len(counts), len(rows)


def test_publishing_every_later_page_of_a_list_reads_it_once_whatever_its_pages(root, item, xiuwu, monkeypatch, client):
    monkeypatch.setattr(selectors, "PUBLIC_PAGE_SIZE", 2)
    costs = []
    for total in (6, 24):  # 3 pages per list, then 12
        _add_records(item, total - Record.objects.count())
        specs = pages.list_page_specs(bureau_codes=["xiuwu"], item_ids=[item.pk])
        assert len(specs) == 2 * 2 * (total // 2 - 1)  # two lists, two languages, pages 2 to the last
        with CaptureQueriesContext(connection) as captured:
            summary = publisher.publish(specs, sync=False)
        assert summary.failed == 0 and summary.pages == len(specs)
        costs.append(_list_queries(captured.captured_queries))
    counts, rows = costs[0]
    assert costs[1] == costs[0]
    assert counts == 2 and rows == 2  # each list: one count, one read of its rows
    for url in (f"/b/xiuwu/records/?page={total // 2}", f"/en/b/xiuwu/items/{item.key}/records/?page=5"):
        path, number = url.split("?page=")
        published = (root / path.lstrip("/") / f"index.page-{number}.html").read_bytes()
        assert published == client.get(url).content


def test_a_full_rebuild_counts_each_list_a_fixed_number_of_times(root, item, xiuwu, monkeypatch):
    monkeypatch.setattr(selectors, "PUBLIC_PAGE_SIZE", 2)
    costs = []
    for total in (6, 24):
        _add_records(item, total - Record.objects.count())
        with CaptureQueriesContext(connection) as captured:
            publisher.rebuild(bureau_code="xiuwu")
        costs.append(_list_queries(captured.captured_queries))
    assert costs[1] == costs[0]
