"""The reply (答复书, DOCX + PDF) and the notices (补正, 延期, 收费) generated for the applicant."""

import datetime as dt
import io
from types import SimpleNamespace

import pytest
from django.db import transaction
from docx import Document
from pypdf import PdfReader

from gongkai.foi_requests import documents, reply_files
from gongkai.foi_requests.constants import (
    OUTCOME_BASIS,
    ExtensionStatus,
    FeeMethod,
    Outcome,
    ReplyStatus,
    ReplyType,
    State,
)
from gongkai.foi_requests.models import AttachmentRole, Extension, FeeNotice, Reply, SupplementRequest
from gongkai.foi_requests.services import workflow

from .factories import FoiRequestFactory

pytestmark = pytest.mark.django_db

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def pdf_text(attachment) -> str:
    with attachment.file.open("rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    return "".join(page.extract_text() for page in reader.pages).replace("\n", "").replace(" ", "")


def docx_text(attachment) -> str:
    with attachment.file.open("rb") as handle:
        return "\n".join(p.text for p in Document(io.BytesIO(handle.read())).paragraphs)


def approved_reply(bureau, editor, reviewer, *, reply_type, outcome, replied_on=dt.date(2026, 3, 9), **fields):
    foi = FoiRequestFactory(
        bureau=bureau, state=State.ANSWERED, outcome=outcome, received_on=dt.date(2026, 2, 10), closed_on=replied_on
    )
    return Reply.objects.create(
        request=foi,
        reply_type=reply_type,
        outcome=outcome,
        body=fields.pop("body", "现将您申请的信息随本答复书提供。"),
        status=ReplyStatus.APPROVED,
        drafted_by=editor,
        approved_by=reviewer,
        replied_on=replied_on,
        **fields,
    )


def by_type(attachments):
    return {a.content_type: a for a in attachments}


def test_partial_reply_documents_carry_number_type_basis_and_withheld_reasons(xiuwu, editor, reviewer):
    reply = approved_reply(
        xiuwu,
        editor,
        reviewer,
        reply_type=ReplyType.PARTIAL,
        outcome=Outcome.R2_PARTIAL,
        withheld_reason="涉及商业秘密",
    )

    attachments = documents.generate_reply_documents(reply)

    files = by_type(attachments)
    assert set(files) == {"application/pdf", DOCX}
    assert all(a.role == AttachmentRole.REPLY and a.visible_to_applicant for a in attachments)
    reply.refresh_from_db()
    assert reply.document_number == "修武县应急依复〔2026〕1号"
    for text in (pdf_text(files["application/pdf"]), docx_text(files[DOCX])):
        assert reply.request.tracking_number in text
        assert "政府信息公开申请答复书" in text and "修武县应急管理局" in text
        assert "部分公开" in text and "第三十七条" in text
        assert "涉及商业秘密" in text
        assert "修武县应急依复〔2026〕1号" in text
        assert "2026年2月10日" in text and "2026年3月9日" in text  # received, replied
        assert "60日内" in text and "6个月内" in text  # the remedies paragraph
        assert "张三" in text  # the addressee


def test_refused_reply_names_the_sub_reason_and_its_basis(xiuwu, editor, reviewer):
    reply = approved_reply(xiuwu, editor, reviewer, reply_type=ReplyType.REFUSED, outcome=Outcome.R3_6_PROCESS_INFO)

    files = by_type(documents.generate_reply_documents(reply))

    text = pdf_text(files["application/pdf"])
    assert "不予公开" in text and "属于四类过程性信息" in text
    assert OUTCOME_BASIS[Outcome.R3_6_PROCESS_INFO] in text
    assert "不予公开" in docx_text(files[DOCX])


def test_not_held_reply_gives_the_referral_of_art_36_5(xiuwu, editor, reviewer):
    reply = approved_reply(
        xiuwu,
        editor,
        reviewer,
        reply_type=ReplyType.CANNOT_PROVIDE,
        outcome=Outcome.R4_1_NOT_HELD,
        referral="修武县自然资源局，电话0391-7000000",
    )

    text = docx_text(by_type(documents.generate_reply_documents(reply))[DOCX])

    assert "不掌握" in text and "修武县自然资源局，电话0391-7000000" in text and "无法提供" in text


def test_reply_numbers_count_per_bureau_and_year(xiuwu, wenxian, editor, reviewer, wenxian_editor):
    first = approved_reply(xiuwu, editor, reviewer, reply_type=ReplyType.GRANTED, outcome=Outcome.R1_GRANTED)
    second = approved_reply(xiuwu, editor, reviewer, reply_type=ReplyType.GRANTED, outcome=Outcome.R1_GRANTED)
    other = approved_reply(wenxian, wenxian_editor, reviewer, reply_type=ReplyType.GRANTED, outcome=Outcome.R1_GRANTED)
    next_year = approved_reply(
        xiuwu,
        editor,
        reviewer,
        reply_type=ReplyType.GRANTED,
        outcome=Outcome.R1_GRANTED,
        replied_on=dt.date(2027, 1, 5),
    )
    for reply in (first, second, other, next_year):
        documents.generate_reply_documents(reply)
        reply.refresh_from_db()

    assert [r.document_number for r in (first, second, other, next_year)] == [
        "修武县应急依复〔2026〕1号",
        "修武县应急依复〔2026〕2号",
        "温县应急依复〔2026〕1号",
        "修武县应急依复〔2027〕1号",
    ]


def test_number_allocation_starts_at_one(xiuwu):
    with transaction.atomic():
        assert documents.allocate_reply_number(xiuwu, 2026) == "修武县应急依复〔2026〕1号"


def test_approving_through_the_workflow_generates_the_documents(xiuwu, editor, reviewer):
    foi = FoiRequestFactory(bureau=xiuwu, state=State.IN_PROGRESS, received_on=dt.date(2026, 3, 4))
    day = dt.date(2026, 3, 10)
    workflow.draft_reply(foi, acting_user=editor, reply_type=ReplyType.GRANTED, body="请见附件。", today=day)
    workflow.approve_reply(foi.reply, acting_user=reviewer, today=day)

    files = by_type(foi.attachments.filter(role=AttachmentRole.REPLY))
    assert set(files) == {"application/pdf", DOCX}
    text = pdf_text(files["application/pdf"])
    assert foi.tracking_number in text and "予以公开" in text and "第三十六条" in text


def test_approval_numbers_the_reply_and_queues_its_files_once(xiuwu, editor, reviewer, monkeypatch):
    queued = []
    monkeypatch.setattr(reply_files, "render_reply_documents", SimpleNamespace(enqueue=queued.append))
    foi = FoiRequestFactory(bureau=xiuwu, state=State.IN_PROGRESS, received_on=dt.date(2026, 3, 4))
    day = dt.date(2026, 3, 10)
    workflow.draft_reply(foi, acting_user=editor, reply_type=ReplyType.GRANTED, body="请见附件。", today=day)
    workflow.approve_reply(foi.reply, acting_user=reviewer, today=day)

    reply = Reply.objects.get(request=foi)
    assert reply.document_number == "修武县应急依复〔2026〕1号"  # numbered in the approving transaction
    assert queued == [reply.pk] and not foi.attachments.exists()  # rendered by the worker, not the approver
    assert reply_files.ensure_reply_documents(reply.pk) == 2
    assert reply_files.ensure_reply_documents(reply.pk) == 0  # a second run makes no second copy
    assert foi.attachments.filter(role=AttachmentRole.REPLY).count() == 2


def test_a_refused_queue_renders_the_reply_files_at_once(xiuwu, editor, reviewer, monkeypatch):
    def refuse(*args):
        raise RuntimeError("queue down")

    monkeypatch.setattr(reply_files, "render_reply_documents", SimpleNamespace(enqueue=refuse))
    foi = FoiRequestFactory(bureau=xiuwu, state=State.IN_PROGRESS, received_on=dt.date(2026, 3, 4))
    day = dt.date(2026, 3, 10)
    workflow.draft_reply(foi, acting_user=editor, reply_type=ReplyType.GRANTED, body="请见附件。", today=day)
    workflow.approve_reply(foi.reply, acting_user=reviewer, today=day)

    assert foi.attachments.filter(role=AttachmentRole.REPLY).count() == 2


def test_supplement_notice_lists_everything_and_the_period(xiuwu, editor):
    foi = FoiRequestFactory(bureau=xiuwu, state=State.SUPPLEMENT_REQUESTED)
    SupplementRequest.objects.create(
        request=foi,
        items="1. 请写明文件的年份；2. 请写明发文机关。",
        sent_on=dt.date(2026, 2, 11),
        period_working_days=10,
        supply_due_on=dt.date(2026, 3, 4),
        sent_by=editor,
    )

    notice = documents.generate_notice(foi, "supplement")

    assert (
        notice.role == AttachmentRole.NOTICE
        and notice.visible_to_applicant
        and notice.content_type == "application/pdf"
    )
    text = pdf_text(notice)
    assert "补正告知书" in text and foi.tracking_number in text
    assert "请写明文件的年份" in text and "请写明发文机关" in text
    assert "2026年3月4日" in text and "10个工作日" in text and "第三十条" in text


def test_extension_notice_gives_days_reason_and_new_due_date(xiuwu, editor, reviewer):
    foi = FoiRequestFactory(bureau=xiuwu, state=State.EXTENDED, due_on=dt.date(2026, 4, 9))
    Extension.objects.create(
        request=foi,
        working_days=20,
        reason="需调阅历年档案",
        status=ExtensionStatus.APPROVED,
        requested_by=editor,
        requested_on=dt.date(2026, 3, 5),
        decided_by=reviewer,
        decided_on=dt.date(2026, 3, 6),
    )

    text = pdf_text(documents.generate_notice(foi, "extension"))

    assert "延期答复告知书" in text and foi.tracking_number in text
    assert "需调阅历年档案" in text and "20个工作日" in text and "2026年4月9日" in text and "第三十三条" in text


@pytest.mark.parametrize(
    ("method", "quantity", "amount", "article"),
    [(FeeMethod.PER_PAGE, 101, 720, "第五条"), (FeeMethod.PER_ITEM, 11, 100, "第四条")],
)
def test_fee_notice_gives_basis_standard_amount_payment_and_date(xiuwu, editor, method, quantity, amount, article):
    foi = FoiRequestFactory(bureau=xiuwu, state=State.FEE_NOTIFIED)
    FeeNotice.objects.create(
        request=foi,
        method=method,
        quantity=quantity,
        amount_yuan=amount,
        sent_on=dt.date(2026, 3, 5),
        pay_due_on=dt.date(2026, 4, 3),
        sent_by=editor,
    )

    text = pdf_text(documents.generate_notice(foi, "fee"))

    assert "收费通知书" in text and foi.tracking_number in text
    assert "国办函〔2020〕109号" in text and article in text
    assert f"{amount}元" in text and "2026年4月3日" in text and "缴费方式" in text and "收费标准" in text


def test_notice_without_its_facts_is_refused(xiuwu):
    foi = FoiRequestFactory(bureau=xiuwu)
    for kind in ("supplement", "extension", "fee", "unknown"):
        with pytest.raises(documents.DocumentError):
            documents.generate_notice(foi, kind)
    assert not foi.attachments.exists()


def test_user_text_is_printed_literally(xiuwu, editor, reviewer):
    reply = approved_reply(
        xiuwu,
        editor,
        reviewer,
        reply_type=ReplyType.GRANTED,
        outcome=Outcome.R1_GRANTED,
        body="<b>加粗</b> & <script>alert(1)</script>",
    )

    files = by_type(documents.generate_reply_documents(reply))

    assert "<b>加粗</b>&<script>alert(1)</script>" in pdf_text(files["application/pdf"])
    assert "<b>加粗</b> & <script>alert(1)</script>" in docx_text(files[DOCX])
