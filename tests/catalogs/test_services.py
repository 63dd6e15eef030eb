import uuid
from dataclasses import replace

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from gongkai.catalogs import selectors, services
from gongkai.catalogs.constants import CatalogStatus, Domain, ItemSource
from gongkai.catalogs.models import Catalog, CatalogEvent
from gongkai.core.models import AuditLogEntry

from .factories import catalog_from_guidelines, item_data, published_catalog, publisher

pytestmark = pytest.mark.django_db


def test_create_from_guideline_adopts_rows_with_the_bureau_as_responsible_body(xiuwu, editor):
    catalog = catalog_from_guidelines(xiuwu, editor)
    assert catalog.status == CatalogStatus.DRAFT
    items = selectors.active_items(catalog)
    assert len(items) == 18
    assert items[0].domain == Domain.PRODUCTION_SAFETY and items[-1].domain == Domain.DISASTER_RELIEF
    assert all(i.responsible_body == "修武县应急管理局" for i in items)
    assert items[0].time_limit_rule["kind"] == "working_days_after_event"
    assert AuditLogEntry.objects.filter(action="catalogs.catalog.adopt_guideline").exists()
    assert catalog.events.get().action == "create"


def test_create_from_chosen_guideline_rows_only(xiuwu, editor):
    from gongkai.catalogs.guidelines import guidelines_load_shipped
    from gongkai.catalogs.models import GuidelineItem

    guidelines_load_shipped()
    ids = list(
        GuidelineItem.objects.filter(guideline__code="disaster-relief", verified=True).values_list("pk", flat=True)[:3]
    )
    catalog = services.catalog_create_from_guideline(bureau=xiuwu, acting_user=editor, guideline_item_ids=ids)
    assert catalog.items.count() == 3
    # adopting the same rows again adds nothing
    services.catalog_create_from_guideline(bureau=xiuwu, acting_user=editor, guideline_item_ids=ids)
    assert catalog.items.count() == 3


def test_item_add_records_source_and_parses_the_time_limit(xiuwu, editor):
    catalog = services.catalog_get_or_create(bureau=xiuwu, acting_user=editor)
    item = services.catalog_item_add(
        catalog=catalog,
        data=item_data(time_limit_text="半年至少更新1次"),
        source=ItemSource.PUBLIC_SERVICE_LIST,
        acting_user=editor,
    )
    assert item.source == ItemSource.PUBLIC_SERVICE_LIST
    assert item.time_limit_rule == {"kind": "periodic", "months": 6, "min_updates": 1}
    assert AuditLogEntry.objects.filter(action="catalogs.item.add", object_id=str(item.pk)).exists()


def test_item_add_names_every_missing_or_malformed_element(xiuwu, editor):
    catalog = services.catalog_get_or_create(bureau=xiuwu, acting_user=editor)
    bad = item_data(content="", legal_basis=[], time_limit_text="看情况", channels=["飞鸽传书"], audience=[])
    with pytest.raises(services.ItemsInvalid) as info:
        services.catalog_item_add(catalog=catalog, data=bad, acting_user=editor)
    found = {(e.field, e.code) for e in info.value.item_errors}
    assert found == {
        ("content", "required"),
        ("legal_basis", "required"),
        ("time_limit_text", "unparsable_time_limit"),
        ("channels", "unknown_channel"),
        ("audience", "required"),
    }
    assert "items.0.content" in info.value.message_dict
    assert catalog.items.count() == 0


def test_item_add_refuses_a_duplicate_item_name(xiuwu, editor):
    catalog = services.catalog_get_or_create(bureau=xiuwu, acting_user=editor)
    services.catalog_item_add(catalog=catalog, data=item_data(), acting_user=editor)
    with pytest.raises(services.ItemsInvalid) as info:
        services.catalog_item_add(catalog=catalog, data=item_data(), acting_user=editor)
    assert info.value.item_errors[0].code == "duplicate_item"


def test_item_add_normalizes_channel_spellings(xiuwu, editor):
    catalog = services.catalog_get_or_create(bureau=xiuwu, acting_user=editor)
    item = services.catalog_item_add(
        catalog=catalog, data=item_data(channels=["政务服务中心", "政务新媒体", "政府网站"]), acting_user=editor
    )
    assert item.channels == ["政府网站", "两微一端", "政务服务中心"]


