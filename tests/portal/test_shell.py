"""The portal shell: site identity, dates, languages, static-publishing constraints, and the
admin screens behind it (guide editing, platform settings, strict CSP)."""

import re

import pytest
from django.template.loader import get_template
from django.urls import reverse
from django.utils import timezone
from wagtail.admin.widgets import AdminDateInput, AdminDateTimeInput, AdminTimeInput

from gongkai.accounts.roles import Role
from gongkai.core.models import SiteSetting
from gongkai.organizations.models import BureauKind
from gongkai.portal import rendering, services
from gongkai.portal.models import DisclosureGuide, to_wagtail_richtext
from tests.factories import save_and_publish_guide

from ..factories import BureauFactory

INLINE_SCRIPT = re.compile(r"<script\b(?![^>]*\b(src|type=\"application/json\")=?)[^>]*>", re.IGNORECASE)


@pytest.fixture
def guide(people, xiuwu):
    saved = save_and_publish_guide(
        bureau=xiuwu,
        body="<p>指南正文</p>",
        rules_text="<p>制度正文</p>",
        acting_user=people[Role.EDITOR],
    )
    return DisclosureGuide.objects.get(pk=saved.pk)


def test_footer_shows_the_site_identity(client, identity, xiuwu):
    html = client.get(reverse("portal:bureau", kwargs={"code": "xiuwu"})).content.decode()
    for value in [
        "测试市应急管理局办公室",
        "4108000001",
        "豫ICP备12345678号",
        "豫公网安备41080002000001号",
        "0391-1234567",
    ]:
        assert value in html
    assert 'href="https://zfwzzc.www.gov.cn/"' in html
    assert '<meta name="SiteIDCode" content="4108000001">' in html


def test_footer_leaves_out_identity_fields_that_are_not_configured(client, xiuwu):
    html = client.get(reverse("portal:home")).content.decode()
    assert "SiteIDCode" not in html and "beian.miit.gov.cn" not in html
    assert SiteSetting._meta.get_field("platform_name").default in html


def test_english_pages_use_the_english_platform_name_and_mark_chinese_data(identity, xiuwu):
    html = rendering.render_bureau(xiuwu, "en")
    assert '<html lang="en">' in html and "Test City Disclosure Platform" in html
    assert '<h1 lang="zh-Hans">修武县应急管理局</h1>' in html
    zh = rendering.render_bureau(xiuwu, "zh-hans")
    assert '<html lang="zh-Hans">' in zh and '<h1 lang="zh-Hans">' not in zh


def test_pages_link_their_language_alternates(xiuwu, settings):
    settings.GONGKAI = {**settings.GONGKAI, "PUBLIC_BASE_URL": "https://yjj.example.gov.cn"}
    html = rendering.render_section(xiuwu, "guide", "zh-hans")
    assert '<link rel="alternate" hreflang="en" href="https://yjj.example.gov.cn/en/b/xiuwu/guide/">' in html
    assert '<link rel="alternate" hreflang="zh-Hans" href="https://yjj.example.gov.cn/b/xiuwu/guide/">' in html
    assert 'href="/en/b/xiuwu/guide/" lang="en" hreflang="en"' in html


def test_home_lists_every_bureau_with_its_update_date(client, xiuwu, wenxian, guide):
    html = client.get(reverse("portal:home")).content.decode()
    assert html.count('class="bureau-card"') == 3  # the city bureau and two counties
    date = timezone.localdate(guide.last_published_at).isoformat()
    assert f'<time datetime="{date}">{date}</time>' in html


def test_home_lists_township_units_in_their_own_section(client, xiuwu):
    BureauFactory(code="xiuwu-town", name="修武县某镇应急办", short_name="某镇", kind=BureauKind.TOWNSHIP, parent=xiuwu)
    html = client.get(reverse("portal:home")).content.decode()
    assert 'id="township-heading"' in html and "修武县某镇应急办" in html


def test_bureau_page_dates_each_part_and_marks_unpublished_parts(xiuwu, guide):
    html = rendering.render_bureau(xiuwu, "en")
    parts = re.findall(r'<li class="part">(.*?)</li>', html, re.S)
    assert len(parts) == 4
    assert "<time" in parts[0] and "<time" in parts[1]  # guide, rules
    assert "Not yet published" in parts[2] and "Not yet published" in parts[3]  # statutory, annual reports


def test_bureau_page_names_the_leader_hours_and_disclosure_office(client, xiuwu):
    xiuwu.leader_title = "副局长"
    xiuwu.disclosure_office = "办公室"
    xiuwu.save()
    html = client.get(reverse("portal:bureau", kwargs={"code": "xiuwu"})).content.decode()
    assert "测试领导" in html and "副局长" in html and "工作日 8:30—18:00" in html and "办公室" in html


def test_guide_page_shows_publisher_and_publication_date(xiuwu, guide):
    html = rendering.render_section(xiuwu, "guide", "zh-hans")
    assert "指南正文" in html and xiuwu.name in html
    assert f'<time datetime="{timezone.localtime(guide.last_published_at).isoformat()[:19]}' in html


