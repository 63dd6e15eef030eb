"""The public service pages: a bureau's list and an item's guide, in both languages, valid HTML."""

import shutil

import pytest
from django.core.files.base import ContentFile
from wagtail.documents.models import Document

from gongkai.service_items import services
from tests.portal.test_html_validity import vnu_errors

from .factories import MATERIALS, draft_item, published_item

pytestmark = pytest.mark.django_db


@pytest.fixture
def item(bureau, editor, reviewer):
    template = Document.objects.create(title="申请书样表", file=ContentFile(b"shen qing shu", name="apply.txt"))
    materials = [{**MATERIALS[0], "template": template}, *MATERIALS[1:]]
    return published_item(bureau=bureau, editor=editor, reviewer=reviewer, materials=materials)


def test_the_bureau_list_shows_published_items_only(client, bureau, editor, item):
    draft_item(bureau=bureau, editor=editor, code="410821-QR-002", name="尚未发布的事项")
    page = client.get("/b/wuzhi/services/").content.decode()
    assert "危险化学品经营许可" in page and "尚未发布的事项" not in page
    assert client.get("/b/wuzhi/services/410821-QR-002/").status_code == 404


def test_the_item_page_shows_every_element_of_the_published_guide(client, item):
    page = client.get(f"/b/wuzhi/services/{item.code}/").content.decode()
    for text in (
        "《中华人民共和国安全生产法》第二十七条",
        "营业执照",
        "委托他人办理时",
        "审查",
        "武陟县政务服务中心二楼",
    ):
        assert text in page
    assert item.live_guide.materials.get(name="申请书").template.url in page
    assert "可以委托他人办理吗？" in page


def test_the_public_keeps_the_published_version_while_a_change_waits(client, editor, item):
    services.guide_save(item=item, fields={"office_address": "新地址"}, acting_user=editor)
    page = client.get(f"/b/wuzhi/services/{item.code}/").content.decode()
    assert "武陟县政务服务中心二楼" in page and "新地址" not in page


def test_the_pages_exist_in_english(client, item):
    page = client.get(f"/en/b/wuzhi/services/{item.code}/").content.decode()
    assert '<html lang="en">' in page and "Materials" in page
    assert "Service items of this bureau" in client.get("/en/b/wuzhi/services/").content.decode()


def test_the_bureau_page_links_to_its_services(client, item):
    assert "/b/wuzhi/services/" in client.get("/b/wuzhi/").content.decode()


@pytest.mark.one_pass  # markup validity does not depend on the database: CI checks it in the SQLite pass
def test_the_service_pages_pass_the_nu_html_checker(client, item, tmp_path):
    if shutil.which("java") is None:
        pytest.skip("Java is not installed (Nu HTML checker)")
    paths = [
        "/b/wuzhi/services/",
        f"/b/wuzhi/services/{item.code}/",
        "/en/b/wuzhi/services/",
        f"/en/b/wuzhi/services/{item.code}/",
    ]
    for number, path in enumerate(paths):
        (tmp_path / f"page{number}.html").write_bytes(client.get(path).content)
    assert vnu_errors(tmp_path) == []


def test_the_public_api_lists_published_items_with_their_guide_and_notice_urls(client, bureau, editor, item):
    draft_item(bureau=bureau, editor=editor, code="410821-QR-002", name="尚未发布的事项")
    data = client.get("/api/v1/service-items/?bureau=wuzhi").json()
    assert [row["code"] for row in data["results"]] == [item.code]
    row = data["results"][0]
    assert row["guide"]["promised_limit_days"] == 10 and len(row["guide"]["materials"]) == 3
    assert row["notice_pdf_url"].endswith(f"/b/wuzhi/services/{item.code}/notice.pdf")
    assert row["guide"]["materials"][0]["template_url"].startswith("http")
    assert client.get("/api/v1/service-items/?bureau=nowhere").json()["results"] == []


def test_the_public_api_answers_one_item_and_a_json_404_for_a_draft(client, bureau, editor, item):
    assert client.get(f"/api/v1/bureaus/wuzhi/service-items/{item.code}/").json()["name"] == item.name
    draft_item(bureau=bureau, editor=editor, code="D-1", name="草稿")
    response = client.get("/api/v1/bureaus/wuzhi/service-items/D-1/")
    assert response.status_code == 404 and response["Content-Type"].startswith("application/json")
