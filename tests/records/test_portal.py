import datetime as dt

import pytest
from django.urls import reverse

from gongkai.records import rendering, review, selectors, services
from gongkai.records.constants import Genre, InterpretationForm, Subject, Validity

from .factories import published_item, published_record

pytestmark = pytest.mark.django_db


@pytest.fixture
def item(xiuwu):
    return published_item(xiuwu, level2="安全生产行政处罚")


@pytest.fixture
def record(editor, reviewer, item):
    return published_record(
        editor,
        reviewer,
        item,
        title="关于开展2026年安全生产月活动的通知",
        body="<p>各乡镇人民政府：现将活动方案印发给你们。</p>",
        document_number="修应急〔2026〕12号",
        date_written=dt.date(2026, 5, 20),
        subject=Subject.PRODUCTION_SAFETY,
        event_date=dt.date(2026, 5, 20),
    )


def test_record_page_shows_the_standard_metadata_block(client, record):
    response = client.get("/en" + record.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    for label in (
        "Index number",
        "Subject",
        "Issuing body",
        "Date written",
        "Document number",
        "Publish date",
        "Validity",
    ):
        assert f'<th scope="row">{label}</th>' in html, label
    assert record.index_number in html
    assert "修应急〔2026〕12号" in html
    assert "2026-05-20" in html
    assert "安全生产" in html
    assert "修武县应急管理局" in html
    assert "现将活动方案印发给你们" in html


def test_record_page_renders_in_few_queries(client, record, django_assert_max_num_queries):
    # The record with its bureau, item and settings version; the settings row on a first request (the
    # attachments and linked records only when there are any: see test_record_page_data.py).
    with django_assert_max_num_queries(2):
        client.get(record.get_absolute_url())


def test_record_page_in_chinese_by_default(client, record):
    html = client.get(record.get_absolute_url()).content.decode()
    assert '<html lang="zh-Hans">' in html and record.index_number in html


def test_draft_record_is_not_public(client, editor, item):
    record = services.record_create_draft(
        acting_user=editor, bureau=item.catalog.bureau, catalog_item=item, title="草稿"
    )
    assert client.get(record.get_absolute_url()).status_code == 404


def test_withdrawn_record_answers_410_with_reason(client, record, reviewer):
    services.record_withdraw(acting_user=reviewer, record=record, reason="该处罚决定已被依法撤销。")
    response = client.get(record.get_absolute_url())
    assert response.status_code == 410
    html = response.content.decode()
    assert "该处罚决定已被依法撤销。" in html
    assert record.index_number in html
    assert "现将活动方案印发给你们" not in html


def test_repealed_record_shows_banner_and_replacement(client, editor, reviewer, item, record):
    newer = published_record(editor, reviewer, item, title="新的通知")
    services.record_update(acting_user=editor, record=record, validity=Validity.REPEALED, replaced_by=newer)
    assert "validity-banner" not in client.get(record.get_absolute_url()).content.decode()  # pending: four eyes
    review.record_change_approve(acting_user=reviewer, record=record, confidentiality_result="passed")
    html = client.get(record.get_absolute_url()).content.decode()
    assert "validity-banner" in html
    assert newer.get_absolute_url() in html
    newer_html = client.get(newer.get_absolute_url()).content.decode()
    assert record.get_absolute_url() in newer_html


def test_policy_and_interpretation_link_to_each_other(client, editor, reviewer, item):
    policy = services.record_create_draft(
        acting_user=editor,
        bureau=item.catalog.bureau,
        catalog_item=item,
        title="举报奖励办法",
        is_policy=True,
        requires_interpretation=True,
    )
    interpretation = services.record_create_draft(
        acting_user=editor,
        bureau=item.catalog.bureau,
        catalog_item=item,
        title="举报奖励办法图解",
        genre=Genre.INTERPRETATION,
        interprets=policy,
        interpretation_form=InterpretationForm.CHART,
    )
    for r in (policy, interpretation):
        services.record_submit(acting_user=editor, record=r)
    services.record_approve(acting_user=reviewer, record=policy, confidentiality_result="passed")
    services.record_publish(acting_user=editor, record=policy)
    policy_html = client.get(policy.get_absolute_url()).content.decode()
    interpretation_html = client.get(interpretation.get_absolute_url()).content.decode()
    assert 'id="related-interpretations"' in policy_html and interpretation.get_absolute_url() in policy_html
    assert 'id="related-documents"' in interpretation_html and policy.get_absolute_url() in interpretation_html


def test_bureau_and_item_lists(client, record, item, xiuwu):
    html = client.get(reverse("records:bureau_records", kwargs={"code": "xiuwu"})).content.decode()
    assert record.title in html
    url = reverse("records:item_records", kwargs={"code": "xiuwu", "key": item.key})
    html = client.get(url).content.decode()
    assert record.title in html and "安全生产行政处罚" in html
    assert selectors.records_for_item_count(item) == 1
    assert selectors.records_count_by_item(xiuwu) == {item.pk: 1}


def test_item_list_of_another_bureau_is_404(client, item, wenxian):
    url = reverse("records:item_records", kwargs={"code": "wenxian", "key": item.key})
    assert client.get(url).status_code == 404


def test_rendering_needs_no_request(record):
    html = rendering.render_record(selectors.record_get_public(record.uuid))
    assert record.index_number in html


def test_bureau_feeds(client, record):
    rss = client.get(reverse("records:bureau_feed_rss", kwargs={"code": "xiuwu"}))
    assert rss.status_code == 200 and rss["Content-Type"].startswith("application/rss+xml")
    assert record.title in rss.content.decode()
    atom = client.get(reverse("records:bureau_feed_atom", kwargs={"code": "xiuwu"}))
    assert atom["Content-Type"].startswith("application/atom+xml")
    assert record.get_absolute_url() in atom.content.decode()


def test_item_feed(client, record, item):
    rss = client.get(reverse("records:item_feed_rss", kwargs={"code": "xiuwu", "key": item.key}))
    assert record.title in rss.content.decode()


def test_withdrawn_record_leaves_the_feed(client, record, reviewer):
    services.record_withdraw(acting_user=reviewer, record=record, reason="错误发布")
    rss = client.get(reverse("records:bureau_feed_rss", kwargs={"code": "xiuwu"}))
    assert record.title not in rss.content.decode()


def test_sitemap_lists_published_records(client, record):
    index = client.get("/sitemap.xml")
    assert index.status_code == 200
    assert "sitemap-records.xml" in index.content.decode()
    section = client.get("/sitemap-records.xml").content.decode()
    assert str(record.uuid) in section


def test_search_page_finds_by_two_characters(client, record):
    response = client.get(reverse("records:search"), {"q": "活动"})
    assert response.status_code == 200
    html = response.content.decode()
    assert record.title in html


def test_search_page_without_query_shows_form(client):
    response = client.get(reverse("records:search"))
    assert response.status_code == 200
    assert 'name="q"' in response.content.decode()


def test_attachment_download_only_when_published(client, record):
    url = reverse("records:attachment", kwargs={"uuid": record.uuid, "pk": 999})
    assert client.get(url).status_code == 404


def test_item_page_shows_its_due_date_as_met(client, editor, reviewer, item):
    from django.utils import timezone

    record = published_record(editor, reviewer, item, title="按时公开", event_date=timezone.localdate())
    html = client.get(reverse("records:item_records", kwargs={"code": "xiuwu", "key": item.key})).content.decode()
    assert "item-due--met" in html
    assert record.due_date.isoformat() in html
