import pytest
from django.core.exceptions import ValidationError

from gongkai.records import services
from gongkai.records.constants import RecordStatus
from gongkai.records.screening import PiiFound
from gongkai.screening.pii import id_check_character

from .factories import published_item

pytestmark = pytest.mark.django_db

ID_NUMBER = "41082319900101123" + id_check_character("41082319900101123")


@pytest.fixture
def item(xiuwu):
    return published_item(xiuwu)


def submitted(editor, item, **fields):
    record = services.record_create_draft(
        acting_user=editor,
        bureau=item.catalog.bureau,
        catalog_item=item,
        title=fields.pop("title", "行政处罚决定书"),
        **fields,
    )
    return services.record_submit(acting_user=editor, record=record)


def test_pii_in_body_blocks_approval_and_lists_the_place(editor, reviewer, item):
    record = submitted(
        editor, item, body=f"<p>当事人：张三，身份证号码：<strong>{ID_NUMBER}</strong>，联系电话13812345678。</p>"
    )
    with pytest.raises(PiiFound) as exc:
        services.record_approve(acting_user=reviewer, record=record, confidentiality_result="passed")
    assert exc.value.code == "pii_found"
    kinds = {(hit.place, hit.kind) for hit in exc.value.hits}
    assert ("body", "id_number") in kinds
    assert ("body", "mobile") in kinds
    id_hit = next(h for h in exc.value.hits if h.kind == "id_number")
    assert id_hit.masked == ID_NUMBER[:6] + "********" + ID_NUMBER[-4:]
    assert id_hit.end - id_hit.start == 18
    record.refresh_from_db()
    assert record.status == RecordStatus.IN_REVIEW
    assert isinstance(exc.value, ValidationError)


def test_pii_in_title_blocks_publication(editor, reviewer, item):
    record = submitted(editor, item)
    services.record_approve(acting_user=reviewer, record=record, confidentiality_result="passed")
    # Title changed behind the workflow's back (e.g. a data fix): publication still screens.
    type(record).objects.filter(pk=record.pk).update(title=f"关于{ID_NUMBER}的处罚决定")
    record.refresh_from_db()
    with pytest.raises(PiiFound) as exc:
        services.record_publish(acting_user=reviewer, record=record)
    assert [h.place for h in exc.value.hits] == ["title"]
    record.refresh_from_db()
    assert record.status == RecordStatus.APPROVED
    assert record.index_number == ""


def test_masking_title_and_body_unblocks_approval(editor, reviewer, item):
    record = submitted(
        editor, item, title=f"关于{ID_NUMBER}的决定", body=f"<p>身份证号：{ID_NUMBER[:9]}<em>{ID_NUMBER[9:]}</em></p>"
    )
    result = services.record_mask_pii(acting_user=editor, record=record)
    assert set(result.masked_fields) == {"title", "body"}
    assert result.remaining == []
    record.refresh_from_db()
    assert ID_NUMBER not in record.title
    assert "410823********" in record.title
    assert ID_NUMBER[9:] not in record.body
    services.record_approve(acting_user=reviewer, record=record, confidentiality_result="passed")
    record.refresh_from_db()
    assert record.status == RecordStatus.APPROVED


def test_policy_with_pii_in_interpretation_blocks_both(editor, reviewer, item):
    from gongkai.records.constants import Genre, InterpretationForm

    policy = services.record_create_draft(
        acting_user=editor,
        bureau=item.catalog.bureau,
        catalog_item=item,
        title="办法",
        is_policy=True,
        requires_interpretation=True,
    )
    interpretation = services.record_create_draft(
        acting_user=editor,
        bureau=item.catalog.bureau,
        catalog_item=item,
        title="解读",
        body="<p>咨询电话：13912345678</p>",
        genre=Genre.INTERPRETATION,
        interprets=policy,
        interpretation_form=InterpretationForm.TEXT_QA,
    )
    services.record_submit(acting_user=editor, record=policy)
    services.record_submit(acting_user=editor, record=interpretation)
    with pytest.raises(PiiFound) as exc:
        services.record_approve(acting_user=reviewer, record=policy, confidentiality_result="passed")
    assert [(h.record_id, h.kind) for h in exc.value.hits] == [(interpretation.pk, "mobile")]
    policy.refresh_from_db()
    assert policy.status == RecordStatus.IN_REVIEW


