"""Public inquiries: intake (neutralised text, duplicates, rate limit, tracking number, working-day due
date), the answer with four eyes and the personal-data screen, publication only with consent."""

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from gongkai.core.models import AuditLogEntry
from gongkai.inquiries import services
from gongkai.inquiries.models import Inquiry, InquiryStatus
from gongkai.workdays.services import calendar_for

from .helpers import answered, ask

pytestmark = pytest.mark.django_db


def test_an_inquiry_is_stored_with_a_tracking_number_and_a_due_date_in_working_days(xiuwu):
    inquiry = ask(xiuwu)
    assert inquiry.tracking_number.startswith("Z") and len(inquiry.tracking_number) == 17
    expected = calendar_for().add_working_days(timezone.localdate(inquiry.submitted_at), 10).date
    assert inquiry.due_on == expected
    assert inquiry.status == InquiryStatus.RECEIVED and not inquiry.duplicate
    assert AuditLogEntry.objects.filter(action="inquiries.inquiry.submitted").count() == 1


def test_the_acknowledgement_with_the_tracking_number_is_mailed_after_the_commit(
    xiuwu, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        inquiry = ask(xiuwu)
    assert len(mail.outbox) == 1 and inquiry.tracking_number in mail.outbox[0].body


def test_links_and_scripts_are_neutralised(xiuwu):
    inquiry = ask(xiuwu, body="看这里 <script>alert(1)</script><b>加粗</b> https://spam.example/x 和 www.spam.example")
    assert "<" not in inquiry.body and "alert" not in inquiry.body
    assert "https[:]//spam.example/x" in inquiry.body and "www[.]spam.example" in inquiry.body
    assert "加粗" in inquiry.body


def test_a_message_with_many_links_is_refused(xiuwu):
    with pytest.raises(ValidationError) as exc:
        ask(xiuwu, body=" ".join(f"http://a{n}.example" for n in range(5)))
    assert exc.value.error_dict["body"][0].code == "too_many_links"


def test_the_same_message_posted_twice_is_one_inquiry(xiuwu):
    first = ask(xiuwu)
    again = ask(xiuwu, body="请问企业应急预案备案需要准备哪些材料？ ")
    assert again.pk == first.pk and again.duplicate
    assert Inquiry.objects.count() == 1


def test_missing_fields_and_a_bad_contact_give_coded_errors(xiuwu):
    with pytest.raises(ValidationError) as exc:
        ask(xiuwu, name="", contact="not a contact", subject="")
    codes = {field: errors[0].code for field, errors in exc.value.error_dict.items()}
    assert codes == {"name": "required", "contact": "invalid_contact", "subject": "required"}


def test_floods_from_one_address_are_refused_but_the_kiosk_is_not_limited(xiuwu, settings, rf):
    settings.GONGKAI = {**settings.GONGKAI, "INQUIRY_SUBMISSIONS_PER_HOUR": 2}
    request = rf.post("/", REMOTE_ADDR="203.0.113.9")
    for n in range(2):
        ask(xiuwu, body=f"问题{n}", request=request)
    with pytest.raises(services.RateLimited):
        ask(xiuwu, body="问题3", request=request)
    assert ask(xiuwu, body="问题4", request=request, channel="kiosk").channel == "kiosk"
    assert Inquiry.objects.count() == 3


def test_a_bureau_sets_its_own_answer_time(xiuwu, reviewer):
    services.policy_set(bureau=xiuwu, answer_working_days=3, acting_user=reviewer)
    inquiry = ask(xiuwu)
    assert inquiry.due_on == calendar_for().add_working_days(timezone.localdate(inquiry.submitted_at), 3).date


def test_an_editor_may_not_set_the_answer_time(xiuwu, editor):
    with pytest.raises(PermissionDenied):
        services.policy_set(bureau=xiuwu, answer_working_days=3, acting_user=editor)


def test_the_author_of_an_answer_may_not_approve_it(xiuwu, reviewer):
    inquiry = ask(xiuwu)
    services.answer_save(inquiry=inquiry, answer_text="答复。", acting_user=reviewer)
    services.answer_submit(inquiry=inquiry, acting_user=reviewer)
    with pytest.raises(PermissionDenied):
        services.answer_approve(inquiry=inquiry, acting_user=reviewer, confidentiality_result="passed")


def test_another_bureau_may_not_answer(xiuwu, wenxian_editor):
    with pytest.raises(PermissionDenied):
        services.answer_save(inquiry=ask(xiuwu), answer_text="答复。", acting_user=wenxian_editor)


def test_an_approved_answer_is_published_only_with_consent(xiuwu, editor, reviewer):
    published = answered(xiuwu, editor, reviewer)
    private = answered(xiuwu, editor, reviewer, consent_publish=False, body="另一个问题")
    assert published.published_at is not None and published.status == InquiryStatus.ANSWERED
    assert private.published_at is None and private.status == InquiryStatus.ANSWERED


def test_publication_without_consent_is_refused(xiuwu, editor):
    inquiry = ask(xiuwu, consent_publish=False)
    with pytest.raises(ValidationError):
        services.answer_save(inquiry=inquiry, answer_text="答复。", publish=True, acting_user=editor)


def test_personal_data_in_what_would_be_published_blocks_the_answer_until_edited_out(xiuwu, editor, reviewer):
    inquiry = ask(xiuwu, body="我的电话是13812345678，请回电。")
    services.answer_save(inquiry=inquiry, answer_text="已电话联系。", acting_user=editor)
    with pytest.raises(ValidationError) as exc:
        services.answer_submit(inquiry=inquiry, acting_user=editor)
    assert exc.value.code == "pii_found"
    services.answer_save(inquiry=inquiry, answer_text="已电话联系。", public_body="请回电。", acting_user=editor)
    services.answer_submit(inquiry=inquiry, acting_user=editor)
    inquiry = services.answer_approve(inquiry=inquiry, acting_user=reviewer, confidentiality_result="passed")
    assert inquiry.published_at is not None and "138" not in inquiry.public_body
    assert "13812345678" in inquiry.body  # the original is kept, never published


def test_a_returned_answer_goes_back_to_its_author(xiuwu, editor, reviewer):
    inquiry = ask(xiuwu)
    services.answer_save(inquiry=inquiry, answer_text="答复。", acting_user=editor)
    services.answer_submit(inquiry=inquiry, acting_user=editor)
    inquiry = services.answer_return(inquiry=inquiry, acting_user=reviewer, reason="请补充依据")
    assert inquiry.status == InquiryStatus.RECEIVED


def test_the_asker_is_mailed_the_answer(xiuwu, editor, reviewer, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        inquiry = answered(xiuwu, editor, reviewer)
    assert any(inquiry.tracking_number in m.subject and "备案申报表" in m.body for m in mail.outbox)


def test_the_kiosk_submits_through_the_same_service(xiuwu):
    inquiry = ask(xiuwu, channel="kiosk", contact="13800001111")
    assert inquiry.channel == "kiosk" and inquiry.pk


def test_a_review_office_takes_no_inquiries(xiuwu):
    with pytest.raises(ValidationError):
        ask(xiuwu.review_office)


def test_due_date_counts_over_a_holiday(xiuwu):
    # 2026-09-30 (Wed) + 10 working days skips the National Day holiday (10-01..10-07).
    at = timezone.make_aware(dt.datetime(2026, 9, 30, 10, 0))
    inquiry = ask(xiuwu, now=at)
    assert inquiry.due_on > dt.date(2026, 10, 14)
