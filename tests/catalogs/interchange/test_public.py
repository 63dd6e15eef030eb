"""Portal downloads of published catalogs, and the JSON Schema at its stable URL."""

import io

import pytest
from django.urls import reverse
from jsonschema import Draft202012Validator
from openpyxl import load_workbook

from gongkai.accounts.roles import Role
from gongkai.catalogs import services
from tests.catalogs.factories import catalog_from_guidelines, published_catalog, publisher

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(xiuwu, editor, people):
    return published_catalog(xiuwu, editor, people[Role.GOV_REVIEWER])


def test_download_url_name():
    assert reverse("catalogs:download", kwargs={"code": "xiuwu", "fmt": "xlsx"}) == "/b/xiuwu/catalog/download.xlsx"


@pytest.mark.parametrize(
    "fmt,content_type",
    [
        ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        ("csv", "text/csv; charset=utf-8"),
        ("json", "application/json"),
        ("pdf", "application/pdf"),
        ("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ],
)
def test_published_catalog_downloads(client, published, fmt, content_type):
    response = client.get(f"/b/xiuwu/catalog/download.{fmt}")

    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert response["Content-Disposition"] == f'attachment; filename="xiuwu-catalog-v1.{fmt}"'
    assert len(response.content) > 500


def test_download_of_an_older_version_and_of_the_current_one(client, published, editor, people):
    services.catalog_revise(catalog=published, acting_user=editor)
    catalog = published
    catalog.refresh_from_db()
    services.catalog_submit(catalog=catalog, acting_user=editor)
    services.catalog_approve(catalog=catalog, acting_user=people[Role.GOV_REVIEWER])
    services.catalog_publish(catalog=catalog, acting_user=publisher(catalog.bureau), confidentiality_result="passed")
    current = client.get("/b/xiuwu/catalog/download.json").json()

    older = client.get("/b/xiuwu/catalog/download.json?version=1")

    assert older.status_code == 200 and older.json()["version"] == 1
    assert current["version"] > 1
    assert client.get("/b/xiuwu/catalog/download.json?version=99").status_code == 404
    assert client.get("/b/xiuwu/catalog/download.json?version=abc").status_code == 404


def test_drafts_are_never_downloadable(client, xiuwu, editor):
    catalog_from_guidelines(xiuwu, editor)

    assert client.get("/b/xiuwu/catalog/download.xlsx").status_code == 404


def test_unknown_bureau_or_format_is_404(client, published):
    assert client.get("/b/nowhere/catalog/download.xlsx").status_code == 404
    assert client.get("/b/xiuwu/catalog/download.exe").status_code == 404


def test_downloaded_xlsx_is_the_official_layout(client, published):
    wb = load_workbook(io.BytesIO(client.get("/b/xiuwu/catalog/download.xlsx").content))

    assert wb.sheetnames[:2] == ["安全生产", "救灾"]
    assert wb["安全生产"]["A1"].value == "修武县应急管理局安全生产领域基层政务公开标准目录"


def test_schema_is_served_with_a_stable_absolute_id(client, settings):
    response = client.get("/api/v1/schemas/catalog.json")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/schema+json")
    assert response["Access-Control-Allow-Origin"] == "*"
    schema = response.json()
    assert schema["$id"] == settings.GONGKAI["PUBLIC_BASE_URL"].rstrip("/") + "/api/v1/schemas/catalog.json"
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert reverse("api:catalog-schema") == "/api/v1/schemas/catalog.json"


def test_downloaded_json_is_valid_against_the_served_schema(client, published):
    schema = client.get("/api/v1/schemas/catalog.json").json()
    document = client.get("/b/xiuwu/catalog/download.json").json()

    Draft202012Validator.check_schema(schema)
    assert list(Draft202012Validator(schema).iter_errors(document)) == []
    assert document["$schema"].endswith("/api/v1/schemas/catalog.json")
    assert len(document["items"]) == 18


def test_portal_catalog_page_links_the_downloads(client, published):
    content = client.get("/b/xiuwu/catalog/").content.decode()

    assert "/b/xiuwu/catalog/download.xlsx" in content and "/b/xiuwu/catalog/download.json" in content