def test_pending_draft_does_not_change_the_public_date(people, xiuwu, guide):
    published_at = guide.last_published_at
    services.guide_save(bureau=xiuwu, body="<p>草稿</p>", rules_text="", publish=False, acting_user=people[Role.EDITOR])
    html = rendering.render_section(xiuwu, "guide", "zh-hans")
    assert "草稿" not in html and timezone.localtime(published_at).isoformat()[:19] in html


@pytest.mark.parametrize("section", rendering.SECTIONS)
@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_public_pages_are_static_safe(xiuwu, guide, section, language):
    """No CSRF token, no inline script, no per-visitor data: the HTML can be published as a file."""
    for html in (
        rendering.render_home(language),
        rendering.render_bureau(xiuwu, language),
        rendering.render_section(xiuwu, section, language),
    ):
        assert "csrfmiddlewaretoken" not in html
        assert INLINE_SCRIPT.search(html) is None
        assert html.count("<script") == 1 and "portal/a11y.js" in html


def test_unknown_section_is_refused(xiuwu):
    with pytest.raises(ValueError):
        rendering.render_section(xiuwu, "secret", "zh-hans")


def test_void_tags_are_stored_the_way_wagtail_expects(people, xiuwu):
    assert to_wagtail_richtext("<p>a<br>b<BR >c<hr></p>") == "<p>a<br/>b<br/>c<hr/></p>"
    guide = save_and_publish_guide(
        bureau=xiuwu, body="<p>名称<br>地址</p>", rules_text="<hr>", acting_user=people[Role.EDITOR]
    )
    guide.refresh_from_db()
    assert guide.body == "<p>名称<br/>地址</p>" and guide.rules_text == "<hr/>"
    assert "<br/>" in guide.latest_revision.content["body"]


def test_admin_edit_view_opens_a_guide_with_line_breaks(client, people, xiuwu):
    """Regression: an unclosed <br> made Draftail's converter fail and the edit view answer 500."""
    guide = save_and_publish_guide(
        bureau=xiuwu, body="<p>名称<br>地址</p>", rules_text="", acting_user=people[Role.EDITOR]
    )
    client.force_login(people[Role.EDITOR])
    response = client.get(reverse("wagtailsnippets_portal_disclosureguide:edit", args=[guide.pk]))
    assert response.status_code == 200


def test_editor_sees_only_its_own_guide_in_the_admin(client, people, xiuwu, wenxian, guide):
    other = save_and_publish_guide(
        bureau=wenxian, body="<p>温县</p>", rules_text="", acting_user=people["wenxian_editor"]
    )
    client.force_login(people[Role.EDITOR])
    listing = client.get(reverse("wagtailsnippets_portal_disclosureguide:list")).content.decode()
    assert "修武县应急管理局" in listing and "温县应急管理局" not in listing
    response = client.get(reverse("wagtailsnippets_portal_disclosureguide:edit", args=[other.pk]))
    assert response.status_code in (403, 404)


def test_only_the_system_admin_edits_the_platform_settings(client, people, identity):
    url = reverse("wagtailsnippets_core_sitesetting:edit", args=[identity.pk])
    client.force_login(people[Role.SYSTEM_ADMIN])
    assert client.get(url).status_code == 200
    client.force_login(people[Role.EDITOR])
    response = client.get(url)
    assert response.status_code in (302, 403, 404)
    if response.status_code == 302:
        assert url not in response["Location"]


@pytest.mark.parametrize("widget", [AdminDateInput, AdminDateTimeInput, AdminTimeInput])
def test_admin_date_widgets_have_no_inline_script(widget):
    """The admin CSP (script-src 'self') would block Wagtail's inline initialisers."""
    html = widget().render("when", None, {"id": "id_when"})
    assert INLINE_SCRIPT.search(html) is None
    assert 'data-gongkai-init="' in html and 'data-target-id="id_when"' in html


@pytest.mark.parametrize(
    "name", ["wagtailadmin/panels/inline_panel.html", "wagtailadmin/panels/multiple_chooser_panel.html"]
)
def test_admin_panel_templates_have_no_inline_script(name):
    template = get_template(name)
    source = template.template.source
    assert INLINE_SCRIPT.search(source) is None and "data-gongkai-init" in source


def test_capability_apps_fill_a_part_through_a_section_provider(monkeypatch, xiuwu):
    published = timezone.now()
    monkeypatch.setattr(rendering, "_providers", dict(rendering._providers))
    rendering.register_section_provider(
        "annual_reports",
        rendering.SectionProvider(
            context=lambda bureau: {"leader_note": bureau.leader_name},
            template="portal/_contact.html",
            updated_at=lambda bureau: published,
        ),
    )
    section = rendering.render_section(xiuwu, "annual_reports", "zh-hans")
    assert 'id="contact-heading"' in section and 'class="empty-state"' not in section
    overview = rendering.render_bureau(xiuwu, "en")
    annual = re.findall(r'<li class="part">(.*?)</li>', overview, re.S)[3]
    assert timezone.localdate(published).isoformat() in annual
    with pytest.raises(ValueError):
        rendering.register_section_provider("elsewhere", rendering.SectionProvider(context=dict, template="x.html"))
