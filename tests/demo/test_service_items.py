"""The services' demo: items of the city and two counties, written by the editor and approved by the reviewer."""

import pytest

from gongkai.core.models import AuditLogEntry
from gongkai.demo import organizations
from gongkai.demo import service_items as demo
from gongkai.service_items.models import ServiceItem

pytestmark = pytest.mark.django_db


def test_demo_items_are_written_by_the_editor_approved_by_the_reviewer_and_public(client):
    organizations.load_demo()
    assert demo.load_demo() == 5
    item = ServiceItem.objects.get(bureau__code="wuzhi", code="410823-XK-001")
    assert item.live_guide.created_by.username == "wuzhi-editor"
    assert item.live_guide.approved_by.username == "wuzhi-reviewer"
    assert AuditLogEntry.objects.filter(action="service_items.guide.published").count() == 5
    assert "烟花爆竹经营（零售）许可证核发" in client.get("/b/wuzhi/services/").content.decode()
    assert demo.load_demo() == 0  # loading twice changes nothing
