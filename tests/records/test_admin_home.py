"""The editor's home in the admin (issue 16 §5): what needs this person, scoped by the permission module,
instead of Wagtail's page search, page counts and editor guide."""

import datetime as dt

import pytest
from django.utils import timezone

from gongkai.catalogs.constants import CatalogStatus
from gongkai.catalogs.models import Catalog
from gongkai.records import services

from .factories import published_item

pytestmark = pytest.mark.django_db


@pytest.fixture
def item(xiuwu):
    return published_item(xiuwu, level2="安全生产行政处罚")


def home(client, user) -> str:
    client.force_login(user)
    response = client.get("/admin/", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 200
    return response.content.decode()


def test_the_home_has_no_page_search_no_page_counts_and_no_wagtail_guide(client, editor, item):
    html = home(client, editor)
    assert "Search all pages" not in html and "搜索所有页面" not in html
    assert "editor guide" not in html.lower() and "guide.wagtail.org" not in html
    assert "wagtailadmin_explore" not in html and "site_summary_pages" not in html


def test_the_editor_sees_their_drafts_and_what_is_due_and_not_a_review_queue(client, editor, item):
    late = timezone.localdate() - dt.timedelta(days=60)
    draft = services.record_create_draft(
        acting_user=editor, bureau=item.catalog.bureau, catalog_item=item, title="待完成的处罚决定公示", event_date=late
    )
    html = home(client, editor)
    drafts = html.split('id="records-mine-section"', 1)[1].split("</section>", 1)[0]
    assert draft.title in drafts and "待我审核" not in drafts
    due = html.split('id="records-due-section"', 1)[1].split("</section>", 1)[0]
    draft.refresh_from_db()
    assert draft.title in due and "逾期" in due and draft.due_date.isoformat() in due


def test_the_reviewer_sees_what_awaits_their_review_but_never_their_own(client, editor, reviewer, item, wenxian_editor):
    mine = services.record_create_draft(
        acting_user=editor, bureau=item.catalog.bureau, catalog_item=item, title="请审核的通知"
    )
    services.record_submit(acting_user=editor, record=mine)
    html = home(client, reviewer)
    review = html.split('id="records-mine-section"', 1)[1].split("</section>", 1)[0]
    assert "待我审核" in review and mine.title in review
    # Another bureau's editor sees nothing of it.
    assert mine.title not in home(client, wenxian_editor)


def test_the_editor_sees_catalogs_returned_with_opinions(client, editor, wenxian_editor, xiuwu):
    Catalog.objects.create(bureau=xiuwu, status=CatalogStatus.RETURNED, status_changed_at=timezone.now())
    html = home(client, editor)
    returned = html.split('id="catalogs-returned-section"', 1)[1].split("</section>", 1)[0]
    assert xiuwu.name in returned
    other = home(client, wenxian_editor).split('id="catalogs-returned-section"', 1)[1].split("</section>", 1)[0]
    assert xiuwu.name not in other
