"""Import through the service: persistence, all or nothing, dry run, audit."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gongkai.catalogs import selectors, services
from gongkai.catalogs.interchange import service
from gongkai.catalogs.models import Catalog, CatalogItem
from gongkai.core.models import AuditLogEntry
from tests.catalogs.factories import catalog_from_guidelines

from .helpers import SAFETY_ROWS, official_workbook

pytestmark = pytest.mark.django_db


def snapshot():
    """Everything an import could change, to prove a failed import changed nothing."""
    return (
        list(Catalog.objects.order_by("pk").values_list("pk", "status", "updated_at")),
        list(CatalogItem.objects.order_by("pk").values()),
    )


def test_import_into_a_bureau_without_catalog_creates_it(xiuwu, editor):
    outcome = service.import_catalog(bureau=xiuwu, data=official_workbook(), filename="目录.xlsx", acting_user=editor)

    assert outcome.ok and outcome.applied
    catalog = Catalog.objects.get(bureau=xiuwu)
    items = selectors.working_items_data(catalog)
    assert [i.level2 for i in items] == ["法律法规", "部门和地方规章", "行政处罚"]
    assert outcome.summary["added"] == 3
    entry = AuditLogEntry.objects.get(action="catalogs.catalog.import")
    assert entry.bureau_code == "xiuwu" and entry.user == editor and entry.data["items"] == 3


def test_import_replaces_only_the_domains_in_the_file(xiuwu, editor):
    catalog = catalog_from_guidelines(xiuwu, editor)
    relief_before = [i for i in selectors.working_items_data(catalog) if i.domain == "disaster_relief"]

    outcome = service.import_catalog(
        bureau=xiuwu, data=official_workbook(), filename="安全生产.xlsx", acting_user=editor
    )

    assert outcome.applied
    after = selectors.working_items_data(catalog)
    assert [i.level2 for i in after if i.domain == "production_safety"] == ["法律法规", "部门和地方规章", "行政处罚"]
    assert [i for i in after if i.domain == "disaster_relief"] == relief_before
    # matched by name: the adopted 法律法规 row keeps its key (records stay attached)
    assert outcome.summary["removed"] == 10 - 3  # 法律法规, 部门和地方规章, 行政处罚 are kept
    assert {i.source for i in after if i.domain == "production_safety"} == {"guideline"}


def test_dry_run_reports_what_would_change_and_changes_nothing(xiuwu, editor):
    catalog_from_guidelines(xiuwu, editor)
    before = snapshot()

    outcome = service.import_catalog(
        bureau=xiuwu, data=official_workbook(), filename="a.xlsx", acting_user=editor, dry_run=True
    )

    assert outcome.ok and not outcome.applied
    assert outcome.summary["items"] == 3 and outcome.summary["removed"] == 7
    assert snapshot() == before
    assert not AuditLogEntry.objects.filter(action__startswith="catalogs.catalog.import").exists()


def test_dry_run_without_a_user_only_checks_the_file(xiuwu):
    outcome = service.import_catalog(bureau=xiuwu, data=official_workbook(), filename="a.xlsx", dry_run=True)

    assert outcome.ok and not outcome.applied and outcome.summary == {}
    assert not Catalog.objects.exists()


def test_another_countys_editor_may_not_import(xiuwu, other_editor):
    with pytest.raises(PermissionDenied):
        service.import_catalog(bureau=xiuwu, data=official_workbook(), filename="a.xlsx", acting_user=other_editor)
    assert not Catalog.objects.exists()


def test_a_catalog_in_review_cannot_be_replaced(xiuwu, editor):
    catalog = catalog_from_guidelines(xiuwu, editor)
    services.catalog_submit(catalog=catalog, acting_user=editor)
    before = snapshot()

    outcome = service.import_catalog(bureau=xiuwu, data=official_workbook(), filename="a.xlsx", acting_user=editor)

    assert not outcome.ok and [i.code for i in outcome.result.errors] == ["catalog_locked"]
    assert snapshot() == before
    assert AuditLogEntry.objects.get(action="catalogs.catalog.import_failed").result == "failure"


def test_a_failure_while_saving_rolls_everything_back(xiuwu, editor, monkeypatch):
    catalog_from_guidelines(xiuwu, editor)
    before = snapshot()
    real = services.catalog_replace_items

    def replace_then_fail(**kwargs):
        real(**kwargs)  # writes every item ...
        raise ValidationError("disk full", code="boom")  # ... then fails

    monkeypatch.setattr(services, "catalog_replace_items", replace_then_fail)
    outcome = service.import_catalog(bureau=xiuwu, data=official_workbook(), filename="a.xlsx", acting_user=editor)

    assert not outcome.applied and [i.code for i in outcome.result.errors] == ["boom"]
    assert snapshot() == before


def test_reimporting_the_same_file_changes_nothing(xiuwu, editor):
    data = official_workbook()
    service.import_catalog(bureau=xiuwu, data=data, filename="a.xlsx", acting_user=editor)
    before = snapshot()[1]

    outcome = service.import_catalog(bureau=xiuwu, data=data, filename="a.xlsx", acting_user=editor)

    assert outcome.summary["unchanged"] == 3 and outcome.summary["added"] == outcome.summary["updated"] == 0
    assert [row["key"] for row in snapshot()[1]] == [row["key"] for row in before]


def test_rows_of_two_sheets_are_imported_together(xiuwu, editor):
    data = official_workbook(extra_sheets=[("救灾领域基层政务公开标准目录", "救灾", SAFETY_ROWS[:2])])

    outcome = service.import_catalog(bureau=xiuwu, data=data, filename="a.xlsx", acting_user=editor)

    assert outcome.applied
    assert sorted(outcome.summary["domains"]) == ["disaster_relief", "production_safety"]
    assert CatalogItem.objects.filter(removed_at__isnull=True).count() == 5
