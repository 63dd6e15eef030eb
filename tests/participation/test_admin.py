"""The staff screens: scoped by bureau, each form calls its service (the period through the rules module)."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from gongkai.accounts.roles import Role
from gongkai.participation import models
from gongkai.participation.services import decisions
from tests.factories import BureauFactory, user_with_role

from .conftest import make_consultation

pytestmark = pytest.mark.django_db


def test_the_consultation_form_refuses_a_short_period_and_saves_a_lawful_one(client, bureau, editor):
    catalog = decisions.catalog_create(bureau=bureau, year=2026, acting_user=editor)
    matter = decisions.matter_save(
        catalog=catalog, fields={"title": "规划", "department": "规划科"}, acting_user=editor
    )
    client.force_login(editor)
    today = timezone.localdate()
    data = {
        "bureau": bureau.pk,
        "kind": "major_decision",
        "matter": matter.pk,
        "title": "征求意见",
        "opens": today.isoformat(),
        "closes": (today + dt.timedelta(days=10)).isoformat(),
        "moderation": "pre",
        "summary_due_days": 30,
    }
    response = client.post("/admin/participation/consultations/new/", data)
    assert response.status_code == 200 and "不少于30日" in response.content.decode()
    data["closes"] = (today + dt.timedelta(days=30)).isoformat()
    data["draft_file"] = SimpleUploadedFile("draft.txt", "草案全文".encode())
    response = client.post("/admin/participation/consultations/new/", data)
    consultation = models.Consultation.objects.get()
    assert response.status_code == 302 and consultation.matter == matter and consultation.draft.title.startswith("草案")


def test_another_bureau_sees_nothing_and_may_not_export(client, bureau, editor):
    consultation = make_consultation(bureau, editor)
    other = user_with_role(Role.EDITOR, BureauFactory(code="boai"))
    client.force_login(other)
    assert client.get(f"/admin/participation/consultations/{consultation.pk}/").status_code == 404
    assert client.get(f"/admin/participation/consultations/{consultation.pk}/comments.xlsx").status_code == 404
    assert consultation.title not in client.get("/admin/participation/").content.decode()


def test_the_staff_pages_render_for_the_bureau(client, bureau, editor):
    consultation = make_consultation(bureau, editor)
    catalog = decisions.catalog_create(bureau=bureau, year=2026, acting_user=editor)
    client.force_login(editor)
    for url in (
        "/admin/participation/",
        f"/admin/participation/consultations/{consultation.pk}/",
        f"/admin/participation/catalogs/{catalog.pk}/",
        "/admin/participation/hearings/new/",
        "/admin/participation/catalogs/new/",
    ):
        assert client.get(url).status_code == 200, url
    response = client.get(f"/admin/participation/consultations/{consultation.pk}/comments.xlsx")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxmlformats")
