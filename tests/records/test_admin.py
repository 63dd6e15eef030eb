import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gongkai.records import services
from gongkai.records.constants import RecordStatus
from gongkai.records.models import Record, SystemToken
from gongkai.screening.pii import id_check_character

from .factories import published_item, published_record
from .test_screening import docx_bytes

pytestmark = pytest.mark.django_db

ID_NUMBER = "41082319900101123" + id_check_character("41082319900101123")


@pytest.fixture
def item(xiuwu):
    return published_item(xiuwu, level2="安全生产政策文件")


def test_editor_creates_a_draft_through_the_form(client, editor, item, xiuwu):
    client.force_login(editor)
    form = client.get(reverse("records_admin:create"))
    assert form.status_code == 200
    choices = [str(c[0]) for c in form.context["form"].fields["catalog_item"].choices]
    assert str(item.pk) in choices
    response = client.post(
        reverse("records_admin:create"),
        {
            "bureau": xiuwu.pk,
            "catalog_item": item.pk,
            "title": "关于印发安全生产举报奖励办法的通知",
            "body": json.dumps(
                {
                    "blocks": [
                        {
                            "key": "a1",
                            "type": "unstyled",
                            "text": "正文<script>",
                            "depth": 0,
                            "inlineStyleRanges": [],
                            "entityRanges": [],
                        }
                    ],
                    "entityMap": {},
                }
            ),
            "document_number": "修应急〔2026〕8号",
            "subject": "production_safety",
            "genre": "regulation",
            "validity": "valid",
            "event_date": "2026-03-02",
        },
    )
    record = Record.objects.get()
    assert response.status_code == 302 and response.url == reverse("records_admin:detail", args=[record.pk])
    assert "<script>" not in record.body and "正文" in record.body
    assert record.status == RecordStatus.DRAFT


def test_form_shows_document_number_error(client, editor, item, xiuwu):
    client.force_login(editor)
    response = client.post(
        reverse("records_admin:create"),
        {
            "bureau": xiuwu.pk,
            "catalog_item": item.pk,
            "title": "通知",
            "document_number": "修应急(2026)8号",
            "subject": "general_affairs",
            "genre": "notice",
            "validity": "valid",
        },
    )
    assert response.status_code == 200
    assert "document_number" in response.context["form"].errors
    assert not Record.objects.exists()


def test_other_bureaus_item_is_not_offered(client, editor, item, wenxian):
    other = published_item(wenxian)
    client.force_login(editor)
    choices = [
        str(c[0]) for c in client.get(reverse("records_admin:create")).context["form"].fields["catalog_item"].choices
    ]
    assert str(other.pk) not in choices


def test_publish_flow_with_pii_in_docx_through_the_screens(client, editor, reviewer, item, xiuwu):
    record = services.record_create_draft(
        acting_user=editor, bureau=xiuwu, catalog_item=item, title="安全生产举报奖励办法", is_policy=True
    )
    client.force_login(editor)
    upload = SimpleUploadedFile("附件.docx", docx_bytes(f"举报人身份证号：{ID_NUMBER}"))
    client.post(reverse("records_admin:attachment_add", args=[record.pk]), {"file": upload})
    detail = client.get(reverse("records_admin:detail", args=[record.pk])).content.decode()
    assert "附件.docx" in detail and "410823********" in detail  # the place, masked
    client.post(reverse("records_admin:submit", args=[record.pk]))
    client.force_login(reviewer)
    response = client.post(reverse("records_admin:approve", args=[record.pk]), follow=True)
    record.refresh_from_db()
    assert record.status == RecordStatus.IN_REVIEW
    assert "附件.docx" in response.content.decode()
    client.force_login(editor)  # the reviewer who masked would be the last editor: the editor masks
    client.post(reverse("records_admin:mask", args=[record.pk]))
    client.force_login(reviewer)
    client.post(reverse("records_admin:approve", args=[record.pk]), {"confidentiality_result": "passed"})
    client.post(reverse("records_admin:publish", args=[record.pk]))
    record.refresh_from_db()
    assert record.status == RecordStatus.PUBLISHED and record.index_number


def test_revisions_can_be_compared(client, editor, item, xiuwu):
    record = services.record_create_draft(
        acting_user=editor, bureau=xiuwu, catalog_item=item, title="旧标题", body="<p>第一段</p>"
    )
    services.record_update(acting_user=editor, record=record, title="新标题", body="<p>第一段</p><p>第二段</p>")
    old, new = record.revisions.order_by("pk")
    client.force_login(editor)
    html = client.get(reverse("records_admin:compare", args=[record.pk, old.pk, new.pk])).content.decode()
    assert "旧标题" in html and "新标题" in html and "+第二段" in html


def test_withdraw_through_the_screen(client, editor, reviewer, item):
    record = published_record(editor, reviewer, item)
    client.force_login(reviewer)
    client.post(reverse("records_admin:withdraw", args=[record.pk]), {"reason": "依法撤销"})
    record.refresh_from_db()
    assert record.status == RecordStatus.WITHDRAWN and record.withdrawal_reason == "依法撤销"


def test_dashboard_city_and_bureau_views(client, editor, reviewer, supervisor, item):
    published_record(editor, reviewer, item)
    client.force_login(supervisor)
    city = client.get(reverse("records_admin:dashboard"))
    assert city.status_code == 200
    assert "修武县应急管理局" in city.content.decode()
    client.force_login(editor)
    bureau = client.get(reverse("records_admin:dashboard"))
    assert bureau.status_code == 200 and bureau.context["bureau"].code == "xiuwu"


def test_leader_creates_and_revokes_a_token(client, leader, xiuwu):
    client.force_login(leader)
    response = client.post(
        reverse("records_admin:tokens"), {"bureau": xiuwu.pk, "name": "执法系统", "scopes": ["records:write"]}
    )
    raw = response.context["raw"]
    assert raw.startswith("gk_") and raw in response.content.decode()
    token = SystemToken.objects.get()
    assert raw not in client.get(reverse("records_admin:tokens")).content.decode()
    client.post(reverse("records_admin:token_revoke", args=[token.pk]))
    token.refresh_from_db()
    assert token.revoked_at is not None