def test_item_update_keeps_the_key_and_audits_changed_elements(xiuwu, editor):
    catalog = services.catalog_get_or_create(bureau=xiuwu, acting_user=editor)
    item = services.catalog_item_add(catalog=catalog, data=item_data(), acting_user=editor)
    key = item.key
    services.catalog_item_update(item=item, data=item_data(content="新的公开内容"), acting_user=editor)
    item.refresh_from_db()
    assert item.key == key and item.content == "新的公开内容"
    entry = AuditLogEntry.objects.get(action="catalogs.item.update")
    assert entry.data["changed"] == ["content"]


def test_item_remove_is_soft(xiuwu, editor):
    catalog = services.catalog_get_or_create(bureau=xiuwu, acting_user=editor)
    item = services.catalog_item_add(catalog=catalog, data=item_data(), acting_user=editor)
    services.catalog_item_remove(item=item, acting_user=editor)
    item.refresh_from_db()
    assert item.removed_at is not None
    assert selectors.active_items(catalog) == []


def test_reorder_and_move(xiuwu, editor):
    catalog = services.catalog_get_or_create(bureau=xiuwu, acting_user=editor)
    a = services.catalog_item_add(catalog=catalog, data=item_data(level2="甲"), acting_user=editor)
    b = services.catalog_item_add(catalog=catalog, data=item_data(level2="乙"), acting_user=editor)
    c = services.catalog_item_add(catalog=catalog, data=item_data(level2="丙"), acting_user=editor)
    services.catalog_items_reorder(catalog=catalog, keys=[str(c.key), str(a.key)], acting_user=editor)
    assert [i.level2 for i in selectors.active_items(catalog)] == ["丙", "甲", "乙"]
    services.catalog_item_move(item=b, offset=-1, acting_user=editor)
    assert [i.level2 for i in selectors.active_items(catalog)] == ["丙", "乙", "甲"]
    with pytest.raises(ValidationError) as info:
        services.catalog_items_reorder(catalog=catalog, keys=[str(uuid.uuid4())], acting_user=editor)
    assert info.value.code == "unknown_item"


def test_replace_items_matches_by_key_then_identity_and_soft_removes_the_rest(xiuwu, editor):
    catalog = catalog_from_guidelines(xiuwu, editor)
    current = selectors.working_items_data(catalog)
    by_name = {(i.domain, i.level2): i for i in current}
    kept_by_key = replace(by_name[(Domain.PRODUCTION_SAFETY, "法律法规")], content="改过的内容")
    kept_by_identity = replace(by_name[(Domain.PRODUCTION_SAFETY, "标准")], key="")
    new = item_data()
    result = services.catalog_replace_items(
        catalog=catalog, items=[kept_by_key, kept_by_identity, new], acting_user=editor
    )
    assert (result.added, result.updated, result.unchanged, result.removed) == (1, 1, 1, 16)
    items = selectors.active_items(catalog)
    assert [str(i.key) for i in items[:2]] == [kept_by_key.key, by_name[(Domain.PRODUCTION_SAFETY, "标准")].key]
    assert items[0].content == "改过的内容"
    assert catalog.items.filter(removed_at__isnull=False).count() == 16


def test_replace_items_restores_a_removed_item_with_its_key(xiuwu, editor):
    catalog = services.catalog_get_or_create(bureau=xiuwu, acting_user=editor)
    item = services.catalog_item_add(catalog=catalog, data=item_data(), acting_user=editor)
    services.catalog_item_remove(item=item, acting_user=editor)
    result = services.catalog_replace_items(catalog=catalog, items=[item_data()], acting_user=editor)
    assert result.restored == 1
    assert [i.key for i in selectors.active_items(catalog)] == [item.key]


def test_replace_items_is_all_or_nothing_and_reports_every_row(xiuwu, editor):
    catalog = catalog_from_guidelines(xiuwu, editor)
    before = selectors.working_items_data(catalog)
    rows = [
        item_data(level2="一"),
        item_data(level2="二", time_limit_text="随便"),
        item_data(level2="三", mode=["maybe"]),
    ]
    rows.append(item_data(level2="一"))
    with pytest.raises(services.ItemsInvalid) as info:
        services.catalog_replace_items(catalog=catalog, items=rows, acting_user=editor)
    found = {(e.index, e.code) for e in info.value.item_errors}
    assert {(1, "unparsable_time_limit"), (2, "invalid_choice"), (0, "duplicate_item"), (3, "duplicate_item")} <= found
    assert selectors.working_items_data(catalog) == before


def test_replace_items_rejects_bad_and_duplicated_keys(xiuwu, editor):
    catalog = services.catalog_get_or_create(bureau=xiuwu, acting_user=editor)
    key = str(uuid.uuid4())
    with pytest.raises(services.ItemsInvalid) as info:
        services.catalog_replace_items(
            catalog=catalog,
            items=[
                item_data(level2="一", key="not-a-uuid"),
                item_data(level2="二", key=key),
                item_data(level2="三", key=key),
            ],
            acting_user=editor,
        )
    assert {e.code for e in info.value.item_errors} == {"invalid_key", "duplicate_key"}


