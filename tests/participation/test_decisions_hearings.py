"""The major decision catalog (snapshot published after the Party committee agreed) and hearings (materials
at least 7 days before, participant list in advance with four eyes, signed record, minutes)."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from gongkai.participation import models
from gongkai.participation.services import decisions, hearings, publication

from .conftest import draft_document, publish

pytestmark = pytest.mark.django_db


def _catalog(bureau, editor):
    catalog = decisions.catalog_create(bureau=bureau, year=2026, acting_user=editor)
    decisions.matter_save(
        catalog=catalog,
        fields={
            "title": "武陟县自然灾害应急避难场所建设规划",
            "department": "应急管理局规划科",
            "hearing_planned": True,
        },
        acting_user=editor,
    )
    return catalog


def test_the_catalog_needs_the_party_committee_agreement_before_submission(bureau, editor):
    catalog = _catalog(bureau, editor)
    with pytest.raises(ValidationError) as exc:
        publication.submit(catalog, acting_user=editor)
    assert exc.value.code == "party_agreement_required"


def test_the_public_sees_the_approved_snapshot_until_a_change_is_approved(client, bureau, editor, reviewer):
    catalog = _catalog(bureau, editor)
    decisions.catalog_set_party_agreement(catalog=catalog, agreed_on=dt.date(2026, 2, 10), acting_user=editor)
    publish(catalog, editor, reviewer)
    decisions.matter_save(
        catalog=catalog, fields={"title": "新增事项（未审核）", "department": "科室"}, acting_user=editor
    )
    page = client.get("/b/wuzhi/participation/decisions/2026/").content.decode()
    assert "武陟县自然灾害应急避难场所建设规划" in page and "新增事项（未审核）" not in page
    data = client.get("/api/v1/decisions/?bureau=wuzhi&year=2026").json()["results"]
    assert [m["title"] for m in data[0]["matters"]] == ["武陟县自然灾害应急避难场所建设规划"]
    assert data[0]["matters"][0]["hearing_planned"] is True
    assert client.get("/api/v1/decisions/?year=2025").json()["results"] == []


def _hearing(bureau, editor, *, days_ahead=20):
    held_at = timezone.now() + dt.timedelta(days=days_ahead)
    return hearings.hearing_save(
        bureau=bureau,
        fields={
            "title": "应急避难场所建设规划听证会",
            "place": "县应急管理局三楼会议室",
            "held_at": held_at,
            "selection_method": "按报名先后并兼顾各方代表性遴选。",
            "registration_closes": timezone.localdate(held_at) - dt.timedelta(days=10),
            "seats": 2,
        },
        acting_user=editor,
    )


def test_a_hearing_goes_from_announcement_to_published_minutes(client, bureau, editor, reviewer):
    hearing = publish(_hearing(bureau, editor), editor, reviewer)
    a, _ = hearings.register(hearing=hearing, name="王五", contact="wang@example.com", organisation="某化工企业")
    b, _ = hearings.register(hearing=hearing, name="赵六", contact="13800000000", organisation="居民代表")
    c, _ = hearings.register(hearing=hearing, name="钱七", contact="qian@example.com")
    with pytest.raises(ValidationError):
        hearings.select(hearing=hearing, selected_ids=[a.pk, b.pk, c.pk], acting_user=editor)
    hearings.select(hearing=hearing, selected_ids=[a.pk, b.pk], acting_user=editor)
    with pytest.raises(PermissionDenied):  # the person who selected does not publish the list
        hearings.publish_participants(hearing=hearing, acting_user=editor, confidentiality_result="passed")
    hearings.publish_participants(hearing=hearing, acting_user=reviewer, confidentiality_result="passed")
    late = hearings.materials_deadline(hearing) + dt.timedelta(days=1)
    with pytest.raises(ValidationError) as exc:
        hearings.record_materials(hearing=hearing, delivered_on=late, acting_user=editor)
    assert exc.value.error_dict["materials_delivered_on"][0].code == "too_late"
    hearings.record_materials(hearing=hearing, delivered_on=hearings.materials_deadline(hearing), acting_user=editor)
    with pytest.raises(ValidationError):  # not held yet
        hearings.record_held(hearing=hearing, signed_record=draft_document("笔录"), acting_user=editor)
    models.Hearing.objects.filter(pk=hearing.pk).update(held_at=timezone.now() - dt.timedelta(hours=1))
    hearings.record_held(hearing=hearing, signed_record=draft_document("签字笔录"), acting_user=editor)
    minutes = hearings.minutes_save(hearing=hearing, body="与会代表对选址提出了意见。", acting_user=editor)
    publish(minutes, editor, reviewer)
    page = client.get(f"/b/wuzhi/participation/hearings/{hearing.uid}/").content.decode()
    assert "王五" in page and "赵六" in page and "钱七" not in page
    assert "与会代表对选址提出了意见。" in page and "wang@example.com" not in page and "13800000000" not in page
    api = client.get("/api/v1/hearings/?bureau=wuzhi").json()["results"][0]
    assert api["held"] and api["minutes"] == "与会代表对选址提出了意见。" and len(api["participants"]) == 2


def test_registration_closes_and_registrations_are_idempotent(bureau, editor, reviewer):
    hearing = publish(_hearing(bureau, editor), editor, reviewer)
    token = "0b3c2f9e-2222-4b4b-8c8c-abcdefabcdef"
    first, _ = hearings.register(hearing=hearing, name="孙八", contact="sun@example.com", client_token=token)
    again, created = hearings.register(hearing=hearing, name="孙八", contact="sun@example.com", client_token=token)
    assert again.pk == first.pk and not created
    models.Hearing.objects.filter(pk=hearing.pk).update(registration_closes=timezone.localdate() - dt.timedelta(days=1))
    hearing.refresh_from_db()
    with pytest.raises(ValidationError):
        hearings.register(hearing=hearing, name="周九", contact="zhou@example.com")
