"""The staff screens: per-bureau list, create, edit with materials and a form template, submit, approve."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from gongkai.accounts.roles import Role
from gongkai.service_items import services
from gongkai.service_items.models import GuideStatus, ServiceItem
from tests.factories import BureauFactory, user_with_role

from .factories import complete_fields, draft_item

pytestmark = pytest.mark.django_db


def _post_data(**overrides) -> dict:
    fields = complete_fields()
    data = {
        "name": "烟花爆竹经营（零售）许可",
        "item_type": "licensing",
        **{k: v for k, v in fields.items() if k not in ("faq", "is_free")},
        "is_free": "on",
        "materials-TOTAL_FORMS": "1",
        "materials-INITIAL_FORMS": "0",
        "materials-0-name": "申请书",
        "materials-0-form": "original",
        "materials-0-count": "1",
        "materials-0-required": "on",
        "materials-0-template_file": SimpleUploadedFile("apply.txt", "烟花爆竹经营许可申请书".encode()),
        "faq-TOTAL_FORMS": "1",
        "faq-INITIAL_FORMS": "0",
        "faq-0-question": "需要多久？",
        "faq-0-answer": "十个工作日。",
    }
    data.update(overrides)
    return data


def test_an_editor_creates_writes_and_submits_a_guide_and_a_reviewer_publishes_it(client, bureau, editor, reviewer):
    client.force_login(editor)
    response = client.post(
        "/admin/services/new/",
        {"bureau": bureau.pk, "code": "410821-XK-009", "name": "烟花爆竹", "item_type": "licensing"},
    )
    item = ServiceItem.objects.get(code="410821-XK-009")
    assert response.status_code == 302
    response = client.post(f"/admin/services/{item.pk}/", _post_data())
    assert response.status_code == 302, response.content.decode()[:2000]
    guide = services.working_guide(item)
    assert guide.materials.get().template.title == "申请书"
    assert guide.faq == [{"question": "需要多久？", "answer": "十个工作日。"}]
    client.post(f"/admin/services/{item.pk}/submit/")
    guide.refresh_from_db()
    assert guide.status == GuideStatus.SUBMITTED
    # The author sees the review screen without the approve button, and approving is refused.
    page = client.get(f"/admin/services/{item.pk}/review/")
    assert page.status_code in (302, 403) or b'name="approve"' not in page.content
    client.force_login(reviewer)
    assert b'name="approve"' in client.get(f"/admin/services/{item.pk}/review/").content
    response = client.post(f"/admin/services/{item.pk}/review/", {"confidentiality_result": "passed", "approve": "1"})
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.live_guide_id == guide.pk and item.name == "烟花爆竹经营（零售）许可"


def test_the_list_shows_only_the_users_own_bureau(client, bureau, editor):
    draft_item(bureau=bureau, editor=editor)
    other = BureauFactory(code="boai")
    other_editor = user_with_role(Role.EDITOR, other)
    draft_item(bureau=other, editor=other_editor, code="410822-XK-001", name="博爱县的事项")
    client.force_login(editor)
    page = client.get("/admin/services/").content.decode()
    assert "危险化学品经营许可" in page and "博爱县的事项" not in page
    other_item = ServiceItem.objects.get(code="410822-XK-001")
    assert client.get(f"/admin/services/{other_item.pk}/").status_code == 404


def test_the_edit_screen_lists_what_is_missing_before_submission(client, bureau, editor):
    item = draft_item(bureau=bureau, editor=editor, phone="")
    client.force_login(editor)
    response = client.post(f"/admin/services/{item.pk}/submit/", follow=True)
    assert services.working_guide(item).status == GuideStatus.DRAFT
    assert response.status_code == 200


def test_the_edit_screen_lists_every_version_with_who_approved_it(client, bureau, editor, reviewer):
    from .factories import published_item

    item = published_item(bureau=bureau, editor=editor, reviewer=reviewer)
    services.guide_save(item=item, fields={"phone": "0391-7222119"}, acting_user=editor)
    client.force_login(editor)
    page = client.get(f"/admin/services/{item.pk}/").content.decode()
    assert page.count("<tr><td>") >= 2 and str(reviewer) in page
