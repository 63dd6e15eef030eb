"""The portal frame's parts are rendered once per language and settings row (portal/_shell.html): any
change to the settings, a bureau or a guide shows on the next request."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from gongkai.accounts.roles import Role
from gongkai.core.models import SiteSetting
from tests.factories import save_and_publish_guide

pytestmark = pytest.mark.django_db


@pytest.fixture
def site(db):
    return SiteSetting.objects.create(platform_name="测试市政务公开平台", organizer="第一主办单位")


def test_settings_change_shows_on_the_next_request(client, site, xiuwu):
    url = reverse("portal:bureau", kwargs={"code": "xiuwu"})
    assert "第一主办单位" in client.get(url).content.decode()
    SiteSetting.objects.filter(pk=site.pk).update(  # as another process would: no signal here
        organizer="测试市人民政府办公室",
        icp_number="豫ICP备00000001号",
        updated_at=timezone.now() + dt.timedelta(seconds=1),
    )
    html = client.get(url).content.decode()
    assert "测试市人民政府办公室" in html and "豫ICP备00000001号" in html and "第一主办单位" not in html
    assert "测试市人民政府办公室" in client.get(reverse("portal:home")).content.decode()


def test_bureau_and_guide_changes_show_on_the_next_request(client, site, xiuwu, people):
    url = reverse("portal:guide", kwargs={"code": "xiuwu"})
    save_and_publish_guide(bureau=xiuwu, body="<p>第一版指南</p>", rules_text="", acting_user=people[Role.EDITOR])
    assert "第一版指南" in client.get(url).content.decode()
    save_and_publish_guide(bureau=xiuwu, body="<p>第二版指南</p>", rules_text="", acting_user=people[Role.EDITOR])
    type(xiuwu).objects.filter(pk=xiuwu.pk).update(short_name="修武新")
    html = client.get(url).content.decode()
    assert "第二版指南" in html and "第一版指南" not in html and "修武新" in html


def test_english_frame_follows_the_english_name(client, site, xiuwu):
    url = "/en" + reverse("portal:home")
    html = client.get(url).content.decode()
    assert 'lang="zh-Hans">测试市政务公开平台' in html
    site.platform_name_en = "Test City Platform"
    site.save()
    html = client.get(url).content.decode()
    assert "Test City Platform" in html and 'lang="zh-Hans">测试市政务公开平台' not in html
