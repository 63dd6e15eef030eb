"""Records published through the bulk API reach the published tree like any other publication (issue 13)."""

import pytest
from rest_framework.test import APIClient

from gongkai.publishing import publisher
from gongkai.records import review, services
from gongkai.records.models import Record

pytestmark = pytest.mark.django_db


def test_records_published_in_bulk_get_their_static_pages_and_lists(
    root, item, leader, settings, django_capture_on_commit_callbacks
):
    publisher.rebuild()
    settings.PUBLISH_ON_CHANGE = True
    review.auto_approval_set(acting_user=leader, item=item, enabled=True)
    _token, raw = services.system_token_create(
        acting_user=leader, bureau=item.catalog.bureau, name="执法信息系统", scopes=["records:write", "records:publish"]
    )
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {raw}")
    records = [
        {
            "external_id": f"ZF-{n}",
            "catalog_item": str(item.key),
            "title": f"批量发布的处罚决定（第{n}号）",
            "body": "<p>正文</p>",
            "date_written": "2026-03-02",
            "genre": "penalty_decision",
            "subject": "law_enforcement",
            "art20_item": 6,
            "publish": True,
        }
        for n in (1, 2)
    ]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/api/v1/bureaus/xiuwu/records/bulk/", {"records": records}, format="json")
    assert response.status_code == 201, response.content
    for record in Record.objects.filter(external_id__startswith="ZF-"):
        assert record.title in (root / f"records/{record.uuid}/index.html").read_text(encoding="utf-8")
    listing = (root / f"b/xiuwu/items/{item.key}/records/index.html").read_text(encoding="utf-8")
    assert "批量发布的处罚决定（第1号）" in listing and "批量发布的处罚决定（第2号）" in listing


def test_publishing_while_redis_is_down_writes_nothing_and_tries_again_later(
    root, plain_record, settings, caplog, django_db_blocker
):
    from django.test import override_settings

    from gongkai.core import daily
    from gongkai.publishing import tasks

    from .conftest import DB_TASKS

    publisher.rebuild()
    before = {p: p.stat().st_mtime_ns for p in root.rglob("*") if p.is_file()}
    settings.REDIS_URL = "redis://127.0.0.1:9399/3"  # nothing listens there
    with override_settings(TASKS=DB_TASKS):
        result = tasks.publish_changes.call([f"record:{plain_record.pk}"])
        (retry,) = daily.pending_runs(tasks.publish_changes)
    assert result["written"] == 0 and "retry_at" in result
    assert retry.args_kwargs["args"] == [[f"record:{plain_record.pk}"]]
    assert {p: p.stat().st_mtime_ns for p in root.rglob("*") if p.is_file()} == before
    assert "postponed" in caplog.text
