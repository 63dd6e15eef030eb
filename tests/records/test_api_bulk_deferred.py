"""The bulk API's search entries: written by the worker after the commit, one batch per call (issue 13)."""

import pytest

from gongkai.records import indexing, services
from gongkai.records.constants import RecordStatus
from gongkai.records.models import Record

from . import test_api_bulk

pytestmark = pytest.mark.django_db

clear_throttle, item, auto_item, api = (
    test_api_bulk.clear_throttle,
    test_api_bulk.item,
    test_api_bulk.auto_item,
    test_api_bulk.api,
)
URL, record = test_api_bulk.URL, test_api_bulk.record
TITLE = "行政处罚决定书"


def _found() -> list[int]:
    return sorted(indexing.search(TITLE, page_size=100).ids)


def test_bulk_publication_is_searchable_once_the_index_task_has_run(api, auto_item, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = api.post(URL, {"records": [record(auto_item, n) for n in range(1, 4)]}, format="json")
    assert response.status_code == 201, response.content
    published = sorted(Record.objects.filter(status=RecordStatus.PUBLISHED).values_list("pk", flat=True))
    assert len(published) == 3
    assert _found() == []  # the pages are published; the search entries wait for the commit and the worker
    for callback in callbacks:
        callback()  # the immediate task backend of the tests runs index_records at once
    assert _found() == published


def test_a_record_withdrawn_before_the_index_task_runs_stays_out_of_search(
    api, auto_item, reviewer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = api.post(URL, {"records": [record(auto_item, n) for n in range(1, 3)]}, format="json")
    assert response.status_code == 201, response.content
    first, second = Record.objects.order_by("index_sequence")
    services.record_withdraw(acting_user=reviewer, record=first, reason="信息有误")
    for callback in callbacks:
        callback()
    assert _found() == [second.pk]


def test_the_batch_is_indexed_at_once_when_the_task_cannot_be_queued(
    api, auto_item, monkeypatch, django_capture_on_commit_callbacks
):
    class Unqueueable:
        def enqueue(self, *args, **kwargs):
            raise RuntimeError("queue unavailable")

    monkeypatch.setattr(indexing, "index_records", Unqueueable())
    with django_capture_on_commit_callbacks(execute=True):
        response = api.post(URL, {"records": [record(auto_item, n) for n in range(1, 3)]}, format="json")
    assert response.status_code == 201, response.content
    assert len(_found()) == 2


def test_drafts_and_submissions_in_bulk_queue_no_indexing(api, item, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = api.post(URL, {"records": [record(item, 1)]}, format="json")
    assert response.status_code == 202
    assert _found() == []
