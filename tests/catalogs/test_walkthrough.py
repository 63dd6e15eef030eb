"""Issue 3 "done when", end to end without a browser (the Chromium variant is test_browser_review.py).

The 温县 editor imports an official-layout XLSX, fixes the row the report flags, and submits; the
温县 government reviewer returns it with a per-item opinion; the editor sees it, revises and
resubmits; the reviewer approves; the editor publishes; the portal and the API show the new version
and its difference from the previous one.
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from gongkai.catalogs import selectors, services
from gongkai.catalogs.constants import CatalogStatus
from gongkai.catalogs.document import validate_document
from gongkai.catalogs.interchange.models import ImportJob, ImportJobStatus

from .factories import published_catalog, publisher
from .interchange.helpers import SAFETY_ROWS, official_workbook

pytestmark = pytest.mark.django_db

TITLE = "温县应急管理局安全生产领域基层政务公开标准目录"


def _upload(client, rows):
    data = official_workbook(rows, title=TITLE)
    response = client.post("/admin/catalog-files/wenxian/import/", {"file": SimpleUploadedFile("温县目录.xlsx", data)})
    job_id = response["Location"].rstrip("/").rsplit("/", 1)[-1]
    return ImportJob.objects.get(pk=job_id)


def test_wenxian_editor_imports_gets_reviewed_and_publishes_a_new_version(
    client, people, wenxian, wenxian_gov_reviewer
):
    editor = people["wenxian_editor"]
    catalog = published_catalog(wenxian, editor, wenxian_gov_reviewer)
    client.force_login(editor)

    # 1. The report flags the bad row and nothing is imported.
    job = _upload(client, [dict(SAFETY_ROWS[0], channels="■政府网站 ■县长信箱"), *SAFETY_ROWS[1:]])
    assert job.status == ImportJobStatus.INVALID
    assert [r["code"] for r in job.report] == ["unknown_channel"]

    # 2. The fixed file imports.
    job = _upload(client, SAFETY_ROWS)
    assert job.status == ImportJobStatus.READY, job.report
    client.post(f"/admin/catalog-files/jobs/{job.pk}/confirm/")
    job.refresh_from_db()
    assert job.status == ImportJobStatus.DONE

    # 3. Submit; the government reviewer returns it with an opinion on one item.
    services.catalog_submit(catalog=catalog, acting_user=editor, comment="按新表修订")
    item = catalog.items.filter(removed_at__isnull=True, domain="production_safety").order_by("position").first()
    services.catalog_return(
        catalog=catalog, acting_user=wenxian_gov_reviewer, comment="请完善", opinions={str(item.key): "请补充公开依据"}
    )
    catalog.refresh_from_db()
    assert catalog.status == CatalogStatus.RETURNED
    assert "请补充公开依据" in client.get("/admin/catalogs/wenxian/").content.decode()

    # 4. The editor revises and resubmits; the reviewer approves; the editor publishes.
    data = selectors.item_to_data(item)
    data.legal_basis = [*data.legal_basis, "《中华人民共和国安全生产法》"]
    services.catalog_item_update(item=item, data=data, acting_user=editor)
    services.catalog_submit(catalog=catalog, acting_user=editor, comment="已按意见修改")
    services.catalog_approve(catalog=catalog, acting_user=wenxian_gov_reviewer)
    version = services.catalog_publish(
        catalog=catalog, acting_user=publisher(catalog.bureau), confidentiality_result="passed"
    )
    catalog.refresh_from_db()
    assert catalog.status == CatalogStatus.PUBLISHED and version.number > 1

    # 5. The portal and the API show the new version and the difference from the previous one.
    client.logout()
    page = client.get("/b/wenxian/catalog/").content.decode()
    assert "《中华人民共和国安全生产法》" in page
    document = client.get("/api/v1/bureaus/wenxian/catalog/").json()
    assert document["version"] == version.number and validate_document(document) == []
    older = client.get("/api/v1/bureaus/wenxian/catalog/", {"version": 1}).json()
    assert older["version"] == 1 and older["items"] != document["items"]
    diff = client.get(f"/b/wenxian/catalog/diff/1/{version.number}/")
    assert diff.status_code == 200 and "《中华人民共和国安全生产法》" in diff.content.decode()
