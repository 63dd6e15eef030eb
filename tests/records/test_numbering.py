import threading

import pytest
from django.db import IntegrityError, connection, connections, transaction
from django.utils import timezone

from gongkai.records import numbering, services
from gongkai.records.models import IndexCounter, Record

from .factories import RecordFactory, published_item


def approved_records(editor, reviewer, item, n):
    records = []
    for i in range(n):
        record = services.record_create_draft(
            acting_user=editor, bureau=item.catalog.bureau, catalog_item=item, title=f"第{i}号通知"
        )
        services.record_submit(acting_user=editor, record=record)
        services.record_approve(acting_user=reviewer, record=record, confidentiality_result="passed")
        records.append(record)
    return records


@pytest.mark.django_db
def test_index_number_scheme(xiuwu):
    assert numbering.format_index_number(xiuwu, 2026, 42) == f"{xiuwu.credit_code}/2026-00042"
    xiuwu.credit_code = ""
    assert numbering.format_index_number(xiuwu, 2026, 7) == "xiuwu/2026-00007"


@pytest.mark.django_db
def test_allocation_is_per_bureau_and_year(xiuwu, wenxian):
    with transaction.atomic():
        assert numbering.allocate(xiuwu, 2025) == [1]
        assert numbering.allocate(xiuwu, 2025) == [2]
        assert numbering.allocate(xiuwu, 2026) == [1]
        assert numbering.allocate(wenxian, 2025) == [1]
        assert numbering.allocate(xiuwu, 2025, count=3) == [3, 4, 5]


@pytest.mark.django_db(transaction=True)
def test_allocation_outside_a_transaction_is_refused(xiuwu):
    with pytest.raises(RuntimeError):
        numbering.allocate(xiuwu, 2026)


@pytest.mark.django_db
def test_rolled_back_publication_leaves_no_gap(editor, reviewer, xiuwu):
    item = published_item(xiuwu)
    first, second = approved_records(editor, reviewer, item, 2)
    with pytest.raises(RuntimeError), transaction.atomic():
        services.record_publish(acting_user=editor, record=first)
        raise RuntimeError("crash after numbering")
    services.record_publish(acting_user=editor, record=second)
    second.refresh_from_db()
    assert second.index_sequence == 1


@pytest.mark.django_db
def test_index_number_collision_attempt_is_refused_by_the_database(editor, reviewer, xiuwu):
    item = published_item(xiuwu)
    (record,) = approved_records(editor, reviewer, item, 1)
    services.record_publish(acting_user=editor, record=record)
    record.refresh_from_db()
    other = RecordFactory(catalog_item=item)
    other.index_number = record.index_number
    with pytest.raises(IntegrityError), transaction.atomic():
        other.save()
    other.index_number = "other/2026-00001"
    other.index_year, other.index_sequence = record.index_year, record.index_sequence
    with pytest.raises(IntegrityError), transaction.atomic():
        other.save()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_publication_numbers_gapless_on_postgresql(editor, reviewer, xiuwu):
    if connection.vendor != "postgresql":
        pytest.skip("SELECT ... FOR UPDATE concurrency needs PostgreSQL")
    item = published_item(xiuwu)
    n = 20
    records = approved_records(editor, reviewer, item, n)
    barrier = threading.Barrier(n)
    errors = []

    def publish(record):
        try:
            barrier.wait(timeout=30)
            services.record_publish(acting_user=editor, record=record)
        except Exception as exc:  # collected and asserted below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=publish, args=(record,)) for record in records]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []
    year = timezone.localdate().year
    sequences = sorted(Record.objects.filter(bureau=xiuwu).values_list("index_sequence", flat=True))
    assert sequences == list(range(1, n + 1))
    numbers = set(Record.objects.filter(bureau=xiuwu).values_list("index_number", flat=True))
    assert numbers == {numbering.format_index_number(xiuwu, year, s) for s in range(1, n + 1)}
    assert IndexCounter.objects.get(bureau=xiuwu, year=year).last_sequence == n
