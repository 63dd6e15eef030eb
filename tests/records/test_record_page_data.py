"""The record page's lean path: one query for the record and everything around it, the platform settings
read again only when their version changes, the portal frame rendered once per settings version — and
every change visible on the next request."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from gongkai.core.models import SiteSetting
from gongkai.records import review, services

from .factories import published_item, published_record
from .test_screening import docx_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def item(xiuwu):
    return published_item(xiuwu, level2="安全生产行政处罚")


@pytest.fixture
def site(db):
    return SiteSetting.objects.create(platform_name="测试市政务公开平台", platform_name_en="Test Platform")


@pytest.fixture
def record(editor, reviewer, item):
    return published_record(
        editor, reviewer, item, title="关于开展安全生产月活动的通知", document_number="修应急〔2026〕12号"
    )


def _queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    _queries.last = [q["sql"] for q in queries.captured_queries]
    return response.content.decode(), len(queries.captured_queries)


def test_record_page_is_one_query_once_the_settings_are_known(client, site, record):
    _queries(client, record.get_absolute_url())
    html, count = _queries(client, record.get_absolute_url())
    assert count == 1
    assert "测试市政务公开平台" in html and "修应急〔2026〕12号" in html and "安全生产行政处罚" in html


def test_settings_saved_in_another_process_show_on_the_next_request(client, site, record):
    _queries(client, record.get_absolute_url())
    # As another process would: no signal reaches this one, only the row's new version.
    SiteSetting.objects.filter(pk=site.pk).update(
        platform_name="改名后的平台",
        operator="测试市应急管理局办公室",
        updated_at=timezone.now() + dt.timedelta(seconds=1),
    )
    html, count = _queries(client, record.get_absolute_url())
    assert count == 2  # the record, then the settings row again
    assert "改名后的平台" in html and "测试市政务公开平台" not in html
    assert "测试市应急管理局办公室" in html  # the footer (a cached part of the frame) too
    english, _ = _queries(client, "/en" + record.get_absolute_url())
    assert "Test Platform" in english


def test_settings_saved_here_show_on_the_next_request(client, site, record):
    _queries(client, record.get_absolute_url())
    site.platform_name_en = "Renamed Platform"
    site.site_code = "4108000001"
    site.save()
    html, _ = _queries(client, "/en" + record.get_absolute_url())
    assert "Renamed Platform" in html and '<meta name="SiteIDCode" content="4108000001">' in html


def test_settings_row_created_later_shows_on_the_next_request(client, record):
    html, _ = _queries(client, record.get_absolute_url())
    assert SiteSetting._meta.get_field("platform_name").default in html
    SiteSetting.objects.create(platform_name="新建的平台")
    html, _ = _queries(client, record.get_absolute_url())
    assert "新建的平台" in html


def test_bureau_and_item_changes_show_on_the_next_request(client, site, record, xiuwu, item):
    _queries(client, record.get_absolute_url())
    type(xiuwu).objects.filter(pk=xiuwu.pk).update(name="修武县应急管理局（新）", short_name="修武新")
    type(item).objects.filter(pk=item.pk).update(level2="安全生产行政许可")
    html, _ = _queries(client, record.get_absolute_url())
    assert "修武新" in html and "安全生产行政许可" in html and "安全生产行政处罚" not in html


def test_record_change_shows_on_the_next_request_once_approved(client, site, record, editor, reviewer):
    _queries(client, record.get_absolute_url())
    services.record_update(acting_user=editor, record=record, title="关于开展安全生产月活动的补充通知")
    html, _ = _queries(client, record.get_absolute_url())
    assert "关于开展安全生产月活动的补充通知" not in html  # pending: four eyes
    review.record_change_approve(acting_user=reviewer, record=record, confidentiality_result="passed")
    html, _ = _queries(client, record.get_absolute_url())
    assert "关于开展安全生产月活动的补充通知" in html


def test_attachments_and_links_come_with_the_record_in_one_query(client, site, editor, reviewer, item):
    policy = services.record_create_draft(
        acting_user=editor,
        bureau=item.catalog.bureau,
        catalog_item=item,
        title="关于印发安全生产约谈办法的通知",
        genre="measures",
        is_policy=True,
    )
    services.attachment_add(acting_user=editor, record=policy, name="约谈办法.docx", data=docx_bytes("约谈办法正文"))
    services.attachment_add(acting_user=editor, record=policy, name="约谈记录表.docx", data=docx_bytes("记录表"))
    services.record_submit(acting_user=editor, record=policy)
    services.record_approve(acting_user=reviewer, record=policy, confidentiality_result="passed")
    services.record_publish(acting_user=editor, record=policy)
    policy.refresh_from_db()
    interpretation = published_record(
        editor,
        reviewer,
        item,
        title="《安全生产约谈办法》政策解读",
        genre="interpretation",
        interpretation_form="text_qa",
        interprets=policy,
    )
    _queries(client, policy.get_absolute_url())
    html, count = _queries(client, policy.get_absolute_url())
    assert "约谈办法.docx" in html and interpretation.get_absolute_url() in html
    assert "《安全生产约谈办法》政策解读" in html
    assert count == 1, _queries.last  # the record with its links and its attachments
    assert html.index("约谈办法.docx") < html.index("约谈记录表.docx")  # in their order
    html, count = _queries(client, interpretation.get_absolute_url())
    assert policy.get_absolute_url() in html and "约谈办法.docx" not in html
    assert "关于印发安全生产约谈办法的通知" in html
    assert count == 1, _queries.last  # the record with its links

    attachment = policy.attachments.get(original_name="约谈办法.docx")
    change = services.attachment_remove(acting_user=editor, attachment=attachment)  # waits for approval
    assert change.state == "pending"
    html, _ = _queries(client, policy.get_absolute_url())
    assert "约谈办法.docx" in html and "约谈记录表.docx" in html


def test_missing_or_draft_record_is_404(client, site, editor, item):
    draft = services.record_create_draft(
        acting_user=editor, bureau=item.catalog.bureau, catalog_item=item, title="草稿"
    )
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get("/records/00000000-0000-4000-8000-000000000000/").status_code == 404


def _record_page_executions() -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT coalesce(sum(generic_plans + custom_plans), 0) FROM pg_prepared_statements"
            ' WHERE statement LIKE \'SELECT "records_record"."id" AS "id"%%\''
        )
        return cursor.fetchone()[0]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="prepared statements are PostgreSQL's")
def test_record_page_query_is_a_prepared_statement_on_postgresql(client, site, record, settings):
    before = _record_page_executions()
    for _ in range(3):
        html, count = _queries(client, record.get_absolute_url())
    assert count == 1 and "修应急〔2026〕12号" in html
    assert _record_page_executions() == before + 3
    settings.GONGKAI = {**settings.GONGKAI, "DB_PREPARED_STATEMENTS": False}
    html, count = _queries(client, record.get_absolute_url())
    assert count == 1 and "修应急〔2026〕12号" in html
    assert _record_page_executions() == before + 3
