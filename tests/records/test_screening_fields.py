"""Every field a record publishes is screened at approval, at publication and in the business
API, and the editor is told which field and where, masked (issue 11 §4: no side doors)."""

import base64

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from gongkai.records import services
from gongkai.records.models import Record
from gongkai.records.screening import PiiFound, screen_record
from gongkai.screening.pii import id_check_character
from tests.screening.test_extract import make_pdf, make_xlsx

from .factories import published_item

pytestmark = pytest.mark.django_db

ID_NUMBER = "41082319900101123" + id_check_character("41082319900101123")
ZW = "\u200b"


@pytest.fixture
def item(xiuwu):
    return published_item(xiuwu)


def draft(editor, item, **fields):
    return services.record_create_draft(
        acting_user=editor,
        bureau=item.catalog.bureau,
        catalog_item=item,
        title=fields.pop("title", "行政处罚决定书"),
        **fields,
    )


@pytest.mark.parametrize(
    ("field", "value", "kind"),
    [
        ("keywords", "行政处罚 安全生产 13812345678", "mobile"),
        ("issuing_body", f"修武县应急管理局（经办人身份证{ID_NUMBER}）", "id_number"),
        ("document_number", "修应急罚〔2026〕13812345678号", "mobile"),
        ("summary", f"联系电话：139{ZW}1234{ZW}5678", "mobile"),
        ("title", "关于当事人（手机１３９.１２３４.５６７８）的处罚决定", "mobile"),
    ],
)
def test_every_published_field_blocks_approval_and_names_the_field(editor, reviewer, item, field, value, kind):
    record = draft(editor, item, **{field: value})
    services.record_submit(acting_user=editor, record=record)
    with pytest.raises(PiiFound) as exc:
        services.record_approve(acting_user=reviewer, record=record, confidentiality_result="passed")
    assert [(h.place, h.kind) for h in exc.value.hits] == [(field, kind)]
    hit = exc.value.hits[0]
    assert value[hit.start : hit.end] not in hit.context and "****" in hit.context
    assert str(hit.place_label)  # a label the editor reads ("Keywords", "Issuing body", …)


def test_a_field_changed_behind_the_workflow_is_caught_at_publication(editor, reviewer, item):
    record = draft(editor, item)
    services.record_submit(acting_user=editor, record=record)
    services.record_approve(acting_user=reviewer, record=record, confidentiality_result="passed")
    Record.objects.filter(pk=record.pk).update(keywords=f"救助 {ID_NUMBER}")
    record.refresh_from_db()
    with pytest.raises(PiiFound) as exc:
        services.record_publish(acting_user=reviewer, record=record)
    assert [h.place for h in exc.value.hits] == ["keywords"]


def test_attachment_file_name_is_screened_and_shown_masked(editor, reviewer, item):
    record = draft(editor, item)
    attachment = services.attachment_add(
        acting_user=editor, record=record, name="张三13812345678.txt", data="无个人信息".encode()
    )
    hits = screen_record(record)
    assert [(h.place, h.kind, h.attachment_id) for h in hits] == [("attachment_name", "mobile", attachment.pk)]
    assert hits[0].attachment_name == "张三138****5678.txt" and "13812345678" not in hits[0].place_label
    result = services.record_mask_pii(acting_user=editor, record=record)
    assert result.remaining == []
    (copy,) = result.masked_attachments
    assert copy.original_name == "张三138****5678.txt"


@pytest.mark.parametrize(("name", "maker"), [("名单.pdf", make_pdf), ("名单.xlsx", make_xlsx)])
def test_text_of_pdf_and_xlsx_uploads_is_screened(editor, item, name, maker):
    record = draft(editor, item)
    services.attachment_add(acting_user=editor, record=record, name=name, data=maker())
    kinds = {(h.place, h.kind) for h in screen_record(record)}
    assert ("attachment", "id_number") in kinds


def test_mask_pii_masks_keywords_issuing_body_and_document_number(editor, reviewer, item):
    record = draft(
        editor,
        item,
        keywords="救助 13812345678",
        issuing_body=f"修武县应急管理局{ID_NUMBER}",
        document_number="修应急罚〔2026〕13812345678号",
    )
    result = services.record_mask_pii(acting_user=editor, record=record)
    assert set(result.masked_fields) == {"keywords", "issuing_body", "document_number"}
    assert result.remaining == []
    record.refresh_from_db()
    assert record.keywords == "救助 138****5678" and "410823********" in record.issuing_body


def test_business_api_answers_422_with_field_and_masked_context(leader, xiuwu, item):
    cache.clear()
    _token, raw = services.system_token_create(
        acting_user=leader, bureau=xiuwu, name="执法信息系统", scopes=["records:write"]
    )
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {raw}")
    attachment = {"name": f"名单{ID_NUMBER}.txt", "content": base64.b64encode("无".encode()).decode()}
    data = {
        "external_id": "ZF-2026-0009",
        "catalog_item": str(item.key),
        "title": "行政处罚决定书",
        "keywords": "处罚 ١٣٨١٢٣٤٥٦٧٨",
        "issuing_body": "修武县应急管理局",
        "genre": "penalty_decision",
        "subject": "law_enforcement",
        "attachments": [attachment],
    }
    response = client.post(f"/api/v1/bureaus/{xiuwu.code}/records/", data, format="json")
    assert response.status_code == 422, response.content
    body = response.json()
    assert body["code"] == "pii_found"
    assert [(h["place"], h["kind"]) for h in body["hits"]] == [("keywords", "mobile"), ("attachment_name", "id_number")]
    assert body["hits"][0]["context"] == "处罚 138****5678"
    assert body["hits"][1]["attachment_name"] == f"名单{ID_NUMBER[:6]}********{ID_NUMBER[-4:]}.txt"
    assert ID_NUMBER not in str(body) and "١٣٨١٢٣٤٥٦٧٨" not in str(body)
    assert not Record.objects.exists()


def test_withdrawal_reason_is_screened_before_it_is_published(editor, reviewer, leader, item):
    record = draft(editor, item)
    services.record_submit(acting_user=editor, record=record)
    services.record_approve(acting_user=reviewer, record=record, confidentiality_result="passed")
    services.record_publish(acting_user=reviewer, record=record)
    with pytest.raises(PiiFound) as exc:
        services.record_withdraw(acting_user=leader, record=record, reason="当事人张三（电话13812345678）申请撤回")
    assert [(h.place, h.kind) for h in exc.value.hits] == [
        ("withdrawal_reason", "name"),
        ("withdrawal_reason", "mobile"),
    ]
    record.refresh_from_db()
    assert record.withdrawal_reason == ""
