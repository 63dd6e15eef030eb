"""The public registry: the portal pages (city-wide and per bureau) and GET /api/v1/new-media-accounts/."""

import shutil

import pytest

from gongkai.new_media import services
from tests.portal.test_html_validity import vnu_errors

from .factories import open_account

pytestmark = pytest.mark.django_db


@pytest.fixture
def accounts(xiuwu, wenxian, editor, chain, wenxian_editor):
    kept = open_account(bureau=xiuwu, editor=editor, **chain)
    closed = open_account(
        bureau=xiuwu, editor=editor, fields={"platform": "weibo", "name": "修武应急微博", "handle": "xiuwu_wb"}, **chain
    )
    close = services.application_submit(bureau=xiuwu, kind="close", account=closed, reason="整合", acting_user=editor)
    from .factories import approve_all

    approve_all(close, **chain)
    services.application_submit(
        bureau=xiuwu,
        kind="open",
        fields={"platform": "douyin", "name": "待批抖音", "handle": "dy1"},
        reason="x",
        acting_user=editor,
    )
    return kept


def test_the_city_page_lists_active_accounts_by_bureau(client, accounts):
    page = client.get("/new-media/").content.decode()
    assert "修武应急" in page and "xiuwu_yingji" in page and "微信公众号" in page
    assert "修武应急微博" not in page and "待批抖音" not in page


def test_the_bureau_page_lists_its_accounts_and_the_bureau_page_links_to_it(client, accounts, wenxian):
    assert "xiuwu_yingji" in client.get("/b/xiuwu/new-media/").content.decode()
    assert "xiuwu_yingji" not in client.get("/b/wenxian/new-media/").content.decode()
    assert "/b/xiuwu/new-media/" in client.get("/b/xiuwu/").content.decode()
    assert client.get("/b/nowhere/new-media/").status_code == 404
    assert "WeChat official account" in client.get("/en/new-media/").content.decode()


def test_the_api_lists_active_accounts_filtered_by_bureau(client, accounts):
    data = client.get("/api/v1/new-media-accounts/").json()
    assert [row["account_id"] for row in data["results"]] == ["xiuwu_yingji"]
    row = data["results"][0]
    assert {k: row[k] for k in ("platform", "name", "bureau", "opened_on")} == {
        "platform": "wechat",
        "name": "修武应急",
        "bureau": "xiuwu",
        "opened_on": accounts.opened_on.isoformat(),
    }
    assert client.get("/api/v1/new-media-accounts/?bureau=wenxian").json()["results"] == []
    assert client.get("/api/v1/new-media-accounts/?bureau=xiuwu").json()["count"] == 1


def test_the_api_is_in_the_openapi_schema(client):
    schema = client.get("/api/v1/schema/?format=json").json()
    assert "/api/v1/new-media-accounts/" in schema["paths"]


@pytest.mark.one_pass  # markup validity does not depend on the database: CI checks it in the SQLite pass
def test_the_registry_pages_pass_the_nu_html_checker(client, accounts, tmp_path):
    if shutil.which("java") is None:
        pytest.skip("Java is not installed (Nu HTML checker)")
    for number, path in enumerate(["/new-media/", "/b/xiuwu/new-media/", "/en/new-media/", "/b/wenxian/new-media/"]):
        (tmp_path / f"page{number}.html").write_bytes(client.get(path).content)
    assert vnu_errors(tmp_path) == []
