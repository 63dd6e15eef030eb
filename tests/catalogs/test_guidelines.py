import copy
import json

import pytest
from django.core.management import call_command

from gongkai.catalogs import guidelines, services
from gongkai.catalogs.constants import Audience, Domain, Level, Mode
from gongkai.catalogs.models import CatalogItem, Guideline, GuidelineItem

pytestmark = pytest.mark.django_db


def _shipped(filename):
    return json.loads((guidelines.DATA_DIR / filename).read_text(encoding="utf-8"))


def test_load_guidelines_loads_both_catalogs_as_version_2019(capsys):
    call_command("load_guidelines")
    assert set(Guideline.objects.values_list("code", "version")) == {
        ("production-safety", "2019"),
        ("disaster-relief", "2019"),
    }
    safety = Guideline.objects.get(code="production-safety")
    assert safety.domain == Domain.PRODUCTION_SAFETY and safety.is_current
    assert safety.items.filter(verified=True).count() == 10
    assert safety.items.filter(verified=False).count() == 4
    assert "28个二级事项" in safety.completeness_note
    assert Guideline.objects.get(code="disaster-relief").items.filter(verified=False).count() == 3


def test_load_guidelines_is_idempotent():
    call_command("load_guidelines")
    call_command("load_guidelines")
    assert Guideline.objects.count() == 2
    assert GuidelineItem.objects.count() == 10 + 4 + 8 + 3


def test_guideline_labels_become_values():
    guidelines.guidelines_load_shipped()
    row = GuidelineItem.objects.get(guideline__code="production-safety", seq=7)
    assert row.audience == [Audience.PUBLIC, Audience.SPECIFIC_GROUP]
    assert row.mode == [Mode.PROACTIVE]
    assert row.levels == [Level.COUNTY, Level.TOWNSHIP]
    assert row.time_limit_text == "提前一周发通知邀请"


def test_unverified_rows_are_marked_and_carry_their_evidence():
    guidelines.guidelines_load_shipped()
    row = GuidelineItem.objects.get(guideline__code="production-safety", level1="行政管理")
    assert row.verified is False
    assert "宣州区" in row.notes


def test_newer_guideline_version_does_not_change_catalogs_built_on_the_older(xiuwu, editor):
    guidelines.guidelines_load_shipped()
    catalog = services.catalog_create_from_guideline(bureau=xiuwu, acting_user=editor)
    before = {str(i.key): (i.content, i.time_limit_text, i.guideline_item_id) for i in catalog.items.all()}
    old = Guideline.objects.get(code="production-safety", version="2019")

    newer = copy.deepcopy(_shipped("production-safety.json"))
    newer["version"] = "2024"
    newer["items"][0]["content"] = "新版指引：与安全生产有关的法律、法规和规章"
    guidelines.guideline_load(code="production-safety", domain=Domain.PRODUCTION_SAFETY, data=newer)

    old.refresh_from_db()
    assert not old.is_current
    assert Guideline.objects.get(code="production-safety", version="2024").is_current
    after = {str(i.key): (i.content, i.time_limit_text, i.guideline_item_id) for i in catalog.items.all()}
    assert after == before
    assert set(catalog.guidelines.values_list("version", flat=True)) == {"2019"}
    assert GuidelineItem.objects.get(guideline=old, seq=1).content == "与安全生产有关的法律、法规"


def test_loading_an_older_version_after_a_newer_keeps_the_newer_current():
    data = _shipped("disaster-relief.json")
    guidelines.guideline_load(code="disaster-relief", domain=Domain.DISASTER_RELIEF, data={**data, "version": "2030"})
    guidelines.guideline_load(code="disaster-relief", domain=Domain.DISASTER_RELIEF, data=data)
    assert Guideline.objects.get(code="disaster-relief", is_current=True).version == "2030"


def test_adopting_all_skips_unverified_rows(xiuwu, editor):
    guidelines.guidelines_load_shipped()
    catalog = services.catalog_create_from_guideline(bureau=xiuwu, acting_user=editor)
    assert catalog.items.count() == 18
    assert not CatalogItem.objects.filter(guideline_item__verified=False).exists()


def test_adopting_an_unverified_row_keeps_a_note_and_needs_completing(xiuwu, editor):
    guidelines.guidelines_load_shipped()
    row = GuidelineItem.objects.get(guideline__code="production-safety", level1="行政管理")
    catalog = services.catalog_create_from_guideline(bureau=xiuwu, acting_user=editor, guideline_item_ids=[row.pk])
    item = catalog.items.get()
    assert item.guideline_item == row and not item.guideline_item.verified
    assert "宣州区" in item.notes  # the evidence travels with the adopted row
    assert item.responsible_body == ""  # nothing invented for an unverified row


def test_load_guidelines_command_loads_a_newer_file(tmp_path):
    path = tmp_path / "safety-2024.json"
    path.write_text(json.dumps({**_shipped("production-safety.json"), "version": "2024"}), encoding="utf-8")
    call_command("load_guidelines")
    call_command("load_guidelines", "--file", str(path), "--code", "production-safety", "--domain", "production_safety")
    assert Guideline.objects.filter(code="production-safety").count() == 2