def test_replace_items_on_a_published_catalog_starts_a_revision(xiuwu, editor, gov_reviewer):
    catalog = published_catalog(xiuwu, editor, gov_reviewer)
    services.catalog_replace_items(catalog=catalog, items=[item_data()], acting_user=editor)
    catalog.refresh_from_db()
    assert catalog.status == CatalogStatus.DRAFT
    assert catalog.events.filter(action="revise").exists()
    assert selectors.current_published_version(xiuwu).number == 1


def test_changes_are_refused_while_in_review(xiuwu, editor):
    catalog = catalog_from_guidelines(xiuwu, editor)
    services.catalog_submit(catalog=catalog, acting_user=editor)
    with pytest.raises(ValidationError) as info:
        services.catalog_item_add(catalog=catalog, data=item_data(), acting_user=editor)
    assert info.value.code == "catalog_locked"
    with pytest.raises(ValidationError):
        services.catalog_replace_items(catalog=catalog, items=[item_data()], acting_user=editor)


def test_other_county_editor_cannot_change_the_catalog(xiuwu, editor, people):
    catalog = catalog_from_guidelines(xiuwu, editor)
    with pytest.raises(PermissionDenied):
        services.catalog_item_add(catalog=catalog, data=item_data(), acting_user=people["wenxian_editor"])
    with pytest.raises(PermissionDenied):
        services.catalog_create_from_guideline(bureau=xiuwu, acting_user=people["wenxian_editor"])


def test_submit_refuses_incomplete_items_naming_each_one(xiuwu, editor):
    from gongkai.catalogs.models import GuidelineItem

    catalog = catalog_from_guidelines(xiuwu, editor)
    unverified = GuidelineItem.objects.filter(verified=False, guideline__code="production-safety")[:1]
    services.catalog_create_from_guideline(bureau=xiuwu, acting_user=editor, guideline_item_ids=[unverified[0].pk])
    with pytest.raises(services.ItemsInvalid) as info:
        services.catalog_submit(catalog=catalog, acting_user=editor)
    fields = {e.field for e in info.value.item_errors}
    assert {"content", "legal_basis", "time_limit_text", "responsible_body", "channels"} <= fields
    catalog.refresh_from_db()
    assert catalog.status == CatalogStatus.DRAFT and not catalog.versions.exists()


def test_submit_refuses_an_empty_catalog(xiuwu, editor):
    catalog = services.catalog_get_or_create(bureau=xiuwu, acting_user=editor)
    with pytest.raises(services.ItemsInvalid) as info:
        services.catalog_submit(catalog=catalog, acting_user=editor)
    assert info.value.item_errors[0].code == "empty_catalog"


def test_full_review_cycle_records_every_step(xiuwu, editor, gov_reviewer):
    catalog = catalog_from_guidelines(xiuwu, editor)
    v1 = services.catalog_submit(catalog=catalog, acting_user=editor, comment="请审核")
    assert (v1.number, v1.status) == (1, CatalogStatus.SUBMITTED)
    key = v1.items[0]["key"]
    services.catalog_return(
        catalog=catalog, acting_user=gov_reviewer, comment="请补充依据", opinions={key: "依据写全称"}
    )
    v1.refresh_from_db()
    assert v1.status == CatalogStatus.RETURNED and v1.opinions.get().text == "依据写全称"
    item = catalog.items.get(key=key)
    services.catalog_item_update(
        item=item,
        data=replace(
            selectors.item_to_data(item),
            legal_basis=["《中华人民共和国政府信息公开条例》（国务院令第711号）", "《安全生产法》"],
        ),
        acting_user=editor,
    )
    v2 = services.catalog_submit(catalog=catalog, acting_user=editor, comment="已按意见修改")
    assert (v2.number, v2.status) == (2, CatalogStatus.RESUBMITTED)
    services.catalog_approve(catalog=catalog, acting_user=gov_reviewer, comment="同意")
    services.catalog_publish(catalog=catalog, acting_user=publisher(catalog.bureau), confidentiality_result="passed")
    catalog.refresh_from_db()
    v2.refresh_from_db()
    assert catalog.status == CatalogStatus.PUBLISHED
    assert v2.approved_at and v2.published_at and v2.status == CatalogStatus.PUBLISHED
    steps = list(CatalogEvent.objects.filter(catalog=catalog).values_list("action", "actor__username", "comment"))
    assert [s[0] for s in steps] == ["create", "submit", "return", "resubmit", "approve", "publish"]
    assert steps[2] == ("return", gov_reviewer.username, "请补充依据")
    actions = set(AuditLogEntry.objects.values_list("action", flat=True))
    assert {
        "catalogs.catalog.submit",
        "catalogs.catalog.return",
        "catalogs.catalog.resubmit",
        "catalogs.catalog.approve",
        "catalogs.catalog.publish",
    } <= actions


