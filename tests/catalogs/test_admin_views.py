"""Staff screens: the review flow through the admin, and who sees what."""

import pytest
from django.urls import reverse

from gongkai.accounts.roles import Role
from gongkai.catalogs import selectors, services
from gongkai.catalogs.constants import CatalogStatus
from gongkai.catalogs.guidelines import guidelines_load_shipped
from gongkai.catalogs.models import GuidelineItem
from gongkai.core.models import AuditLogEntry

from .factories import catalog_from_guidelines, published_catalog, publisher

pytestmark = pytest.mark.django_db


def _url(name, **kwargs):
    return reverse(f"catalogs_admin:{name}", kwargs=kwargs)


def _refused(response) -> bool:
    """Wagtail's admin turns PermissionDenied into a redirect to the dashboard with a message."""
    return response.status_code == 403 or (
        response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")
    )


def _item_post(**overrides):
    data = {
        "domain": "production_safety",
        "level1": "依法行政",
        "level2": "行政检查",
        "content": "行政检查的依据、对象和结果",
        "legal_basis": "《中华人民共和国安全生产法》\n《中华人民共和国政府信息公开条例》",
        "time_limit_text": "信息形成或变更之日起20个工作日内",
        "responsible_body": "修武县应急管理局",
        "mode": ["proactive"],
        "channels": ["政府网站", "政务服务中心"],
        "audience": ["public"],
        "levels": ["county"],
        "responsible_office": "执法监察科",
        "source": "duty_list",
        "notes": "",
    }
    data.update(overrides)
    return data


def test_editor_walks_create_add_edit_remove_and_submit(client, xiuwu, editor):
    guidelines_load_shipped()
    client.force_login(editor)
    rows = GuidelineItem.objects.filter(verified=True).values_list("pk", flat=True)
    response = client.post(_url("adopt", code="xiuwu"), {"rows": [str(pk) for pk in rows]})
    assert response.status_code == 302
    catalog = selectors.catalog_for_bureau(xiuwu)
    assert catalog.items.count() == 18

    response = client.post(_url("item_add", code="xiuwu") + "?source=duty_list", _item_post())
    assert response.status_code == 302
    item = catalog.items.get(level2="行政检查")
    assert item.source == "duty_list" and item.legal_basis == [
        "《中华人民共和国安全生产法》",
        "《中华人民共和国政府信息公开条例》",
    ]

    response = client.post(_url("item_edit", code="xiuwu", key=item.key), _item_post(time_limit_text="看心情"))
    assert response.status_code == 200
    assert "看心情" in response.content.decode()  # the form is shown again with the error
    response = client.post(_url("item_edit", code="xiuwu", key=item.key), _item_post(content="修改后的内容"))
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.content == "修改后的内容"

    assert client.post(_url("item_move", code="xiuwu", key=item.key, direction="up")).status_code == 302
    assert client.post(_url("item_remove", code="xiuwu", key=item.key)).status_code == 302
    item.refresh_from_db()
    assert item.removed_at is not None

    page = client.get(_url("detail", code="xiuwu"))
    assert page.status_code == 200 and "综合减灾示范社区" in page.content.decode()
    assert client.post(_url("move", code="xiuwu", action="submit"), {"comment": "请审核"}).status_code == 302
    catalog.refresh_from_db()
    assert catalog.status == CatalogStatus.SUBMITTED


def test_the_review_flow_through_the_admin(client, xiuwu, editor, gov_reviewer):
    catalog = catalog_from_guidelines(xiuwu, editor)
    services.catalog_submit(catalog=catalog, acting_user=editor)
    key = str(selectors.active_items(catalog)[0].key)

    client.force_login(gov_reviewer)
    queue = client.get(_url("queue"))
    assert "修武县应急管理局" in queue.content.decode()
    review = client.get(_url("review", code="xiuwu"))
    assert review.status_code == 200
    response = client.post(
        _url("review", code="xiuwu"), {"decision": "return", "comment": "请完善", f"opinion-{key}": "依据请写全称"}
    )
    assert response.status_code == 302
    catalog.refresh_from_db()
    assert catalog.status == CatalogStatus.RETURNED

    client.force_login(editor)
    page = client.get(_url("detail", code="xiuwu")).content.decode()
    assert "依据请写全称" in page and "请完善" in page  # opinions beside the items, and the overall one
    client.post(_url("move", code="xiuwu", action="submit"), {"comment": "已修改"})
    catalog.refresh_from_db()
    assert catalog.status == CatalogStatus.RESUBMITTED

    client.force_login(gov_reviewer)
    review = client.get(_url("review", code="xiuwu")).content.decode()
    assert "依据请写全称" in review  # earlier opinions are at hand
    client.post(_url("review", code="xiuwu"), {"decision": "approve", "comment": "同意"})
    catalog.refresh_from_db()
    assert catalog.status == CatalogStatus.APPROVED

    client.force_login(editor)  # the editor who compiled it cannot publish it (four eyes)
    client.post(_url("move", code="xiuwu", action="publish"))
    catalog.refresh_from_db()
    assert catalog.status == CatalogStatus.APPROVED
    client.force_login(publisher(xiuwu))
    client.post(_url("move", code="xiuwu", action="publish"))  # without the confidentiality check: refused
    catalog.refresh_from_db()
    assert catalog.status == CatalogStatus.APPROVED
    client.post(_url("move", code="xiuwu", action="publish"), {"confidentiality_result": "passed"})
    catalog.refresh_from_db()
    assert catalog.status == CatalogStatus.PUBLISHED
    entry = AuditLogEntry.objects.filter(action="catalogs.catalog.publish").latest("id")
    assert entry.data["confidentiality_check"] == {"result": "passed", "notes": ""}
    assert entry.user == publisher(xiuwu)
    assert client.get(_url("versions", code="xiuwu")).status_code == 200
    assert client.get(_url("compare", code="xiuwu", a=1, b=2)).status_code == 200
    assert client.get(_url("version", code="xiuwu", number=2)).status_code == 200


