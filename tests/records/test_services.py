import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from gongkai.core.models import AuditLogEntry
from gongkai.records import services
from gongkai.records.constants import Genre, InterpretationForm, RecordStatus, Validity
from gongkai.records.models import Record

from .factories import published_item

pytestmark = pytest.mark.django_db


@pytest.fixture
def item(xiuwu):
    return published_item(xiuwu)


def draft(editor, item, **fields):
    fields.setdefault("title", "关于做好汛期安全生产工作的通知")
    fields.setdefault("body", "<p>各乡镇：请做好汛期安全生产工作。</p>")
    fields.setdefault("event_date", dt.date(2026, 6, 1))
    return services.record_create_draft(acting_user=editor, bureau=item.catalog.bureau, catalog_item=item, **fields)


def approve_and_publish(editor, reviewer, record):
    services.record_submit(acting_user=editor, record=record)
    services.record_approve(acting_user=reviewer, record=record, confidentiality_result="passed")
    return services.record_publish(acting_user=editor, record=record)


def test_create_draft_validates_audits_and_keeps_a_revision(editor, item):
    record = draft(editor, item, document_number="修应急〔2026〕5号")
    assert record.status == RecordStatus.DRAFT
    assert record.issuing_body == item.catalog.bureau.name
    assert record.revisions.count() == 1
    assert AuditLogEntry.objects.filter(action="records.record.created", object_id=str(record.pk)).exists()


def test_create_draft_refuses_bad_document_number_and_saves_nothing(editor, item):
    with pytest.raises(ValidationError) as exc:
        draft(editor, item, document_number="修应急[2026]5号")
    assert exc.value.error_dict["document_number"][0].code == "document_number_brackets"
    assert not Record.objects.exists()


def test_create_draft_refuses_index_number_set_by_hand(editor, item):
    with pytest.raises(ValidationError) as exc:
        draft(editor, item, index_number="X/2026-00001")
    assert exc.value.error_dict["index_number"][0].code == "index_number_read_only"


def test_editor_of_another_bureau_cannot_create(wenxian_editor, item):
    with pytest.raises(PermissionDenied):
        draft(wenxian_editor, item)


def test_full_workflow_publishes_with_index_number_and_due_date(editor, reviewer, item):
    record = draft(editor, item)
    approve_and_publish(editor, reviewer, record)
    record.refresh_from_db()
    year = timezone.localdate().year
    assert record.status == RecordStatus.PUBLISHED
    assert record.index_number == f"{item.catalog.bureau.credit_code}/{year}-00001"
    assert record.published_at is not None
    # 20 working days after 2026-06-01 (Dragon Boat Festival 2026-06-19 is a holiday).
    assert record.due_date == dt.date(2026, 6, 30)


def test_index_numbers_are_consecutive_per_bureau(editor, reviewer, item):
    numbers = []
    for n in range(3):
        record = draft(editor, item, title=f"通知{n}")
        approve_and_publish(editor, reviewer, record)
        record.refresh_from_db()
        numbers.append(record.index_sequence)
    assert numbers == [1, 2, 3]


def test_editor_cannot_approve(editor, item):
    record = draft(editor, item)
    services.record_submit(acting_user=editor, record=record)
    with pytest.raises(PermissionDenied):
        services.record_approve(acting_user=editor, record=record, confidentiality_result="passed")


def test_only_approved_records_can_be_published(editor, item):
    record = draft(editor, item)
    with pytest.raises(ValidationError) as exc:
        services.record_publish(acting_user=editor, record=record)
    assert exc.value.code == "invalid_state"


def test_editing_an_approved_record_sends_it_back_to_draft(editor, reviewer, item):
    record = draft(editor, item)
    services.record_submit(acting_user=editor, record=record)
    services.record_approve(acting_user=reviewer, record=record, confidentiality_result="passed")
    record = services.record_update(acting_user=editor, record=record, title="新标题")
    assert record.status == RecordStatus.DRAFT
    assert record.revisions.count() == 2


def _policy_pair(editor, item):
    policy = draft(
        editor,
        item,
        title="修武县安全生产举报奖励办法",
        is_policy=True,
        requires_interpretation=True,
        genre=Genre.REGULATION,
    )
    interpretation = draft(
        editor,
        item,
        title="《修武县安全生产举报奖励办法》政策解读",
        genre=Genre.INTERPRETATION,
        interprets=policy,
        interpretation_form=InterpretationForm.TEXT_QA,
    )
    return policy, interpretation


