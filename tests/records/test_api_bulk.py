"""POST /api/v1/bureaus/{code}/records/bulk/: many records in one call, all or nothing, four eyes kept."""

import pytest
from django.db import connection
from rest_framework.test import APIClient
from wagtail.models import Revision

from gongkai.core.models import AuditLogEntry
from gongkai.records import services
from gongkai.records.api.bulk import BULK_MAX_RECORDS
from gongkai.records.constants import RecordStatus
from gongkai.records.models import Record, RecordReview

from . import test_api
from .factories import published_item

pytestmark = pytest.mark.django_db

# The fixtures of the single endpoint's tests: its throttle cleared, a published item, auto-approved.
clear_throttle, item, auto_item = test_api.clear_throttle, test_api.item, test_api.auto_item
ID_NUMBER = test_api.ID_NUMBER

URL = "/api/v1/bureaus/xiuwu/records/bulk/"


def _client(leader, bureau, scopes):
    _token, raw = services.system_token_create(acting_user=leader, bureau=bureau, name="执法信息系统", scopes=scopes)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {raw}")
    return client


@pytest.fixture
def api(leader, xiuwu):
    return _client(leader, xiuwu, ["records:write", "records:publish"])


def record(item, n, **overrides):
    data = {
        "external_id": f"ZF-2026-{n:04d}",
        "catalog_item": str(item.key),
        "title": f"修武县应急管理局行政处罚决定书（第{n}号）",
        "body": "<p>当事人：修武县某建材有限公司</p><script>x()</script>",
        "document_number": f"修应急罚〔2026〕{n}号",
        "date_written": "2026-03-02",
        "event_date": "2026-03-02",
        "genre": "penalty_decision",
        "subject": "law_enforcement",
        "art20_item": 6,
        "publish": True,
    }
    data.update(overrides)
    return data


