import base64

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from gongkai.catalogs.models import Catalog
from gongkai.core.models import AuditLogEntry
from gongkai.records import review, services
from gongkai.records.attachment_change_models import AttachmentChange
from gongkai.records.constants import RecordStatus
from gongkai.records.models import Record, RecordReview
from gongkai.screening.pii import id_check_character

from .factories import CatalogItemFactory, published_item, published_record

pytestmark = pytest.mark.django_db

ID_NUMBER = "41082319900101123" + id_check_character("41082319900101123")


@pytest.fixture(autouse=True)
def clear_throttle():
    cache.clear()


@pytest.fixture
def item(xiuwu):
    return published_item(xiuwu)


@pytest.fixture
def auto_item(leader, item):
    review.auto_approval_set(acting_user=leader, item=item, enabled=True)
    return item


@pytest.fixture
def token(leader, xiuwu):
    _token, raw = services.system_token_create(
        acting_user=leader, bureau=xiuwu, name="执法信息系统", scopes=["records:write", "records:publish"]
    )
    return raw


@pytest.fixture
def api(token):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    return client


def payload(item, **overrides):
    data = {
        "external_id": "ZF-2026-0001",
        "catalog_item": str(item.key),
        "title": "修武县应急管理局行政处罚决定书",
        "body": "<p>当事人：修武县某建材有限公司</p><script>x()</script>",
        "document_number": "修应急罚〔2026〕12号",
        "date_written": "2026-03-02",
        "event_date": "2026-03-02",
        "genre": "penalty_decision",
        "subject": "law_enforcement",
        "art20_item": 6,
    }
    data.update(overrides)
    return data


URL = "/api/v1/bureaus/xiuwu/records/"


# ---- public read API -------------------------------------------------------------------


def test_public_list_and_detail(client, editor, reviewer, item):
    record = published_record(editor, reviewer, item, title="关于汛期安全的通知", document_number="修应急〔2026〕3号")
    services.record_create_draft(acting_user=editor, bureau=item.catalog.bureau, catalog_item=item, title="草稿不公开")
    data = client.get("/api/v1/records/").json()
    assert data["count"] == 1
    (row,) = data["results"]
    assert row["index_number"] == record.index_number and row["bureau"] == "xiuwu"
    assert row["catalog_item"] == str(item.key)
    by_uuid = client.get(f"/api/v1/records/{record.uuid}/").json()
    by_id = client.get(f"/api/v1/records/{record.pk}/").json()
    assert by_uuid == by_id
    assert by_uuid["document_number"] == "修应急〔2026〕3号"


def test_public_list_filters_and_search(client, editor, reviewer, item, wenxian):
    published_record(editor, reviewer, item, title="关于尾矿库安全检查的通知")
    published_record(editor, reviewer, item, title="防汛工作方案", genre="plan")
    assert client.get("/api/v1/records/", {"genre": "plan"}).json()["count"] == 1
    assert client.get("/api/v1/records/", {"bureau": "wenxian"}).json()["count"] == 0
    assert client.get("/api/v1/records/", {"catalog_item": str(item.key)}).json()["count"] == 2
    found = client.get("/api/v1/records/", {"q": "尾矿"}).json()
    assert [r["title"] for r in found["results"]] == ["关于尾矿库安全检查的通知"]
    assert found["capped"] is False
    assert client.get("/api/v1/records/", {"genre": "nonsense"}).status_code == 400
    assert (
        client.get("/api/v1/records/", {"ordering": "title"}).json()["results"][0]["title"]
        == "关于尾矿库安全检查的通知"
    )


def test_public_detail_of_withdrawn_record_is_410(client, editor, reviewer, item):
    record = published_record(editor, reviewer, item)
    services.record_withdraw(acting_user=reviewer, record=record, reason="发布错误")
    response = client.get(f"/api/v1/records/{record.uuid}/")
    assert response.status_code == 410
    assert response.json()["message"] == "发布错误"


def test_schema_documents_the_records_api(client):
    response = client.get("/api/v1/schema/", {"format": "json"})
    schema = response.json()
    assert "/api/v1/records/" in schema["paths"]
    assert "/api/v1/bureaus/{code}/records/" in schema["paths"]
    post = schema["paths"]["/api/v1/bureaus/{code}/records/"]["post"]
    assert "examples" in str(post)
    assert "systemToken" in schema["components"]["securitySchemes"]


# ---- business-system API ---------------------------------------------------------------


def test_business_create_is_idempotent_and_audited(api, item):
    first = api.post(URL, payload(item), format="json")
    assert first.status_code == 201, first.json()
    body = first.json()
    assert body["status"] == RecordStatus.DRAFT and body["external_id"] == "ZF-2026-0001"
    assert "<script>" not in body["body"]
    again = api.post(URL, payload(item, title="changed"), format="json")
    assert again.status_code == 200
    assert again.json()["id"] == body["id"] and again.json()["title"] == "修武县应急管理局行政处罚决定书"
    assert Record.objects.count() == 1
    entry = AuditLogEntry.objects.get(action="records.record.created")
    assert entry.username == "system:xiuwu:执法信息系统"