def test_editor_of_another_county_gets_404(client, xiuwu, editor, people):
    catalog_from_guidelines(xiuwu, editor)
    client.force_login(people["wenxian_editor"])
    item = selectors.active_items(selectors.catalog_for_bureau(xiuwu))[0]
    for url in (
        _url("detail", code="xiuwu"),
        _url("versions", code="xiuwu"),
        _url("adopt", code="xiuwu"),
        _url("item_edit", code="xiuwu", key=item.key),
        _url("review", code="xiuwu"),
    ):
        assert client.get(url).status_code == 404, url
    assert client.post(_url("move", code="xiuwu", action="submit")).status_code == 404


def test_gov_reviewer_sees_only_the_bureaus_it_reviews(client, xiuwu, wenxian, editor, gov_reviewer, people):
    catalog_from_guidelines(xiuwu, editor)
    client.force_login(gov_reviewer)
    assert client.get(_url("detail", code="xiuwu")).status_code == 200
    assert client.get(_url("detail", code="wenxian")).status_code == 404
    html = client.get(_url("index")).content.decode()
    assert "修武县应急管理局" in html and "温县应急管理局" not in html
    # and cannot edit
    assert _refused(client.get(_url("item_add", code="xiuwu")))


def test_city_supervisor_sees_every_catalog_read_only(client, xiuwu, wenxian, editor, gov_reviewer, supervisor):
    catalog = published_catalog(xiuwu, editor, gov_reviewer)
    client.force_login(supervisor)
    html = client.get(_url("index")).content.decode()
    assert "修武县应急管理局" in html and "温县应急管理局" in html
    page = client.get(_url("detail", code="xiuwu")).content.decode()
    assert "综合减灾示范社区" in page
    assert _url("item_add", code="xiuwu") not in page
    item = selectors.active_items(catalog)[0]
    assert _refused(client.get(_url("item_edit", code="xiuwu", key=item.key)))
    assert client.post(_url("move", code="xiuwu", action="revise")).status_code == 302
    catalog.refresh_from_db()
    assert catalog.status == CatalogStatus.PUBLISHED  # refused: read-only
    assert _refused(client.get(_url("review", code="xiuwu")))


def test_editor_with_one_bureau_lands_on_its_catalog(client, xiuwu, editor):
    client.force_login(editor)
    response = client.get(_url("index"))
    assert response.status_code == 302 and response["Location"] == _url("detail", code="xiuwu")
    page = client.get(_url("detail", code="xiuwu")).content.decode()
    assert _url("adopt", code="xiuwu") in page


def test_adopt_page_marks_unverified_rows(client, xiuwu, editor):
    guidelines_load_shipped()
    client.force_login(editor)
    html = client.get(_url("adopt", code="xiuwu")).content.decode()
    assert html.count("未核实 / ") == 7
    assert "28个二级事项" in html


def test_menu_shows_catalogs_to_staff_and_queue_to_reviewers(client, xiuwu, people):
    client.force_login(people[Role.GOV_REVIEWER])
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert _url("queue") in html and _url("index") in html
    client.force_login(people[Role.EDITOR])
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert _url("index") in html and _url("queue") not in html


def test_supervisor_applies_the_active_campaign_to_every_catalog(client, city, xiuwu, editor, supervisor):
    from gongkai.catalogs.models import Catalog

    from .factories import CampaignFactory

    catalog_from_guidelines(xiuwu, editor)
    campaign = CampaignFactory(city=city, is_active=False)
    campaign.is_active = True
    campaign.save()
    client.force_login(supervisor)
    assert _url("campaign_assign", pk=campaign.pk) in client.get(_url("index")).content.decode()
    assert client.post(_url("campaign_assign", pk=campaign.pk)).status_code == 302
    assert Catalog.objects.get(bureau=xiuwu).campaign == campaign
    client.force_login(editor)
    assert _refused(client.post(_url("campaign_assign", pk=campaign.pk)))
