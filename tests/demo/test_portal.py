"""The portal's demo: guides published through the guide service (editor drafts, reviewer publishes),
and the site identity placeholders filled only where blank."""

import pytest

from gongkai.core.models import AuditLogEntry, SiteSetting
from gongkai.demo import organizations
from gongkai.demo import portal as demo
from gongkai.portal.models import DisclosureGuide

pytestmark = pytest.mark.django_db


def test_demo_fills_blank_identity_fields_only(xiuwu):
    identity = SiteSetting.objects.create(platform_name="测试市应急管理政务公开平台", site_code="4108000001")
    demo.load_demo()
    identity.refresh_from_db()
    assert identity.site_code == "4108000001"  # kept
    assert identity.icp_number == demo.DEMO_IDENTITY["icp_number"]  # filled


def test_demo_guides_are_drafted_by_the_editor_and_published_by_the_reviewer():
    organizations.load_demo()
    assert demo.load_guides() == 12
    guide = DisclosureGuide.objects.get(bureau__code="mengzhou")
    assert guide.live
    authors = [r.user.username for r in guide.revisions.order_by("created_at", "pk")]
    assert authors == ["mengzhou-editor"]  # the reviewer approves, and so writes no revision (four eyes)
    published = AuditLogEntry.objects.filter(action="portal.guide.published", object_id=str(guide.pk))
    assert [e.user.username for e in published] == ["mengzhou-reviewer"]
    assert demo.load_guides() == 0  # loading twice changes nothing
