"""Disclosure guides: every change through guide_save (admin and API), publication by a second person."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from gongkai.accounts.permissions import FourEyesDenied
from gongkai.accounts.roles import Role
from gongkai.core.models import AuditLogEntry
from gongkai.portal import services
from gongkai.portal.models import DisclosureGuide
from tests.factories import save_and_publish_guide, user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def guide(people, xiuwu):
    return save_and_publish_guide(
        bureau=xiuwu, body="<p>第一版指南</p>", rules_text="<p>制度</p>", acting_user=people[Role.EDITOR]
    )


def test_editor_cannot_publish_a_guide(people, xiuwu, guide):
    with pytest.raises(FourEyesDenied) as exc:
        services.guide_save(
            bureau=xiuwu,
            body="<p>编辑自行发布</p>",
            rules_text="",
            publish=True,
            confidentiality_result="passed",
            acting_user=people[Role.EDITOR],
        )
    assert exc.value.code == "own_approval"


def test_reviewer_cannot_publish_the_guide_they_wrote(people, xiuwu, guide):
    reviewer = people[Role.REVIEWER]
    services.guide_save(bureau=xiuwu, body="<p>审核人改写</p>", rules_text="", publish=False, acting_user=reviewer)
    with pytest.raises(FourEyesDenied) as exc:
        services.guide_publish(guide=guide, acting_user=reviewer, confidentiality_result="passed")
    assert exc.value.code == "own_approval"
    services.guide_publish(guide=guide, acting_user=people[Role.LEADER], confidentiality_result="passed")
    guide.refresh_from_db()
    assert "审核人改写" in guide.body


def test_leader_of_another_bureau_cannot_publish_the_guide(people, xiuwu, wenxian, guide):
    services.guide_save(bureau=xiuwu, body="<p>草稿</p>", rules_text="", publish=False, acting_user=people[Role.EDITOR])
    with pytest.raises(FourEyesDenied) as exc:
        services.guide_publish(
            guide=guide, acting_user=user_with_role(Role.LEADER, wenxian), confidentiality_result="passed"
        )
    assert exc.value.code == "approver_role"


def test_publication_records_the_confidentiality_check(people, xiuwu, guide):
    services.guide_save(
        bureau=xiuwu, body="<p>第二版</p>", rules_text="", publish=False, acting_user=people[Role.EDITOR]
    )
    with pytest.raises(Exception) as exc:
        services.guide_publish(guide=guide, acting_user=people[Role.REVIEWER], confidentiality_result="")
    assert exc.value.error_dict["confidentiality_result"][0].code == "confidentiality_check_required"
    services.guide_publish(
        guide=guide, acting_user=people[Role.REVIEWER], confidentiality_result="passed_with_notes", notes="电话已核实"
    )
    entry = AuditLogEntry.objects.filter(action="portal.guide.published").latest("timestamp")
    assert entry.user == people[Role.REVIEWER]
    assert (entry.data["confidentiality_result"], entry.data["notes"]) == ("passed_with_notes", "电话已核实")


def test_admin_edit_goes_through_the_service_sanitised_audited_and_unpublished(client, people, xiuwu, guide):
    client.force_login(people[Role.EDITOR])
    url = reverse("wagtailsnippets_portal_disclosureguide:edit", args=[guide.pk])
    form = client.get(url).context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None and k not in ("body", "rules_text")}
    body = '{"blocks":[{"key":"a","text":"新版指南","type":"unstyled","depth":0,"inlineStyleRanges":[],"entityRanges":[]}],"entityMap":{}}'
    data.update({"body": body, "rules_text": body, "action-publish": "action-publish"})
    response = client.post(url, data)
    assert response.status_code in (200, 302)
    guide.refresh_from_db()
    assert "第一版指南" in guide.body  # the live version is unchanged: an editor cannot publish from the form
    working = guide.get_latest_revision_as_object()
    assert "新版指南" in working.body
    entry = AuditLogEntry.objects.filter(action="portal.guide.changed").latest("timestamp")
    assert entry.user == people[Role.EDITOR] and "新版指南" in entry.data["after"]["body"]


def test_admin_publish_screen_approves_with_the_check(client, people, xiuwu, guide):
    services.guide_save(
        bureau=xiuwu, body="<p>待审指南</p>", rules_text="", publish=False, acting_user=people[Role.EDITOR]
    )
    url = reverse("portal_guide_publish", args=[guide.pk])
    client.force_login(people[Role.EDITOR])
    assert client.post(url, {"confidentiality_result": "passed"}).status_code in (302, 403)
    guide.refresh_from_db()
    assert "待审指南" not in guide.body
    client.force_login(people[Role.REVIEWER])
    assert "guide-publish-form" in client.get(url).content.decode()
    client.post(url, {"confidentiality_result": "passed"})
    guide.refresh_from_db()
    assert "待审指南" in guide.body


def test_api_publish_by_the_author_is_refused_with_a_code(people, xiuwu, guide):
    api = APIClient()
    api.force_authenticate(people[Role.EDITOR])
    url = reverse("api:staff-guide", kwargs={"code": "xiuwu"})
    response = api.put(
        url, {"body": "<p>编辑版</p>", "rules_text": "", "publish": True, "confidentiality_result": "passed"}
    )
    assert response.status_code == 403 and response.json()["code"] == "own_approval"
    assert DisclosureGuide.objects.get(pk=guide.pk).body == guide.body
