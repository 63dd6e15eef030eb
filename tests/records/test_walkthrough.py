"""The issue's "done when" walk-through, end to end (services, staff screens, portal, feed, search, API)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from gongkai.records import services
from gongkai.records.constants import Genre, InterpretationForm, RecordStatus
from gongkai.records.models import Record

from .factories import published_item
from .test_screening import ID_NUMBER, docx_bytes

pytestmark = pytest.mark.django_db


def test_policy_with_pii_to_portal_feed_search_and_api(client, editor, reviewer, leader, xiuwu, wenxian):
    item = published_item(xiuwu, level1="政策文件", level2="其他政策文件")
    today = timezone.localdate()
    # 1. The editor drafts a policy (with an ID number in its DOCX) and its interpretation.
    policy = services.record_create_draft(
        acting_user=editor,
        bureau=xiuwu,
        catalog_item=item,
        title="修武县安全生产举报奖励实施办法",
        body="<p>为鼓励社会公众举报安全生产违法行为，制定本办法。</p>",
        is_policy=True,
        requires_interpretation=True,
        genre=Genre.REGULATION,
        document_number="修应急〔2026〕9号",
        event_date=today,
    )
    interpretation = services.record_create_draft(
        acting_user=editor,
        bureau=xiuwu,
        catalog_item=item,
        title="《修武县安全生产举报奖励实施办法》政策解读",
        body="<p>一、制定背景……</p>",
        genre=Genre.INTERPRETATION,
        interprets=policy,
        interpretation_form=InterpretationForm.TEXT_QA,
        event_date=today,
    )
    client.force_login(editor)
    client.post(
        reverse("records_admin:attachment_add", args=[policy.pk]),
        {"file": SimpleUploadedFile("举报奖励办法.docx", docx_bytes("举报人：王五", f"身份证号：{ID_NUMBER}"))},
    )
    for record in (policy, interpretation):
        client.post(reverse("records_admin:submit", args=[record.pk]))
    # 2. Approval is blocked, showing the place.
    client.force_login(reviewer)
    page = client.post(reverse("records_admin:approve", args=[policy.pk]), follow=True).content.decode()
    assert "举报奖励办法.docx" in page
    policy.refresh_from_db()
    assert policy.status == RecordStatus.IN_REVIEW
    # 3. After masking, the reviewer approves the pair; publishing publishes both.
    client.force_login(editor)  # the editor masks: the reviewer stays a second pair of eyes
    client.post(reverse("records_admin:mask", args=[policy.pk]))
    client.force_login(reviewer)
    client.post(reverse("records_admin:approve", args=[policy.pk]), {"confidentiality_result": "passed"})
    client.post(reverse("records_admin:publish", args=[policy.pk]))
    policy.refresh_from_db()
    interpretation.refresh_from_db()
    assert policy.status == interpretation.status == RecordStatus.PUBLISHED
    assert policy.index_number and interpretation.index_number
    # 4. Both on the portal, linked, with index numbers; in the feed; in search; under the item; due date met.
    client.logout()
    policy_page = client.get(policy.get_absolute_url()).content.decode()
    assert policy.index_number in policy_page and interpretation.get_absolute_url() in policy_page
    assert ID_NUMBER not in policy_page
    assert policy.get_absolute_url() in client.get(interpretation.get_absolute_url()).content.decode()
    feed = client.get(reverse("records:bureau_feed_rss", kwargs={"code": "xiuwu"})).content.decode()
    assert policy.title in feed and interpretation.title in feed
    found = client.get(reverse("records:search"), {"q": "举报"}).content.decode()
    assert policy.get_absolute_url() in found
    item_page = client.get(reverse("records:item_records", kwargs={"code": "xiuwu", "key": item.key})).content.decode()
    assert policy.title in item_page and "item-due--met" in item_page
    # 5. A 修武县 system token creates a record; the same call creates nothing new; a 温县 item is refused.
    _token, raw = services.system_token_create(
        acting_user=leader, bureau=xiuwu, name="执法系统", scopes=["records:write"]
    )
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {raw}")
    data = {"external_id": "ZF-1", "catalog_item": str(item.key), "title": "行政处罚决定书（修应急罚〔2026〕1号）"}
    assert api.post("/api/v1/bureaus/xiuwu/records/", data, format="json").status_code == 201
    assert api.post("/api/v1/bureaus/xiuwu/records/", data, format="json").status_code == 200
    assert Record.objects.filter(external_id="ZF-1").count() == 1
    other = published_item(wenxian)
    refused = api.post(
        "/api/v1/bureaus/xiuwu/records/", {**data, "external_id": "ZF-2", "catalog_item": str(other.key)}, format="json"
    )
    assert refused.status_code == 400 and refused.json()["code"] == "catalog_item_other_bureau"
