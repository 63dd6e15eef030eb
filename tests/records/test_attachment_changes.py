"""The attachments of a published record change through four-eyes review: staged (screened for personal
data), approved by a second person of the bureau, then live on the portal with the old file gone."""

import datetime as dt
import hashlib

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gongkai.accounts.roles import Role
from gongkai.core.models import AuditLogEntry
from gongkai.records import review, services
from gongkai.records.models import AttachmentChange, RecordReview
from gongkai.records.screening import PiiFound
from tests.factories import user_with_role

from .factories import published_item

pytestmark = pytest.mark.django_db

OLD, NEW = "旧方案内容".encode(), "新方案内容（修订）".encode()


@pytest.fixture
def live(editor, reviewer, xiuwu):
    item = published_item(xiuwu)
    draft = services.record_create_draft(
        acting_user=editor,
        bureau=xiuwu,
        catalog_item=item,
        title="关于开展应急演练的通知",
        event_date=dt.date(2026, 6, 1),
    )
    services.attachment_add(acting_user=editor, record=draft, name="方案.txt", data=OLD)
    services.record_submit(acting_user=editor, record=draft)
    services.record_approve(acting_user=reviewer, record=draft, confidentiality_result="passed")
    services.record_publish(acting_user=editor, record=draft)
    draft.refresh_from_db()
    return draft


def _download(client, attachment):
    return client.get(reverse("records:attachment", kwargs={"uuid": attachment.record.uuid, "pk": attachment.pk}))


def _names(record) -> list[str]:
    return list(record.attachments.filter(removed_at__isnull=True).values_list("original_name", flat=True))


def test_replacing_a_live_attachment_waits_for_approval_then_serves_only_the_new_file(client, editor, reviewer, live):
    old = live.attachments.get()
    change = services.attachment_replace(acting_user=editor, attachment=old, name="方案（修订）.txt", data=NEW)
    live.refresh_from_db()
    assert change.state == "pending" and live.pending_revision_id
    assert _names(live) == ["方案.txt"]  # the portal still shows the published file
    assert _download(client, old).status_code == 200
    submitted = AuditLogEntry.objects.get(action="records.attachment.change_submitted")
    assert submitted.data["before"] == [{"id": old.pk, "name": "方案.txt", "sha256": hashlib.sha256(OLD).hexdigest()}]
    assert submitted.data["after"] == [
        {"id": None, "name": "方案（修订）.txt", "sha256": hashlib.sha256(NEW).hexdigest()}
    ]

    review.record_change_approve(acting_user=reviewer, record=live, confidentiality_result="passed")
    live.refresh_from_db()
    new = live.attachments.get(removed_at__isnull=True)
    assert (new.original_name, new.position, new.sha256) == (
        "方案（修订）.txt",
        old.position,
        hashlib.sha256(NEW).hexdigest(),
    )
    assert live.pending_revision_id is None
    assert _download(client, old).status_code == 404  # the old file is no longer served
    response = _download(client, new)
    assert response.status_code == 200 and b"".join(response.streaming_content) == NEW
    old.refresh_from_db()
    assert old.removed_at is not None and old.file.storage.exists(old.file.name)  # kept, never deleted
    change.refresh_from_db()
    assert (change.state, change.result) == ("approved", new)
    approved = AuditLogEntry.objects.get(action="records.record.change_approved")
    assert approved.data["attachments"] == {
        "before": [{"id": old.pk, "name": "方案.txt", "sha256": hashlib.sha256(OLD).hexdigest()}],
        "after": [{"id": new.pk, "name": "方案（修订）.txt", "sha256": hashlib.sha256(NEW).hexdigest()}],
    }
    assert RecordReview.objects.filter(record=live, kind="change", decision="approved").count() == 1
    assert "修订" in "".join(live.attachments.get(pk=new.pk).extracted_text)


def test_adding_and_removing_live_attachments_go_live_together_on_approval(editor, reviewer, live):
    old = live.attachments.get()
    services.attachment_add(acting_user=editor, record=live, name="附表.txt", data="附表".encode())
    services.attachment_remove(acting_user=editor, attachment=old)
    assert _names(live) == ["方案.txt"]
    review.record_change_approve(acting_user=reviewer, record=live, confidentiality_result="passed")
    assert _names(live) == ["附表.txt"]


