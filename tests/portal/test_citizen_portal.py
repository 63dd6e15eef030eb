"""The portal as citizens find it (issue 16 §4): the header's search box, the home page's entries and
latest lists, each column's latest records, robots.txt, the API index, absolute links from the site URL,
search results with snippets and sorting."""

import datetime as dt
from pathlib import Path

import pytest
from django.urls import reverse

from gongkai.portal import entries, latest, rendering
from gongkai.records.constants import Genre, InterpretationForm
from gongkai.search.text import snippet

from ..records.factories import published_item, published_record

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("default_language")]


@pytest.fixture
def records(editor, reviewer, xiuwu):
    item = published_item(xiuwu, level2="安全生产行政处罚")
    policy = published_record(
        editor,
        reviewer,
        item,
        title="关于加强尾矿库安全管理的通知",
        summary="为加强尾矿库安全管理，现就有关事项通知如下。",
        is_policy=True,
        event_date=dt.date(2026, 5, 20),
    )
    interpretation = published_record(
        editor,
        reviewer,
        item,
        title="《尾矿库安全管理通知》政策解读",
        genre=Genre.INTERPRETATION,
        interprets=policy,
        interpretation_form=InterpretationForm.CHART,
        event_date=dt.date(2026, 5, 21),
    )
    return policy, interpretation


@pytest.fixture
def body_hit(records, editor, reviewer, xiuwu):
    """Published after the others; finds "尾矿库" in its summary only."""
    item = published_item(xiuwu, level2="工作动态")
    return published_record(editor, reviewer, item, title="安全生产月活动方案", summary="检查全县尾矿库。")


def test_every_public_page_has_a_plain_get_search_form_in_its_header(client, xiuwu):
    for url in (reverse("portal:home"), reverse("portal:bureau", kwargs={"code": "xiuwu"}), reverse("foi:index")):
        html = client.get(url).content.decode()
        header = html.split('<header class="site-header">', 1)[1].split("</header>", 1)[0]
        assert f'<form class="header-search" method="get" action="{reverse("records:search")}" role="search">' in header
        assert 'name="q"' in header and "csrfmiddlewaretoken" not in header


def test_home_shows_entries_latest_records_and_interpretations(client, records):
    policy, interpretation = records
    html = client.get(reverse("portal:home")).content.decode()
    assert 'class="home-entry home-entry-foi"' in html and f'href="{reverse("foi:index")}"' in html
    assert "依申请公开" in html
    latest_records = html.split('id="latest-records-heading"', 1)[1].split("</section>", 1)[0]
    assert policy.title in latest_records and "修武" in latest_records
    latest_interpretations = html.split('id="latest-interpretations-heading"', 1)[1].split("</section>", 1)[0]
    assert interpretation.title in latest_interpretations and policy.title not in latest_interpretations


def test_an_entry_registered_by_an_app_shows_and_an_unregistered_one_does_not(client, db):
    entries.register_entry(key="participation", label="政民互动", url_name="portal:home", order=20)
    try:
        assert [e.key for e in entries.shown_entries()][:2] == ["foi", "participation"]
        assert "home-entry-participation" in rendering.render_home("zh-hans")
    finally:
        entries.unregister_entry("participation")
    assert "home-entry-participation" not in rendering.render_home("zh-hans")
    # An entry whose URL depends on data that is not there yet (no bureau with services) is left out.
    assert "services" not in [e.key for e in entries.shown_entries()]


def test_bureau_column_shows_its_latest_records(client, records, wenxian):
    policy, _interpretation = records
    html = client.get(reverse("portal:bureau", kwargs={"code": "xiuwu"})).content.decode()
    assert 'id="latest-records-heading"' in html and policy.title in html
    assert "latest-interpretations-heading" not in html  # a home-page list only
    other = client.get(reverse("portal:bureau", kwargs={"code": "wenxian"})).content.decode()
    assert policy.title not in other and 'class="empty-state"' in other
    assert [lst.key for lst in latest.shown_lists(wenxian)] == ["records"]


def test_home_renders_without_a_request_with_its_lists(records):
    policy, _interpretation = records
    assert policy.title in rendering.render_home("zh-hans")


def test_robots_txt_names_the_sitemap_from_the_site_url(client, settings):
    settings.GONGKAI = {**settings.GONGKAI, "PUBLIC_BASE_URL": "https://gongkai.example.gov.cn"}
    response = client.get("/robots.txt")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/plain")
    text = response.content.decode()
    assert "Sitemap: https://gongkai.example.gov.cn/sitemap.xml" in text
    assert "Disallow: /admin/" in text