def test_business_create_and_publish_into_an_auto_approved_item(api, auto_item):
    response = api.post(URL, payload(auto_item, publish=True), format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["status"] == RecordStatus.PUBLISHED
    assert body["index_number"].endswith("-00001")
    assert RecordReview.objects.get().confidentiality_result == "auto"


def test_business_publish_into_an_item_not_auto_approved_is_submitted_for_review(api, item):
    response = api.post(URL, payload(item, publish=True), format="json")
    assert response.status_code == 202, response.json()
    body = response.json()
    assert body["code"] == "submitted_for_review"
    assert body["status"] == RecordStatus.IN_REVIEW
    record = Record.objects.get()
    assert record.status == RecordStatus.IN_REVIEW and not record.index_number
    assert APIClient().get(f"/api/v1/records/{record.uuid}/").status_code == 404


def test_business_put_to_a_published_record_waits_for_review(api, item, reviewer):
    created = api.post(URL, payload(item, publish=True), format="json").json()
    services.record_approve(
        acting_user=reviewer, record=Record.objects.get(uuid=created["uuid"]), confidentiality_result="passed"
    )
    services.record_publish(acting_user=reviewer, record=Record.objects.get(uuid=created["uuid"]))
    response = api.put(URL, payload(item, title="更正后的标题"), format="json")
    assert response.status_code == 202, response.json()
    assert response.json()["code"] == "change_submitted_for_review"
    assert response.json()["pending_change"] is True
    record = Record.objects.get()
    assert record.title == "修武县应急管理局行政处罚决定书" and record.status == RecordStatus.PUBLISHED
    assert APIClient().get(f"/api/v1/records/{record.uuid}/").json()["title"] == "修武县应急管理局行政处罚决定书"
    review.record_change_approve(acting_user=reviewer, record=record, confidentiality_result="passed")
    assert APIClient().get(f"/api/v1/records/{record.uuid}/").json()["title"] == "更正后的标题"
    created = api.put(URL, payload(item, external_id="ZF-2026-0002"), format="json")
    assert created.status_code == 201


def test_business_put_with_publish_in_an_auto_approved_item_goes_live(api, auto_item):
    api.post(URL, payload(auto_item, publish=True), format="json")
    response = api.put(URL, payload(auto_item, title="更正后的标题", publish=True), format="json")
    assert response.status_code == 200, response.json()
    record = Record.objects.get()
    assert record.title == "更正后的标题" and record.pending_revision_id is None


def test_business_item_of_another_bureau_is_refused(api, wenxian):
    wenxian_item = published_item(wenxian)
    response = api.post(URL, payload(wenxian_item), format="json")
    assert response.status_code == 400
    assert response.json()["code"] == "catalog_item_other_bureau"
    assert not Record.objects.exists()


def test_business_token_of_another_bureau_is_refused(api, item, wenxian):
    published_item(wenxian)
    response = api.post("/api/v1/bureaus/wenxian/records/", payload(item), format="json")
    assert response.status_code == 403
    assert response.json()["code"] == "wrong_bureau"


def test_business_record_under_unpublished_catalog_is_refused(leader, wenxian, people):
    from gongkai.accounts.roles import Role
    from tests.factories import user_with_role

    wenxian_leader = user_with_role(Role.LEADER, wenxian)
    item = CatalogItemFactory(catalog=Catalog.objects.create(bureau=wenxian))
    _token, raw = services.system_token_create(
        acting_user=wenxian_leader, bureau=wenxian, name="系统", scopes=["records:write"]
    )
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {raw}")
    response = client.post("/api/v1/bureaus/wenxian/records/", payload(item), format="json")
    assert response.status_code == 400
    assert response.json()["code"] == "catalog_not_published"


def test_business_pii_answers_422_with_places(api, item):
    response = api.post(URL, payload(item, body=f"<p>身份证号：{ID_NUMBER}</p>"), format="json")
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "pii_found"
    assert body["hits"][0]["place"] == "body" and body["hits"][0]["kind"] == "id_number"
    assert ID_NUMBER not in str(body)
    assert not Record.objects.exists()


def test_business_attachment_is_checked_and_screened(api, item):
    text = "联系人手机：13812345678".encode()
    attachment = {"name": "名单.txt", "content": base64.b64encode(text).decode()}
    response = api.post(URL, payload(item, attachments=[attachment]), format="json")
    assert response.status_code == 422
    assert response.json()["hits"][0]["place"] == "attachment"
    ok = api.post(
        URL,
        payload(item, attachments=[{"name": "说明.txt", "content": base64.b64encode("无个人信息".encode()).decode()}]),
        format="json",
    )
    assert ok.status_code == 201
    assert ok.json()["attachments"][0]["type"] == "txt"


def test_business_index_number_cannot_be_set(api, item):
    response = api.post(URL, payload(item, index_number="X/2026-00001"), format="json")
    assert response.status_code == 400
    assert response.json()["code"] == "index_number_read_only"


def test_business_bad_document_number(api, item):
    response = api.post(URL, payload(item, document_number="修应急罚(2026)12号"), format="json")
    assert response.status_code == 400
    assert response.json()["code"] == "document_number_brackets"


def test_revoked_token_is_refused(api, item, leader):
    from gongkai.records.models import SystemToken

    services.system_token_revoke(acting_user=leader, token=SystemToken.objects.get())
    response = api.post(URL, payload(item), format="json")
    assert response.status_code == 401


def test_missing_or_wrong_token_is_refused(item):
    assert APIClient().post(URL, payload(item), format="json").status_code in (401, 403)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token gk_nope_nope")
    assert client.post(URL, payload(item), format="json").status_code == 401


def test_write_only_token_submits_for_review_even_in_an_auto_approved_item(leader, xiuwu, auto_item):
    _token, raw = services.system_token_create(
        acting_user=leader, bureau=xiuwu, name="只写系统", scopes=["records:write"]
    )
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {raw}")
    response = client.post(URL, payload(auto_item, publish=True), format="json")
    assert response.status_code == 202
    assert response.json()["code"] == "submitted_for_review"
    assert Record.objects.get().status == RecordStatus.IN_REVIEW


def test_business_api_is_throttled_per_token(api, item, settings):
    settings.RECORDS_API_THROTTLE_RATE = "3/min"
    codes = [api.post(URL, payload(item), format="json").status_code for _ in range(4)]
    assert codes[:3] == [201, 200, 200]
    assert codes[3] == 429


def test_token_last_used_is_recorded(api, item):
    from gongkai.records.models import SystemToken

    api.post(URL, payload(item), format="json")
    assert SystemToken.objects.get().last_used_at is not None


def test_only_leader_or_system_admin_creates_tokens(editor, xiuwu, people):
    from django.core.exceptions import PermissionDenied

    from gongkai.accounts.roles import Role

    with pytest.raises(PermissionDenied):
        services.system_token_create(acting_user=editor, bureau=xiuwu, name="x", scopes=["records:write"])
    token, raw = services.system_token_create(
        acting_user=people[Role.SYSTEM_ADMIN], bureau=xiuwu, name="x", scopes=["records:write"]
    )
    assert raw.startswith("gk_") and token.key_hash != raw and raw not in str(token.__dict__)


def _file(name: str, text: str) -> dict:
    return {"name": name, "content": base64.b64encode(text.encode()).decode()}


def _published_with_attachment(api, item, reviewer) -> Record:
    api.post(URL, payload(item, attachments=[_file("说明.txt", "无个人信息")], publish=True), format="json")
    record = Record.objects.get()
    services.record_approve(acting_user=reviewer, record=record, confidentiality_result="passed")
    services.record_publish(acting_user=reviewer, record=Record.objects.get())
    return Record.objects.get()


def test_business_put_repeated_with_unchanged_attachments_changes_nothing(api, item, reviewer):
    record = _published_with_attachment(api, item, reviewer)
    last_audit_pk = AuditLogEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    response = api.put(URL, payload(item, attachments=[_file("说明.txt", "无个人信息")]), format="json")
    assert response.status_code == 200, list(AuditLogEntry.objects.values_list("action", "data"))
    assert not AttachmentChange.objects.exists()
    record.refresh_from_db()
    assert record.pending_revision_id is None
    assert [a.original_name for a in record.attachments.filter(removed_at__isnull=True)] == ["说明.txt"]
    assert (
        not AuditLogEntry.objects.filter(action__startswith="records.attachment.").filter(pk__gt=last_audit_pk).exists()
    )


def test_business_put_with_a_changed_attachment_stages_the_change_once(api, item, reviewer):
    _published_with_attachment(api, item, reviewer)
    changed = payload(item, attachments=[_file("说明.txt", "更正后的说明")])
    response = api.put(URL, changed, format="json")
    assert response.status_code == 202, response.json()
    staged = sorted(AttachmentChange.objects.values_list("action", flat=True))
    assert staged == ["add", "remove"]
    again = api.put(URL, changed, format="json")  # the same change again: already waiting for approval
    assert again.status_code == 202, again.json()
    assert AttachmentChange.objects.count() == 2
    renamed = api.put(URL, payload(item, attachments=[_file("说明（更正）.txt", "更正后的说明")]), format="json")
    assert renamed.status_code == 400 and renamed.json()["code"] == "attachment_change_pending"