def docx_bytes(*paragraphs: str) -> bytes:
    import io

    import docx

    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    document.core_properties.author = "张三"
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_attachment_with_pii_blocks_and_is_replaced_by_masked_docx(editor, reviewer, item):
    from gongkai.records.models import Attachment

    record = services.record_create_draft(
        acting_user=editor, bureau=item.catalog.bureau, catalog_item=item, title="行政处罚决定书"
    )
    attachment = services.attachment_add(
        acting_user=editor,
        record=record,
        name="处罚决定书.docx",
        data=docx_bytes("当事人：李四", f"身份证号码：{ID_NUMBER}"),
    )
    assert attachment.detected_type == "docx"
    assert ID_NUMBER in attachment.extracted_text
    services.record_submit(acting_user=editor, record=record)
    with pytest.raises(PiiFound) as exc:
        services.record_approve(acting_user=reviewer, record=record, confidentiality_result="passed")
    place = next(h for h in exc.value.hits if h.kind == "id_number")
    assert (place.place, place.attachment_id, place.attachment_name) == ("attachment", attachment.pk, "处罚决定书.docx")

    result = services.record_mask_pii(acting_user=editor, record=record)
    assert result.needs_reupload == [] and result.remaining == []
    (masked,) = result.masked_attachments
    assert masked.masked_from_id == attachment.pk
    assert ID_NUMBER not in masked.extracted_text and "410823********" in masked.extracted_text
    assert "张三" not in masked.extracted_text  # the document's author metadata is gone
    attachment.refresh_from_db()
    assert attachment.removed_at is not None  # kept, no longer shown
    assert Attachment.objects.filter(record=record).count() == 2
    services.record_approve(acting_user=reviewer, record=record, confidentiality_result="passed")


def test_attachment_type_is_checked_by_content(editor, item):
    from gongkai.records.models import Attachment

    record = services.record_create_draft(
        acting_user=editor, bureau=item.catalog.bureau, catalog_item=item, title="通知"
    )
    with pytest.raises(ValidationError) as exc:
        services.attachment_add(acting_user=editor, record=record, name="通知.pdf", data=docx_bytes("正文"))
    assert exc.value.code == "type_mismatch"
    with pytest.raises(ValidationError) as exc:
        services.attachment_add(acting_user=editor, record=record, name="run.exe", data=b"MZ\x90\x00")
    assert exc.value.code == "unsupported_type"
    assert not Attachment.objects.exists()


def test_oversized_attachment_is_refused(editor, item, settings):
    settings.RECORDS_ATTACHMENT_MAX_BYTES = 1024
    record = services.record_create_draft(
        acting_user=editor, bureau=item.catalog.bureau, catalog_item=item, title="通知"
    )
    with pytest.raises(ValidationError) as exc:
        services.attachment_add(acting_user=editor, record=record, name="big.txt", data="安全".encode() * 1000)
    assert exc.value.code == "file_too_large"


def test_pdf_attachment_with_pii_needs_reupload(editor, item, monkeypatch):
    from gongkai.records import screening as adapter

    record = services.record_create_draft(
        acting_user=editor, bureau=item.catalog.bureau, catalog_item=item, title="通知"
    )
    monkeypatch.setattr(
        adapter,
        "extract",
        lambda data, name, max_bytes=None: adapter.Extracted("pdf", "pdf", "application/pdf", f"身份证号{ID_NUMBER}"),
    )
    attachment = services.attachment_add(acting_user=editor, record=record, name="扫描件.pdf", data=b"%PDF-1.4 fake")
    result = services.record_mask_pii(acting_user=editor, record=record)
    assert result.needs_reupload == [attachment]
    assert [h.attachment_id for h in result.remaining] == [attachment.pk]
