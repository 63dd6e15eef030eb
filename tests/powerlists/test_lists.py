"""The lists behind the catalog: XLSX import in versions (a failed import changes nothing), the mapping to
catalog items kept across versions, `manage.py catalog_coverage --json`, the coverage in the catalog review
screen, and the public page."""

import io
import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command

from gongkai.catalogs.coverage import coverage_for
from gongkai.catalogs.models import Catalog, CatalogItem
from gongkai.core.models import AuditLogEntry
from gongkai.powerlists import services
from gongkai.powerlists.layout import write_list
from gongkai.powerlists.models import ItemKind, ListItem, ListVersion

pytestmark = pytest.mark.django_db

POWERS = [
    ("410821-XK-001", "危险化学品经营许可", ItemKind.LICENSING, "《危险化学品安全管理条例》第三十三条", "行政审批股"),
    ("410821-CF-001", "对未按规定进行安全培训的处罚", ItemKind.PENALTY, "《安全生产法》第九十七条", "执法大队"),
    ("410821-JC-001", "安全生产监督检查", ItemKind.INSPECTION, "《安全生产法》第六十五条", "执法大队"),
]
SERVICES = [("410821-GG-001", "安全生产知识宣传咨询", ItemKind.PUBLIC_SERVICE, "", "宣教股")]


@pytest.fixture
def catalog_items(xiuwu):
    catalog = Catalog.objects.create(bureau=xiuwu)
    common = {
        "content": "x",
        "time_limit_text": "20个工作日",
        "responsible_body": "修武县应急管理局",
        "domain": "production_safety",
    }
    return [
        CatalogItem.objects.create(catalog=catalog, level1="行政许可", level2="危险化学品经营许可", **common),
        CatalogItem.objects.create(catalog=catalog, level1="行政处罚", level2="处罚决定", **common),
    ]


def _import(editor, xiuwu, rows, kind="powers"):
    return services.import_list(
        acting_user=editor,
        bureau=xiuwu,
        list_kind=kind,
        data=write_list("修武县应急管理局权责清单", rows),
        filename="清单.xlsx",
    )


def test_an_import_is_a_new_version_with_who_and_when(editor, xiuwu):
    version = _import(editor, xiuwu, POWERS)
    assert (version.number, version.item_count, version.imported_by, version.filename) == (1, 3, editor, "清单.xlsx")
    assert [i.kind for i in version.items.order_by("position")] == ["licensing", "penalty", "inspection"]
    assert _import(editor, xiuwu, POWERS[:2]).number == 2
    assert AuditLogEntry.objects.filter(action="powerlists.list.imported").count() == 2


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ([("A1", "名称", "行政审批", "", "")], "事项类型"),
        ([("A1", "名称", ItemKind.LICENSING, "", ""), ("A1", "又一个", ItemKind.PENALTY, "", "")], "A1"),
        ([("", "名称", ItemKind.LICENSING, "", "")], "事项编码"),
    ],
)
def test_a_file_with_an_error_changes_nothing(editor, xiuwu, rows, message):
    _import(editor, xiuwu, POWERS)
    with pytest.raises(ValidationError) as caught:
        _import(editor, xiuwu, POWERS[:1] + rows)
    assert any(message in m for m in caught.value.messages)
    assert ListVersion.objects.count() == 1 and ListItem.objects.count() == 3
    assert AuditLogEntry.objects.filter(action="powerlists.list.rejected", result="failure").exists()


def test_a_file_that_is_not_a_workbook_is_refused(editor, xiuwu):
    with pytest.raises(ValidationError):
        services.import_list(acting_user=editor, bureau=xiuwu, list_kind="powers", data=b"not a workbook")
    assert not ListVersion.objects.exists()


def test_only_the_bureaus_own_staff_import(xiuwu, wenxian_editor):
    with pytest.raises(PermissionDenied):
        _import(wenxian_editor, xiuwu, POWERS)