def test_the_person_who_asked_for_an_attachment_change_cannot_approve_it(editor, reviewer, leader, live, xiuwu):
    # The reviewer uploads a file (no field change by anyone else): the reviewer cannot approve it.
    services.attachment_add(acting_user=reviewer, record=live, name="补充.txt", data="补充材料".encode())
    services.record_update(acting_user=editor, record=live, summary="补充说明")  # the last revision is the editor's
    with pytest.raises(PermissionDenied):
        review.record_change_approve(acting_user=reviewer, record=live, confidentiality_result="passed")
    with pytest.raises(PermissionDenied):
        review.record_change_approve(acting_user=editor, record=live, confidentiality_result="passed")
    other_bureau = user_with_role(Role.REVIEWER, live.bureau.parent)
    with pytest.raises(PermissionDenied):
        review.record_change_approve(acting_user=other_bureau, record=live, confidentiality_result="passed")
    assert _names(live) == ["方案.txt"]
    review.record_change_approve(acting_user=leader, record=live, confidentiality_result="passed")
    live.refresh_from_db()
    assert sorted(_names(live)) == ["方案.txt", "补充.txt"] and live.summary == "补充说明"


def test_a_new_attachment_with_personal_data_is_refused_at_once(editor, live):
    with pytest.raises(PiiFound) as caught:
        services.attachment_add(acting_user=editor, record=live, name="名单.txt", data="联系人手机13812345678".encode())
    assert caught.value.code == "pii_found" and caught.value.hits
    live.refresh_from_db()
    assert not AttachmentChange.objects.exists() and live.pending_revision_id is None


def test_a_rejected_attachment_change_leaves_the_published_files(editor, reviewer, live):
    services.attachment_remove(acting_user=editor, attachment=live.attachments.get())
    review.record_change_reject(acting_user=reviewer, record=live, notes="附件仍有效")
    assert _names(live) == ["方案.txt"]
    assert AttachmentChange.objects.get().state == "rejected"
    live.refresh_from_db()
    assert live.pending_revision_id is None


def test_withdrawing_the_record_drops_its_pending_attachment_changes(editor, reviewer, live):
    services.attachment_add(acting_user=editor, record=live, name="附表.txt", data="附表".encode())
    services.record_withdraw(acting_user=reviewer, record=live, reason="已废止")
    assert AttachmentChange.objects.get().state == "dropped"


def test_one_attachment_has_one_pending_change_at_a_time(editor, live):
    old = live.attachments.get()
    services.attachment_remove(acting_user=editor, attachment=old)
    with pytest.raises(ValidationError) as caught:
        services.attachment_replace(acting_user=editor, attachment=old, name="方案2.txt", data=NEW)
    assert caught.value.code == "attachment_change_pending"


def test_admin_replace_then_second_person_approves_over_http(client, editor, reviewer, live):
    old = live.attachments.get()
    client.force_login(editor)
    upload = SimpleUploadedFile("方案（修订）.txt", NEW)
    response = client.post(
        reverse("records_admin:attachment_replace", args=[live.pk, old.pk]), {"file": upload}, follow=True
    )
    page = response.content.decode()
    assert response.status_code == 200 and "pending-attachments" in page and "方案（修订）.txt" in page
    assert "approve-change-form" not in page  # not for the person who asked
    assert _names(live) == ["方案.txt"]

    client.force_login(reviewer)
    page = client.get(reverse("records_admin:detail", args=[live.pk])).content.decode()
    assert "approve-change-form" in page and "pending-attachments" in page
    client.post(
        reverse("records_admin:approve_change", args=[live.pk]),
        {"confidentiality_result": "passed", "confidentiality_notes": ""},
    )
    assert _names(live) == ["方案（修订）.txt"]
    public = client.get(live.get_absolute_url()).content.decode()
    assert "方案（修订）.txt" in public and f"/attachments/{old.pk}/" not in public


def test_admin_upload_with_personal_data_shows_the_error_and_stages_nothing(client, editor, live):
    client.force_login(editor)
    upload = SimpleUploadedFile("名单.txt", "联系人手机13812345678".encode())
    response = client.post(reverse("records_admin:attachment_add", args=[live.pk]), {"file": upload}, follow=True)
    assert response.status_code == 200 and not AttachmentChange.objects.exists()
