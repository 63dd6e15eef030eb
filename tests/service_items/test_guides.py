"""Service guides: versions, submission checks, four-eyes approval and the personal-data screen."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from gongkai.accounts.roles import Role
from gongkai.core.models import AuditLogEntry
from gongkai.service_items import services
from gongkai.service_items.models import GuideStatus, ServiceGuide
from tests.factories import BureauFactory, user_with_role

from .factories import draft_item, published_item

pytestmark = pytest.mark.django_db


def test_a_new_item_is_not_public_until_a_second_person_approves_its_guide(bureau, editor, reviewer):
    item = draft_item(bureau=bureau, editor=editor)
    guide = services.working_guide(item)
    services.guide_submit(guide=guide, acting_user=editor)
    assert item.live_guide is None
    services.guide_approve(guide=guide, acting_user=reviewer, confidentiality_result="passed")
    item.refresh_from_db()
    assert item.live_guide_id == guide.pk and item.published_at is not None
    assert AuditLogEntry.objects.filter(action="service_items.guide.published").count() == 1


def test_the_author_may_not_approve_their_own_guide_even_as_reviewer(bureau, reviewer):
    item = draft_item(bureau=bureau, editor=reviewer)
    guide = services.working_guide(item)
    services.guide_submit(guide=guide, acting_user=reviewer)
    with pytest.raises(PermissionDenied):
        services.guide_approve(guide=guide, acting_user=reviewer, confidentiality_result="passed")


def test_a_reviewer_of_another_bureau_may_not_approve(bureau, editor):
    other = user_with_role(Role.REVIEWER, BureauFactory(code="boai"))
    item = draft_item(bureau=bureau, editor=editor)
    guide = services.working_guide(item)
    services.guide_submit(guide=guide, acting_user=editor)
    with pytest.raises(PermissionDenied):
        services.guide_approve(guide=guide, acting_user=other, confidentiality_result="passed")


def test_an_editor_of_another_bureau_may_not_change_the_guide(bureau, editor):
    item = draft_item(bureau=bureau, editor=editor)
    stranger = user_with_role(Role.EDITOR, BureauFactory(code="boai"))
    with pytest.raises(PermissionDenied):
        services.guide_save(item=item, fields={"phone": "0391-1"}, acting_user=stranger)


def test_approval_records_the_confidentiality_check(bureau, editor, reviewer):
    item = draft_item(bureau=bureau, editor=editor)
    guide = services.working_guide(item)
    services.guide_submit(guide=guide, acting_user=editor)
    with pytest.raises(ValidationError):
        services.guide_approve(guide=guide, acting_user=reviewer, confidentiality_result="")
    services.guide_approve(guide=guide, acting_user=reviewer, confidentiality_result="passed_with_notes", notes="已核")
    guide.refresh_from_db()
    assert (guide.confidentiality_result, guide.confidentiality_notes, guide.approved_by) == (
        "passed_with_notes",
        "已核",
        reviewer,
    )


def test_an_incomplete_guide_cannot_be_submitted_and_the_missing_elements_are_named(bureau, editor):
    item = draft_item(bureau=bureau, editor=editor, office_address="", phone="")
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        services.guide_submit(guide=services.working_guide(item), acting_user=editor)
    assert "Office address" in str(caught.value) and "Phone" in str(caught.value)


def test_a_promised_limit_longer_than_the_statutory_one_is_refused(bureau, editor):
    item = draft_item(bureau=bureau, editor=editor, statutory_limit_days=5, promised_limit_days=8)
    with translation.override("en"), pytest.raises(ValidationError, match="promised time limit"):
        services.guide_submit(guide=services.working_guide(item), acting_user=editor)


def test_personal_data_in_a_field_blocks_submission(bureau, editor):
    item = draft_item(bureau=bureau, editor=editor, phone="13812345678")
    with pytest.raises(ValidationError) as caught:
        services.guide_submit(guide=services.working_guide(item), acting_user=editor)
    assert caught.value.code == "pii_found"
    assert "13812345678" not in str(caught.value)


def test_personal_data_in_a_material_condition_blocks_submission(bureau, editor):
    materials = [
        {
            "name": "申请书",
            "form": "original",
            "count": 1,
            "required": False,
            "condition": "联系人张三 身份证号 110101199003077777",
        }
    ]
    item = draft_item(bureau=bureau, editor=editor, materials=materials)
    with pytest.raises(ValidationError) as caught:
        services.guide_submit(guide=services.working_guide(item), acting_user=editor)
    assert caught.value.code == "pii_found"


def test_personal_data_in_a_form_template_blocks_submission(bureau, editor):
    from django.core.files.base import ContentFile
    from wagtail.documents.models import Document

    template = Document.objects.create(
        title="申请表", file=ContentFile("填表示例：手机 13912345678".encode(), name="form.txt")
    )
    materials = [{"name": "申请表", "form": "original", "count": 1, "required": True, "template": template}]
    item = draft_item(bureau=bureau, editor=editor, materials=materials)
    with pytest.raises(ValidationError) as caught:
        services.guide_submit(guide=services.working_guide(item), acting_user=editor)
    assert [h.place for h in caught.value.hits] == ["template"]


def test_editing_a_published_guide_starts_a_new_version_and_the_public_keeps_the_old(bureau, editor, reviewer):
    item = published_item(bureau=bureau, editor=editor, reviewer=reviewer)
    first = item.live_guide
    services.guide_save(item=item, fields={"office_hours": "工作日 8:30—17:30"}, acting_user=editor)
    item.refresh_from_db()
    draft = services.working_guide(item)
    assert draft.number == 2 and draft.materials.count() == 3
    assert item.live_guide_id == first.pk and item.live_guide.office_hours == "工作日 9:00—17:00"
    services.guide_submit(guide=draft, acting_user=editor)
    services.guide_approve(guide=draft, acting_user=reviewer, confidentiality_result="passed")
    item.refresh_from_db()
    assert item.live_guide.office_hours == "工作日 8:30—17:30"
    assert ServiceGuide.objects.get(pk=first.pk).status == GuideStatus.SUPERSEDED


def test_changing_a_submitted_guide_takes_it_back_to_draft(bureau, editor, reviewer):
    item = draft_item(bureau=bureau, editor=editor)
    guide = services.guide_submit(guide=services.working_guide(item), acting_user=editor)
    services.guide_save(item=item, fields={"phone": "0391-7222119"}, acting_user=editor)
    guide.refresh_from_db()
    assert guide.status == GuideStatus.DRAFT
    with pytest.raises(ValidationError):
        services.guide_approve(guide=guide, acting_user=reviewer, confidentiality_result="passed")


def test_a_reviewer_who_edited_the_version_may_not_approve_it(bureau, editor, reviewer):
    item = draft_item(bureau=bureau, editor=editor)
    services.guide_save(item=item, fields={"phone": "0391-7222119"}, acting_user=reviewer)
    guide = services.guide_submit(guide=services.working_guide(item), acting_user=editor)
    with pytest.raises(PermissionDenied):
        services.guide_approve(guide=guide, acting_user=reviewer, confidentiality_result="passed")


def test_a_returned_guide_goes_back_to_draft_with_the_reason_audited(bureau, editor, reviewer):
    item = draft_item(bureau=bureau, editor=editor)
    guide = services.guide_submit(guide=services.working_guide(item), acting_user=editor)
    services.guide_return(guide=guide, acting_user=reviewer, reason="材料清单不全")
    guide.refresh_from_db()
    assert guide.status == GuideStatus.DRAFT
    assert AuditLogEntry.objects.get(action="service_items.guide.returned").data["reason"] == "材料清单不全"


def test_item_codes_are_unique_per_bureau(bureau, editor):
    draft_item(bureau=bureau, editor=editor)
    with pytest.raises(ValidationError):
        draft_item(bureau=bureau, editor=editor)