def test_the_mapping_is_kept_for_codes_the_next_version_keeps(editor, xiuwu, catalog_items):
    version = _import(editor, xiuwu, POWERS)
    licence = version.items.get(code="410821-XK-001")
    services.set_catalog_items(acting_user=editor, item=licence, catalog_item_ids=[catalog_items[0].pk])
    new = _import(editor, xiuwu, POWERS)
    assert list(new.items.get(code="410821-XK-001").catalog_items.all()) == [catalog_items[0]]


def test_a_catalog_item_of_another_bureau_cannot_be_mapped(editor, xiuwu, wenxian, catalog_items):
    other = CatalogItem.objects.create(
        catalog=Catalog.objects.create(bureau=wenxian),
        level1="x",
        level2="y",
        content="x",
        time_limit_text="t",
        responsible_body="b",
        domain="production_safety",
    )
    item = _import(editor, xiuwu, POWERS).items.first()
    with pytest.raises(ValidationError) as caught:
        services.set_catalog_items(acting_user=editor, item=item, catalog_item_ids=[other.pk])
    assert caught.value.error_dict["catalog_items"][0].code == "catalog_item_other_bureau"


def test_catalog_coverage_json_lists_every_item_and_the_uncovered(editor, xiuwu, catalog_items):
    version = _import(editor, xiuwu, POWERS)
    _import(editor, xiuwu, SERVICES, kind="public_services")
    services.set_catalog_items(
        acting_user=editor, item=version.items.get(code="410821-XK-001"), catalog_item_ids=[catalog_items[0].pk]
    )
    services.set_catalog_items(
        acting_user=editor, item=version.items.get(code="410821-CF-001"), catalog_item_ids=[catalog_items[1].pk]
    )
    out = io.StringIO()
    call_command("catalog_coverage", "--bureau", "xiuwu", "--json", stdout=out)
    report = json.loads(out.getvalue())
    assert report["bureau"] == "xiuwu" and report["lists"]["powers"]["version"] == 1
    assert len(report["items"]) == 4
    licence = next(i for i in report["items"] if i["code"] == "410821-XK-001")
    assert licence["catalog_items"] == [
        {"id": catalog_items[0].pk, "key": str(catalog_items[0].key), "name": "行政许可 / 危险化学品经营许可"}
    ]
    assert [i["code"] for i in report["uncovered"]] == ["410821-JC-001", "410821-GG-001"]
    assert report["counts"] == {"items": 4, "covered": 2, "uncovered": 2}
    # A catalog item removed from the catalog no longer covers.
    CatalogItem.objects.filter(pk=catalog_items[1].pk).update(removed_at="2026-01-01T00:00:00Z")
    assert coverage_for(xiuwu)["counts"]["uncovered"] == 3


def test_the_public_page_lists_both_lists(client, editor, xiuwu):
    _import(editor, xiuwu, POWERS)
    html = client.get("/b/xiuwu/powers/").content.decode()
    assert "安全生产监督检查" in html and "执法大队" in html and "行政检查" in html
    assert client.get("/en/b/xiuwu/powers/").status_code == 200
    assert client.get("/b/nowhere/powers/").status_code == 404


def test_the_government_reviewer_sees_the_coverage_on_the_review_screen(client, editor, xiuwu, gov_reviewer):
    from gongkai.catalogs import services as catalog_services
    from tests.catalogs.factories import catalog_from_guidelines

    catalog = catalog_from_guidelines(xiuwu, editor)
    catalog_services.catalog_submit(catalog=catalog, acting_user=editor)
    version = _import(editor, xiuwu, POWERS)
    first = catalog.items.filter(removed_at__isnull=True).first()
    services.set_catalog_items(
        acting_user=editor, item=version.items.get(code="410821-XK-001"), catalog_item_ids=[first.pk]
    )
    client.force_login(gov_reviewer)
    html = client.get("/admin/catalogs/xiuwu/review/").content.decode()
    assert "catalog-coverage" in html and "410821-JC-001 安全生产监督检查" in html
    assert "410821-XK-001 危险化学品经营许可" not in html
