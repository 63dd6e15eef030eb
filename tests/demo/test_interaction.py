"""The interaction demo: answered and published inquiries, one overdue, surveys with responses, concerns
with their published responses, all through the services; loading twice changes nothing."""

import pytest

from gongkai.concerns.models import Concern
from gongkai.demo import interaction as demo
from gongkai.demo import organizations
from gongkai.inquiries import selectors as inquiry_selectors
from gongkai.surveys.models import Survey

pytestmark = pytest.mark.django_db


def test_the_demo_has_answered_overdue_surveyed_and_responded_items(client):
    organizations.load_demo()
    assert demo.load_demo() == {"inquiries": 10, "surveys": 3, "concerns": 3}
    assert inquiry_selectors.published().count() == 5
    assert sorted(i.bureau.code for i in inquiry_selectors.overdue()) == ["jiaozuo", "mengzhou", "wuzhi", "xiuwu"]
    for code in ("jiaozuo", "wuzhi", "xiuwu"):  # the "several bureaus", each with every kind
        assert inquiry_selectors.published().filter(bureau__code=code).exists()
        assert Survey.objects.get(bureau__code=code).responses.exists()
        assert Concern.objects.filter(bureau__code=code).exclude(published_at=None).exists()
    # one left for more than 3 months: the website self-inspection's single veto
    assert [i.bureau.code for i in inquiry_selectors.unanswered_beyond()] == ["mengzhou"]
    assert all(s.responses.count() >= 12 for s in Survey.objects.all())
    assert dict(Survey.objects.values_list("bureau__code", "verify_by")) == {
        "jiaozuo": "email",
        "wuzhi": "phone",
        "xiuwu": "phone",
    }
    assert all(c.published_at for c in Concern.objects.all())
    assert "烟花爆竹零售许可证延续办理时间" in client.get("/b/wuzhi/inquiries/").content.decode()
    assert client.get("/api/v1/concerns/?bureau=jiaozuo").json()["results"][0]["level"] == "major"
    assert demo.load_demo() == {"inquiries": 0, "surveys": 0, "concerns": 0}