def test_return_needs_an_opinion_and_known_items(xiuwu, editor, gov_reviewer):
    catalog = catalog_from_guidelines(xiuwu, editor)
    services.catalog_submit(catalog=catalog, acting_user=editor)
    with pytest.raises(ValidationError) as info:
        services.catalog_return(catalog=catalog, acting_user=gov_reviewer, comment=" ")
    assert info.value.code == "opinion_required"
    with pytest.raises(ValidationError) as info:
        services.catalog_return(catalog=catalog, acting_user=gov_reviewer, opinions={str(uuid.uuid4()): "x"})
    assert info.value.code == "unknown_item"


def test_withdraw_takes_the_submission_back(xiuwu, editor):
    catalog = catalog_from_guidelines(xiuwu, editor)
    version = services.catalog_submit(catalog=catalog, acting_user=editor)
    services.catalog_withdraw(catalog=catalog, acting_user=editor)
    catalog.refresh_from_db()
    version.refresh_from_db()
    assert catalog.status == CatalogStatus.DRAFT and version.status == CatalogStatus.DRAFT


def test_version_items_are_immutable(xiuwu, editor):
    catalog = catalog_from_guidelines(xiuwu, editor)
    version = services.catalog_submit(catalog=catalog, acting_user=editor)
    version.items = version.items[:1]
    with pytest.raises(ValueError):
        version.save()


def test_snapshot_items_are_the_shared_item_shape(xiuwu, editor):
    from gongkai.catalogs.types import CatalogItemData

    catalog = catalog_from_guidelines(xiuwu, editor)
    version = services.catalog_submit(catalog=catalog, acting_user=editor)
    first = CatalogItemData.from_dict(version.items[0])
    assert first.to_dict() == version.items[0]
    assert first.key and first.extra["guideline"]["version"] == "2019"


def test_catalog_is_one_per_bureau(xiuwu, editor):
    services.catalog_get_or_create(bureau=xiuwu, acting_user=editor)
    services.catalog_get_or_create(bureau=xiuwu, acting_user=editor)
    assert Catalog.objects.filter(bureau=xiuwu).count() == 1


def test_campaign_assign_puts_every_catalog_of_the_city_under_the_campaign(
    city, xiuwu, wenxian, editor, supervisor, people
):
    from .factories import CampaignFactory

    catalog_from_guidelines(xiuwu, editor)
    services.catalog_get_or_create(bureau=wenxian, acting_user=people["wenxian_editor"])
    campaign = CampaignFactory(city=city)
    assert services.campaign_assign(campaign=campaign, acting_user=supervisor) == 2
    assert set(Catalog.objects.values_list("campaign", flat=True)) == {campaign.pk}
    with pytest.raises(PermissionDenied):
        services.campaign_assign(campaign=campaign, acting_user=editor)


def test_a_new_catalog_follows_the_active_campaign_and_events_record_it(city, xiuwu, editor):
    from .factories import CampaignFactory

    campaign = CampaignFactory(city=city)
    catalog = catalog_from_guidelines(xiuwu, editor)
    assert catalog.campaign == campaign
    services.catalog_submit(catalog=catalog, acting_user=editor)
    assert catalog.events.get(action="submit").campaign == campaign
    row = selectors.status_row(xiuwu)
    assert row.milestones[0].reached == timezone.localdate()


def test_a_revision_keeps_the_campaign_until_the_supervisor_applies_a_new_one(
    city, xiuwu, editor, gov_reviewer, supervisor
):
    from .factories import CampaignFactory

    old = CampaignFactory(city=city, name="2020")
    catalog = published_catalog(xiuwu, editor, gov_reviewer)
    old.is_active = False
    old.save()
    new = CampaignFactory(city=city, name="2026")
    services.catalog_revise(catalog=catalog, acting_user=editor)
    catalog.refresh_from_db()
    assert catalog.campaign == old and catalog.status == CatalogStatus.DRAFT
    assert catalog.events.get(action="revise").campaign is None  # the old campaign is closed
    services.campaign_assign(campaign=new, acting_user=supervisor)
    catalog.refresh_from_db()
    assert catalog.campaign == new
