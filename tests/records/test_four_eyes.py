"""Four eyes on records (三审, 公开前审查): nobody approves their own work; a change to a live record waits."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from rest_framework.test import APIClient

from gongkai.accounts.permissions import FourEyesDenied
from gongkai.accounts.roles import Role
from gongkai.core.models import AuditLogEntry
from gongkai.records import indexing, review, services
from gongkai.records.constants import RecordStatus
from gongkai.records.models import Record, RecordReview
from tests.factories import user_with_role

from .factories import published_item, published_record

pytestmark = pytest.mark.django_db

NEW_TITLE = "关于开展安全生产月活动的补充通知（更正）"


@pytest.fixture
def item(xiuwu):
    return published_item(xiuwu)


@pytest.fixture
def live(editor, reviewer, item):
    return published_record(
        editor, reviewer, item, title="关于开展安全生产月活动的通知", event_date=dt.date(2026, 6, 1)
    )


def draft_in_review(author, item, **fields):
    record = services.record_create_draft(
        acting_user=author,
        bureau=item.catalog.bureau,
        catalog_item=item,
        title="关于做好汛期安全生产工作的通知",
        **fields,
    )
    return services.record_submit(acting_user=author, record=record)


def denied_code(call) -> str:
    with pytest.raises(FourEyesDenied) as exc:
        call()
    return exc.value.code


# ---- first publication ------------------------------------------------------------------------


def test_reviewer_cannot_approve_a_record_they_created(reviewer, item):
    record = draft_in_review(reviewer, item)
    code = denied_code(
        lambda: services.record_approve(acting_user=reviewer, record=record, confidentiality_result="passed")
    )
    assert code == "own_approval"
    record.refresh_from_db()
    assert record.status == RecordStatus.IN_REVIEW


def test_leader_cannot_create_approve_and_publish_alone(leader, item):
    record = draft_in_review(leader, item)
    code = denied_code(
        lambda: services.record_approve(acting_user=leader, record=record, confidentiality_result="passed")
    )
    assert code == "own_approval"
    with pytest.raises(ValidationError):
        services.record_publish(acting_user=leader, record=record)


def test_leader_of_another_bureau_cannot_approve(editor, item, wenxian):
    other_leader = user_with_role(Role.LEADER, wenxian)
    record = draft_in_review(editor, item)
    with pytest.raises(PermissionDenied):
        services.record_approve(acting_user=other_leader, record=record, confidentiality_result="passed")
    # Even holding a role in the city above, the approver must be of the record's own bureau.
    assert review.may_approve(other_leader, record) is False


def test_approver_role_elsewhere_is_refused_by_the_shared_rule(editor, item, wenxian):
    from gongkai.accounts import permissions

    other_reviewer = user_with_role(Role.REVIEWER, wenxian)
    record = draft_in_review(editor, item)
    refusal = permissions.four_eyes_refusal(other_reviewer, record, authors=review.record_authors(record))
    assert refusal is not None and refusal.code == "approver_role"


def test_approver_who_last_edited_the_record_is_refused(editor, reviewer, item):
    record = services.record_create_draft(
        acting_user=editor, bureau=item.catalog.bureau, catalog_item=item, title="关于做好汛期安全生产工作的通知"
    )
    services.record_update(acting_user=reviewer, record=record, summary="审核人改写的摘要")
    services.record_submit(acting_user=editor, record=record)
    code = denied_code(
        lambda: services.record_approve(acting_user=reviewer, record=record, confidentiality_result="passed")
    )
    assert code == "own_approval"


def test_approval_requires_and_records_the_confidentiality_check(editor, reviewer, item):
    record = draft_in_review(editor, item)
    with pytest.raises(ValidationError) as exc:
        services.record_approve(acting_user=reviewer, record=record, confidentiality_result="")
    assert exc.value.error_dict["confidentiality_result"][0].code == "confidentiality_check_required"
    with pytest.raises(ValidationError) as exc:
        services.record_approve(acting_user=reviewer, record=record, confidentiality_result="passed_with_notes")
    assert exc.value.error_dict["confidentiality_notes"][0].code == "notes_required"
    services.record_approve(
        acting_user=reviewer, record=record, confidentiality_result="passed_with_notes", notes="附件已删去联系人电话"
    )
    check = RecordReview.objects.get(record=record)
    assert (check.reviewer, check.confidentiality_result, check.notes, check.kind) == (
        reviewer,
        "passed_with_notes",
        "附件已删去联系人电话",
        "first",
    )
    entry = AuditLogEntry.objects.get(action="records.record.approved", object_id=str(record.pk))
    assert entry.data["confidentiality_result"] == "passed_with_notes"


# ---- changes to a live record -------------------------------------------------------------------


def test_editor_change_to_a_live_record_stays_off_the_portal_until_another_person_approves(
    client, editor, reviewer, live
):
    services.record_update(acting_user=editor, record=live, title=NEW_TITLE, body="<p>更正后的正文。</p>")
    live.refresh_from_db()
    assert live.title == "关于开展安全生产月活动的通知" and live.pending_revision_id
    assert NEW_TITLE not in client.get(live.get_absolute_url()).content.decode()
    assert APIClient().get(f"/api/v1/records/{live.uuid}/").json()["title"] != NEW_TITLE
    assert NEW_TITLE not in client.get(reverse("records:bureau_feed_rss", kwargs={"code": "xiuwu"})).content.decode()
    assert live.pk not in indexing.search("更正", page=1, page_size=10).ids

    assert (
        denied_code(
            lambda: review.record_change_approve(acting_user=editor, record=live, confidentiality_result="passed")
        )
        == "own_approval"
    )
    review.record_change_approve(acting_user=reviewer, record=live, confidentiality_result="passed")
    live.refresh_from_db()
    assert live.title == NEW_TITLE and live.pending_revision_id is None and live.status == RecordStatus.PUBLISHED
    assert NEW_TITLE in client.get(live.get_absolute_url()).content.decode()
    assert APIClient().get(f"/api/v1/records/{live.uuid}/").json()["title"] == NEW_TITLE
    assert RecordReview.objects.filter(record=live, kind="change", decision="approved", reviewer=reviewer).exists()


def test_reviewer_cannot_approve_their_own_change_to_a_live_record(reviewer, leader, live):
    services.record_update(acting_user=reviewer, record=live, title=NEW_TITLE)
    code = denied_code(
        lambda: review.record_change_approve(acting_user=reviewer, record=live, confidentiality_result="passed")
    )
    assert code == "own_approval"
    review.record_change_approve(acting_user=leader, record=live, confidentiality_result="passed")
    live.refresh_from_db()
    assert live.title == NEW_TITLE


def test_successive_edits_build_on_the_pending_change(editor, reviewer, live):
    services.record_update(acting_user=editor, record=live, title=NEW_TITLE)
    services.record_update(acting_user=editor, record=live, summary="补充摘要")
    live.refresh_from_db()
    pending = review.pending_copy(live)
    assert (pending.title, pending.summary) == (NEW_TITLE, "补充摘要")
    assert live.title != NEW_TITLE


def test_rejected_change_leaves_the_published_content(editor, reviewer, live):
    services.record_update(acting_user=editor, record=live, title=NEW_TITLE)
    with pytest.raises(ValidationError):
        review.record_change_reject(acting_user=reviewer, record=live, notes="")
    review.record_change_reject(acting_user=reviewer, record=live, notes="标题与文件不符")
    live.refresh_from_db()
    assert live.title != NEW_TITLE and live.pending_revision_id is None
    assert RecordReview.objects.filter(record=live, decision="rejected", notes="标题与文件不符").exists()


def test_admin_shows_the_pending_change_and_the_reviewer_approves_it_with_the_check(client, editor, reviewer, live):
    client.force_login(editor)
    client.post(
        reverse("records_admin:edit", args=[live.pk]),
        {
            "bureau": live.bureau_id,
            "catalog_item": live.catalog_item_id,
            "title": NEW_TITLE,
            "issuing_body": live.issuing_body,
            "event_date": "2026-06-01",
            "subject": live.subject,
            "genre": live.genre,
            "validity": live.validity,
        },
    )
    live.refresh_from_db()
    assert live.pending_revision_id and live.title != NEW_TITLE
    page = client.get(reverse("records_admin:detail", args=[live.pk])).content.decode()
    assert "pending-change" in page and NEW_TITLE in page
    assert "approve-change-form" not in page  # the editor cannot approve their own change
    assert "record-pending" in client.get(reverse("records_admin:index")).content.decode()

    client.force_login(reviewer)
    page = client.get(reverse("records_admin:detail", args=[live.pk])).content.decode()
    assert "approve-change-form" in page
    client.post(reverse("records_admin:approve_change", args=[live.pk]))  # no confidentiality check: refused
    live.refresh_from_db()
    assert live.pending_revision_id
    client.post(
        reverse("records_admin:approve_change", args=[live.pk]),
        {"confidentiality_result": "passed_with_notes", "confidentiality_notes": "已核对无涉密内容"},
    )
    live.refresh_from_db()
    assert live.title == NEW_TITLE and live.pending_revision_id is None
    history = client.get(reverse("records_admin:detail", args=[live.pk])).content.decode()
    assert "已核对无涉密内容" in history
    assert RecordReview.objects.get(record=live, kind="change").reviewer_name in history


def test_attachments_of_a_live_record_cannot_change_without_review(editor, live):
    change = services.attachment_add(acting_user=editor, record=live, name="补充.txt", data="补充材料".encode())
    live.refresh_from_db()
    assert change.state == "pending" and live.pending_revision_id  # waits for a second person
    assert not live.attachments.exists()


# ---- business-system tokens and auto-approved items ---------------------------------------------


def test_no_administrator_can_create_a_publishing_token(people, xiuwu):
    for role in (Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN, Role.AUDIT_ADMIN):
        with pytest.raises(PermissionDenied):
            services.system_token_create(
                acting_user=people[role], bureau=xiuwu, name="系统", scopes=["records:write", "records:publish"]
            )
    token, _raw = services.system_token_create(
        acting_user=people[Role.LEADER], bureau=xiuwu, name="系统", scopes=["records:publish", "records:write"]
    )
    assert token.scopes == ["records:publish", "records:write"]


def test_only_the_leader_switches_auto_approval_and_it_is_audited(people, item):
    for role in (Role.EDITOR, Role.REVIEWER, Role.SYSTEM_ADMIN):
        with pytest.raises(PermissionDenied):
            review.auto_approval_set(acting_user=people[role], item=item, enabled=True)
    review.auto_approval_set(acting_user=people[Role.LEADER], item=item, enabled=True)
    review.auto_approval_set(acting_user=people[Role.LEADER], item=item, enabled=False)
    entries = AuditLogEntry.objects.filter(action="records.auto_approval.changed").order_by("timestamp", "pk")
    assert [(e.data["before"], e.data["after"]) for e in entries] == [
        ({"auto_approved": False}, {"auto_approved": True}),
        ({"auto_approved": True}, {"auto_approved": False}),
    ]


def test_auto_approval_switch_through_the_admin_is_leader_only(client, editor, leader, item):
    client.force_login(editor)
    response = client.post(reverse("records_admin:auto_approval"), {"item": item.pk, "enabled": "on"})
    assert response.status_code == 403 or response.url == reverse("wagtailadmin_home")  # Wagtail's "denied"
    assert review.auto_approved_keys(item.catalog.bureau) == set()
    client.force_login(leader)
    client.post(reverse("records_admin:auto_approval"), {"item": item.pk, "enabled": "on"})
    assert review.auto_approved_keys(item.catalog.bureau) == {item.key}


def test_token_publishes_into_an_auto_approved_item_only(leader, item, xiuwu):
    other = published_item(xiuwu)
    review.auto_approval_set(acting_user=leader, item=item, enabled=True)
    _token, raw = services.system_token_create(
        acting_user=leader, bureau=xiuwu, name="执法系统", scopes=["records:write", "records:publish"]
    )
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {raw}")
    url = "/api/v1/bureaus/xiuwu/records/"
    live = api.post(url, {"external_id": "A", "catalog_item": str(item.key), "title": "甲", "publish": True})
    waiting = api.post(url, {"external_id": "B", "catalog_item": str(other.key), "title": "乙", "publish": True})
    assert live.status_code == 201 and live.json()["status"] == RecordStatus.PUBLISHED
    assert waiting.status_code == 202 and waiting.json()["code"] == "submitted_for_review"
    assert Record.objects.get(external_id="B").status == RecordStatus.IN_REVIEW


def test_sysadmin_asking_for_a_publishing_token_in_the_admin_gets_an_error_and_no_token(client, people, xiuwu):
    from gongkai.records.models import SystemToken

    client.force_login(people[Role.SYSTEM_ADMIN])
    response = client.post(
        reverse("records_admin:tokens"),
        {"bureau": xiuwu.pk, "name": "系统", "scopes": ["records:write", "records:publish"]},
    )
    assert response.status_code == 200 and "records:publish" in response.content.decode()
    assert not SystemToken.objects.exists()