def test_policy_requiring_interpretation_cannot_be_approved_alone(editor, reviewer, item):
    policy = draft(editor, item, is_policy=True, requires_interpretation=True)
    services.record_submit(acting_user=editor, record=policy)
    with pytest.raises(ValidationError) as exc:
        services.record_approve(acting_user=reviewer, record=policy, confidentiality_result="passed")
    assert exc.value.code == "interpretation_required"
    policy.refresh_from_db()
    assert policy.status == RecordStatus.IN_REVIEW


def test_policy_and_interpretation_approved_and_published_together(editor, reviewer, item):
    policy, interpretation = _policy_pair(editor, item)
    services.record_submit(acting_user=editor, record=policy)
    services.record_submit(acting_user=editor, record=interpretation)
    approved = services.record_approve(acting_user=reviewer, record=policy, confidentiality_result="passed")
    assert {r.pk for r in approved} == {policy.pk, interpretation.pk}
    published = services.record_publish(acting_user=editor, record=interpretation)
    assert {r.pk for r in published} == {policy.pk, interpretation.pk}
    policy.refresh_from_db()
    interpretation.refresh_from_db()
    assert policy.status == interpretation.status == RecordStatus.PUBLISHED
    assert policy.published_at == interpretation.published_at
    assert list(policy.interpretations.all()) == [interpretation]
    assert {policy.index_sequence, interpretation.index_sequence} == {1, 2}


def test_interpretation_cannot_be_published_before_its_policy_is_approved(editor, reviewer, item):
    policy, interpretation = _policy_pair(editor, item)
    services.record_submit(acting_user=editor, record=interpretation)
    services.record_approve(acting_user=reviewer, record=interpretation, confidentiality_result="passed")
    with pytest.raises(ValidationError) as exc:
        services.record_publish(acting_user=editor, record=interpretation)
    assert exc.value.code == "policy_not_approved"


def test_scheduled_publication_runs_when_due(editor, reviewer, item):
    record = draft(editor, item)
    services.record_submit(acting_user=editor, record=record)
    services.record_approve(acting_user=reviewer, record=record, confidentiality_result="passed")
    at = timezone.now() + dt.timedelta(hours=2)
    services.record_publish(acting_user=editor, record=record, at=at)
    record.refresh_from_db()
    assert record.status == RecordStatus.SCHEDULED
    assert record.index_number == ""
    assert services.publish_scheduled(now=timezone.now()) == []
    published = services.publish_scheduled(now=at + dt.timedelta(minutes=1))
    assert [r.pk for r in published] == [record.pk]
    record.refresh_from_db()
    assert record.status == RecordStatus.PUBLISHED
    assert record.index_sequence == 1


def test_publish_scheduled_command(editor, reviewer, item):
    from io import StringIO

    from django.core.management import call_command

    record = draft(editor, item)
    services.record_submit(acting_user=editor, record=record)
    services.record_approve(acting_user=reviewer, record=record, confidentiality_result="passed")
    Record.objects.filter(pk=record.pk).update(
        status=RecordStatus.SCHEDULED, scheduled_at=timezone.now() - dt.timedelta(minutes=1)
    )
    out = StringIO()
    call_command("publish_scheduled", stdout=out)
    assert "1 record(s) published" in out.getvalue()


def test_withdraw_needs_reason_and_keeps_record(editor, reviewer, item):
    record = draft(editor, item)
    approve_and_publish(editor, reviewer, record)
    with pytest.raises(ValidationError) as exc:
        services.record_withdraw(acting_user=reviewer, record=record, reason="  ")
    assert exc.value.error_dict["withdrawal_reason"][0].code == "reason_required"
    with pytest.raises(PermissionDenied):
        services.record_withdraw(acting_user=editor, record=record, reason="依法撤销")
    services.record_withdraw(acting_user=reviewer, record=record, reason="处罚决定已被依法撤销")
    record.refresh_from_db()
    assert record.status == RecordStatus.WITHDRAWN
    assert record.index_number  # kept
    with pytest.raises(ValidationError):
        services.record_update(acting_user=editor, record=record, title="x")


def test_correcting_a_published_record_keeps_it_published_with_a_pending_revision(editor, reviewer, item):
    record = draft(editor, item)
    approve_and_publish(editor, reviewer, record)
    record = services.record_update(acting_user=editor, record=record, validity=Validity.AMENDED, title="更正后的标题")
    record.refresh_from_db()
    assert record.status == RecordStatus.PUBLISHED
    assert record.revisions.count() == 2
    assert record.title != "更正后的标题" and record.pending_revision_id == record.latest_revision_id


def test_index_number_cannot_be_changed_through_update(editor, reviewer, item):
    record = draft(editor, item)
    approve_and_publish(editor, reviewer, record)
    with pytest.raises(ValidationError) as exc:
        services.record_update(acting_user=editor, record=record, index_number="X/2026-99999")
    assert exc.value.error_dict["index_number"][0].code == "index_number_read_only"