def test_canonical_and_alternate_links_come_from_the_site_url(client, settings, xiuwu):
    settings.GONGKAI = {**settings.GONGKAI, "PUBLIC_BASE_URL": "http://127.0.0.1:8123"}
    html = client.get(reverse("portal:bureau", kwargs={"code": "xiuwu"})).content.decode()
    assert '<link rel="canonical" href="http://127.0.0.1:8123/b/xiuwu/">' in html
    assert 'hreflang="en" href="http://127.0.0.1:8123/en/b/xiuwu/"' in html
    assert ":8000" not in html


def test_run_demo_port_sets_the_site_url_unless_configured(settings, monkeypatch):
    from gongkai.demo.management.commands.run_demo import use_port_in_links

    settings.GONGKAI = {**settings.GONGKAI, "PUBLIC_BASE_URL": "http://127.0.0.1:8000"}
    monkeypatch.delenv("PUBLIC_BASE_URL", raising=False)
    monkeypatch.delenv("WAGTAILADMIN_BASE_URL", raising=False)
    use_port_in_links("8123")
    assert settings.GONGKAI["PUBLIC_BASE_URL"] == "http://127.0.0.1:8123"
    assert settings.WAGTAILADMIN_BASE_URL == "http://127.0.0.1:8123"
    monkeypatch.setenv("PUBLIC_BASE_URL", "https://gongkai.example.gov.cn")
    settings.GONGKAI = {**settings.GONGKAI, "PUBLIC_BASE_URL": "https://gongkai.example.gov.cn"}
    use_port_in_links("8124")
    assert settings.GONGKAI["PUBLIC_BASE_URL"] == "https://gongkai.example.gov.cn"


def test_api_root_lists_its_endpoints(client):
    response = client.get("/api/v1/")
    assert response.status_code == 200
    data = response.json()
    paths = {e["name"]: e["path"] for e in data["endpoints"]}
    assert paths["bureau-list"] == "/api/v1/bureaus/"
    assert "record-list" in paths or any(p.startswith("/api/v1/records") for p in paths.values())
    assert data["schema"] == "/api/v1/schema/" and "root" not in paths
    schema = (Path(__file__).resolve().parents[2] / "src/gongkai/api/openapi.yaml").read_text(encoding="utf-8")
    assert "\n  /api/v1/:\n    get:" in schema and "ApiIndex:" in schema


def test_search_results_show_a_highlighted_snippet_index_number_and_bureau(client, records):
    policy, _interpretation = records
    html = client.get(reverse("records:search"), {"q": "尾矿库"}).content.decode()
    assert "<mark>尾矿库</mark>" in html
    assert policy.index_number and policy.index_number in html
    assert "修武" in html


def test_search_snippets_are_escaped(client, editor, reviewer, xiuwu):
    item = published_item(xiuwu, level2="通知公告")
    published_record(editor, reviewer, item, title="安全通知", summary="<b>粗体</b> 与 <script>x</script> 尾矿")
    html = client.get(reverse("records:search"), {"q": "尾矿"}).content.decode()
    snippet_html = html.split('class="snippet"', 1)[1].split("</p>", 1)[0]
    assert "<b>" not in snippet_html and "<script>" not in snippet_html and "<mark>尾矿</mark>" in snippet_html


def test_search_can_be_sorted_by_date(client, records, body_hit):
    policy, _interpretation = records
    by_relevance = client.get(reverse("records:search"), {"q": "尾矿库"}).content.decode()
    by_date = client.get(reverse("records:search"), {"q": "尾矿库", "order": "newest"}).content.decode()
    assert by_relevance.index(policy.title) < by_relevance.index(body_hit.title)  # title hits first
    assert by_date.index(body_hit.title) < by_date.index(policy.title)
    assert 'aria-current="true">' in by_date and "order=relevance" in by_date


def test_snippet_marks_every_term_and_cuts_around_the_first_match():
    text = "开头" * 100 + "尾矿库安全管理" + "结尾" * 100
    pairs = snippet(text, "尾矿库 管理", width=40)
    assert pairs[0] == ("…", False) and pairs[-1] == ("…", False)
    assert ("尾矿库", True) in pairs and ("管理", True) in pairs
    assert len("".join(t for t, _hit in pairs)) <= 42
    assert snippet("Safety FIRST", "first") == [("Safety ", False), ("FIRST", True)]
    assert snippet("", "x") == [] and snippet("无匹配", "") == [("无匹配", False)]
