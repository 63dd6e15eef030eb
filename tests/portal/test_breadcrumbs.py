"""One breadcrumb trail (portal/_breadcrumbs.html) for every public page below the home page."""

import re

import pytest
from django.urls import reverse

from ..records.factories import published_item, published_record

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("default_language")]


def _trail(html: str) -> list[str]:
    nav = re.search(r'<nav class="wrap breadcrumbs" aria-label="[^"]+"><ol>(.*?)</ol></nav>', html, re.S)
    assert nav is not None
    return re.findall(r"<li>(.*?)</li>", nav[1])


def test_record_page_trail_runs_home_city_county_item_record(client, editor, reviewer, xiuwu):
    item = published_item(xiuwu, level2="安全生产行政处罚")
    record = published_record(editor, reviewer, item, title="关于开展安全生产月活动的通知")
    trail = _trail(client.get("/en" + record.get_absolute_url()).content.decode())
    assert trail == [
        '<a href="/en/">Home</a>',
        f'<a href="/en/b/{xiuwu.parent.code}/" lang="zh-Hans">{xiuwu.parent.short_name}</a>',
        '<a href="/en/b/xiuwu/" lang="zh-Hans">修武县</a>',
        f'<a href="/en/b/xiuwu/items/{item.key}/records/" lang="zh-Hans">安全生产行政处罚</a>',
        '<span aria-current="page" lang="zh-Hans">关于开展安全生产月活动的通知</span>',
    ]


def test_english_record_list_does_not_mark_its_english_crumb_as_chinese(client, xiuwu):
    trail = _trail(client.get("/en" + reverse("records:bureau_records", kwargs={"code": "xiuwu"})).content.decode())
    assert trail[-1] == '<span aria-current="page">Published records</span>'


def test_bureau_page_trail_ends_with_the_bureau_and_a_section_with_its_title(client, xiuwu):
    bureau = _trail(client.get(reverse("portal:bureau", kwargs={"code": "xiuwu"})).content.decode())
    assert bureau[-1] == '<span aria-current="page">修武县</span>' and len(bureau) == 3
    guide = _trail(client.get("/en" + reverse("portal:guide", kwargs={"code": "xiuwu"})).content.decode())
    assert guide[-2:] == [
        '<a href="/en/b/xiuwu/" lang="zh-Hans">修武县</a>',
        '<span aria-current="page">Disclosure guide</span>',
    ]


def test_city_wide_pages_trail_is_home_and_the_page(client, xiuwu):
    trail = _trail(client.get("/en" + reverse("catalogs:status")).content.decode())
    assert trail == ['<a href="/en/">Home</a>', '<span aria-current="page">Catalog status of every bureau</span>']