def test_bulk_publishes_into_an_auto_approved_item_with_every_step_recorded(api, auto_item):
    response = api.post(URL, {"records": [record(auto_item, n) for n in range(1, 4)]}, format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["counts"] == {"published": 3}
    records = list(Record.objects.order_by("index_sequence"))
    assert [r.status for r in records] == [RecordStatus.PUBLISHED] * 3
    assert [r.index_sequence for r in records] == [1, 2, 3]
    assert [row["index_number"] for row in body["results"]] == [r.index_number for r in records]
    assert all("<script>" not in r.body for r in records)
    for r in records:
        actions = set(AuditLogEntry.objects.filter(object_id=str(r.pk)).values_list("action", flat=True))
        assert {f"records.record.{s}" for s in ("created", "submitted", "approved", "published")} <= actions
        assert r.latest_revision_id and Revision.objects.filter(pk=r.latest_revision_id).exists()
        assert RecordReview.objects.filter(record=r, decision="approved").count() == 1


def test_bulk_into_an_item_not_auto_approved_is_submitted_for_review_202(api, item):
    response = api.post(URL, {"records": [record(item, 1), record(item, 2)]}, format="json")
    assert response.status_code == 202, response.content
    assert response.json()["counts"] == {"submitted_for_review": 2}
    assert set(Record.objects.values_list("status", flat=True)) == {RecordStatus.IN_REVIEW}
    assert not Record.objects.exclude(index_number="").exists()


def test_write_only_token_submits_for_review_even_in_an_auto_approved_item(leader, xiuwu, auto_item):
    client = _client(leader, xiuwu, ["records:write"])
    response = client.post(URL, {"records": [record(auto_item, 1)]}, format="json")
    assert response.status_code == 202
    assert Record.objects.get().status == RecordStatus.IN_REVIEW


def test_bulk_without_publish_creates_drafts(api, auto_item):
    response = api.post(URL, {"records": [record(auto_item, 1, publish=False)]}, format="json")
    assert response.status_code == 201
    assert response.json()["results"][0]["outcome"] == "draft"
    assert Record.objects.get().status == RecordStatus.DRAFT


def test_one_invalid_record_refuses_the_whole_batch_with_each_problem(api, auto_item):
    batch = [
        record(auto_item, 1),
        record(auto_item, 2, catalog_item="7c1e2c55-3a8e-4a55-9d5c-0f5d1b7e2a10"),
        record(auto_item, 3, body=f"<p>身份证号：{ID_NUMBER}</p>"),
        record(auto_item, 4, art20_item=99),
    ]
    response = api.post(URL, {"records": batch}, format="json")
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "bulk_invalid"
    assert [(e["index"], e["code"]) for e in body["errors"]] == [(3, "max_value")]
    batch[3]["art20_item"] = 6
    response = api.post(URL, {"records": batch}, format="json")
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert [(e["index"], e["code"]) for e in errors] == [(1, "catalog_item_not_found"), (2, "pii_found")]
    assert ID_NUMBER not in response.content.decode()
    assert errors[1]["hits"][0]["kind"] == "id_number"
    assert not Record.objects.exists()


def test_an_item_of_another_bureau_refuses_the_batch(api, auto_item, wenxian):
    other = published_item(wenxian)
    response = api.post(URL, {"records": [record(auto_item, 1), record(other, 2)]}, format="json")
    assert response.status_code == 400
    (error,) = response.json()["errors"]
    assert (error["index"], error["code"]) == (1, "catalog_item_other_bureau")
    assert error["fields"]["catalog_item"][0]["code"] == "catalog_item_other_bureau"
    assert not Record.objects.exists()


def test_a_record_that_is_not_an_object_is_refused_by_index(api, auto_item):
    response = api.post(URL, {"records": [record(auto_item, 1), "不是对象"]}, format="json")
    assert response.status_code == 400
    (error,) = response.json()["errors"]
    assert (error["index"], error["code"]) == (1, "invalid")
    assert not Record.objects.exists()


def test_personal_data_only_answers_422(api, auto_item):
    response = api.post(URL, {"records": [record(auto_item, 1, title=f"关于{ID_NUMBER}的处罚")]}, format="json")
    assert response.status_code == 422
    assert response.json()["code"] == "pii_found"
    assert not Record.objects.exists()


def test_bulk_is_idempotent_by_external_id(api, auto_item):
    batch = {"records": [record(auto_item, 1), record(auto_item, 2)]}
    assert api.post(URL, batch, format="json").status_code == 201
    again = api.post(URL, batch, format="json")
    assert again.status_code == 200
    assert again.json()["counts"] == {"existing": 2}
    assert Record.objects.count() == 2


def test_external_id_twice_in_a_batch_is_refused(api, auto_item):
    response = api.post(URL, {"records": [record(auto_item, 1), record(auto_item, 1)]}, format="json")
    assert response.status_code == 400
    assert response.json()["errors"][0]["code"] == "duplicate_external_id"


def test_batch_size_is_limited(api, auto_item):
    batch = [record(auto_item, n) for n in range(BULK_MAX_RECORDS + 1)]
    response = api.post(URL, {"records": batch}, format="json")
    assert response.status_code == 400
    assert response.json()["code"] == "too_many_records"
    assert api.post(URL, {"records": []}, format="json").json()["code"] == "records_required"


def test_token_of_another_bureau_is_refused(leader, wenxian, auto_item):
    response = _client(leader, auto_item.catalog.bureau, ["records:write"]).post(
        "/api/v1/bureaus/wenxian/records/bulk/", {"records": [record(auto_item, 1)]}, format="json"
    )
    assert response.status_code == 403
    assert response.json()["code"] == "wrong_bureau"


def test_policies_and_attachments_go_through_the_single_endpoint(api, auto_item):
    response = api.post(URL, {"records": [record(auto_item, 1, is_policy=True)]}, format="json")
    assert response.status_code == 400
    assert response.json()["errors"][0]["code"] == "use_single_endpoint"


def test_bulk_publication_costs_at_most_10_queries_per_record(api, auto_item):
    """A batch of 100 (the per-call constant spread thin); counted by an execute wrapper, which has no
    cap (Django's query log keeps only the last 9,000)."""
    queries = []

    def count(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    batch = {"records": [record(auto_item, n) for n in range(1, 101)]}
    with connection.execute_wrapper(count):
        response = api.post(URL, batch, format="json")
    assert response.status_code == 201
    assert len(queries) <= 10 * 100
    assert Record.objects.filter(status=RecordStatus.PUBLISHED).count() == 100
