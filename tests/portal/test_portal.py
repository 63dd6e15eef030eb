import pytest
from django.urls import reverse

from gongkai.portal import rendering, services
from tests.factories import save_and_publish_guide


@pytest.fixture
def published_guide(people, xiuwu):
    return save_and_publish_guide(
        bureau=xiuwu,
        body="<p>修武县公开指南正文</p>",
        rules_text="<p>制度</p>",
        acting_user=people["editor"],
    )


def test_home_lists_disclosing_bureaus_but_not_review_offices(client, xiuwu, wenxian):
    html = client.get(reverse("portal:home")).content.decode()
    assert "修武县应急管理局" in html and "温县应急管理局" in html
    assert "修武县人民政府办公室" not in html


def test_bureau_page_shows_contact_hours_and_leader(client, xiuwu):
    html = client.get(reverse("portal:bureau", kwargs={"code": "xiuwu"})).content.decode()
    assert xiuwu.phone in html and xiuwu.office_hours in html and xiuwu.leader_name in html


@pytest.mark.parametrize("section", ["guide", "rules", "statutory", "annual_reports"])
def test_empty_sections_show_an_empty_state(client, xiuwu, section):
    response = client.get(reverse(f"portal:{section}", kwargs={"code": "xiuwu"}))
    assert response.status_code == 200
    assert 'class="empty-state"' in response.content.decode()


def test_published_guide_appears_on_portal(client, published_guide):
    html = client.get(reverse("portal:guide", kwargs={"code": "xiuwu"})).content.decode()
    assert "修武县公开指南正文" in html


def test_draft_guide_change_does_not_reach_portal(client, people, xiuwu, published_guide):
    services.guide_save(
        bureau=xiuwu, body="<p>草稿内容</p>", rules_text="", publish=False, acting_user=people["editor"]
    )
    html = client.get(reverse("portal:guide", kwargs={"code": "xiuwu"})).content.decode()
    assert "修武县公开指南正文" in html and "草稿内容" not in html


def test_guide_body_is_sanitized(people, xiuwu):
    guide = save_and_publish_guide(
        bureau=xiuwu,
        body='<p onclick="x()">ok</p><script>alert(1)</script>',
        rules_text="",
        acting_user=people["editor"],
    )
    assert "script" not in guide.body and "onclick" not in guide.body


def test_public_pages_render_without_a_request(xiuwu, published_guide):
    assert "修武县应急管理局" in rendering.render_home("zh-hans")
    assert "修武县公开指南正文" in rendering.render_section(xiuwu, "guide", "zh-hans")
    assert 'lang="en"' in rendering.render_bureau(xiuwu, "en")


def test_unknown_bureau_is_404(client, db):
    assert client.get("/b/nowhere/").status_code == 404


def test_healthz_reports_database_ok(client, db):
    data = client.get("/healthz").json()
    assert data["status"] == "ok" and data["database"] == "ok"
