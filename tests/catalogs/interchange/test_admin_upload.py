"""The admin upload: form, background check with progress, report, preview, confirm; permissions."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from gongkai.catalogs.interchange.models import ImportJob, ImportJobStatus
from gongkai.catalogs.models import Catalog, CatalogItem
from gongkai.core.models import AuditLogEntry
from tests.catalogs.factories import catalog_from_guidelines

from .helpers import SAFETY_ROWS, official_workbook
from .test_import_service import snapshot

pytestmark = pytest.mark.django_db

IMPORT_URL = "/admin/catalog-files/xiuwu/import/"


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


def upload(client, data, name="修武县目录.xlsx", **fields):
    return client.post(IMPORT_URL, {"file": SimpleUploadedFile(name, data), **fields})


def test_url_names():
    assert reverse("catalog_interchange:import", kwargs={"code": "xiuwu"}) == IMPORT_URL
    assert reverse("catalog_interchange:index") == "/admin/catalog-files/"


def test_upload_form_is_shown_to_the_bureaus_editor(editor_client):
    response = editor_client.get(IMPORT_URL)

    assert response.status_code == 200
    assert b'enctype="multipart/form-data"' in response.content and b'name="file"' in response.content


def test_menu_entry_leads_the_editor_to_the_bureau_form(editor_client):
    response = editor_client.get("/admin/catalog-files/")

    assert response.status_code == 302 and response["Location"] == IMPORT_URL


def test_upload_check_preview_confirm_imports(editor_client, editor, xiuwu):
    catalog_from_guidelines(xiuwu, editor)
    before = snapshot()

    response = upload(editor_client, official_workbook())

    job = ImportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/admin/catalog-files/jobs/{job.pk}/"
    assert job.status == ImportJobStatus.READY and job.progress == 100  # the test task backend runs immediately
    assert snapshot() == before  # checking changes nothing
    page = editor_client.get(response["Location"])
    assert page.status_code == 200
    content = page.content.decode()
    assert "部门和地方规章" in content and "社区/企事业单位/村公示栏（电子屏）" in content  # preview, normalized
    assert f"/admin/catalog-files/jobs/{job.pk}/confirm/" in content

    response = editor_client.post(f"/admin/catalog-files/jobs/{job.pk}/confirm/")

    job.refresh_from_db()
    assert response.status_code == 302 and job.status == ImportJobStatus.DONE
    assert [
        i.level2
        for i in CatalogItem.objects.filter(domain="production_safety", removed_at__isnull=True).order_by("position")
    ] == ["法律法规", "部门和地方规章", "行政处罚"]
    assert AuditLogEntry.objects.filter(action="catalogs.catalog.import", user=editor, bureau_code="xiuwu").exists()
    assert job.summary["removed"] == 7


def test_confirming_twice_imports_once(editor_client, editor, xiuwu):
    upload(editor_client, official_workbook())
    job = ImportJob.objects.get()

    editor_client.post(f"/admin/catalog-files/jobs/{job.pk}/confirm/")
    editor_client.post(f"/admin/catalog-files/jobs/{job.pk}/confirm/")

    assert AuditLogEntry.objects.filter(action="catalogs.catalog.import").count() == 1


def test_a_bad_file_shows_the_report_row_by_row_and_changes_nothing(editor_client, editor, xiuwu):
    catalog_from_guidelines(xiuwu, editor)
    before = snapshot()
    rows = [dict(SAFETY_ROWS[0], channels="■政府网站 ■县长信箱"), dict(SAFETY_ROWS[1], time="看情况")]

    with translation.override("en"):
        response = upload(editor_client, official_workbook(rows))
        page = editor_client.get(response["Location"], headers={"accept-language": "en"})

    job = ImportJob.objects.get()
    assert job.status == ImportJobStatus.INVALID
    assert [(r["row"], r["column"], r["code"]) for r in job.report] == [
        (5, "H", "unknown_channel"),
        (6, "F", "unparsable_time_limit"),
    ]
    content = page.content.decode()
    assert "县长信箱" in content and "看情况" in content
    assert 'class="listing catalog-import-report"' in content
    assert f"/admin/catalog-files/jobs/{job.pk}/confirm/" not in content
    assert snapshot() == before
    assert editor_client.post(f"/admin/catalog-files/jobs/{job.pk}/confirm/").status_code == 302
    assert snapshot() == before  # confirming an invalid job does nothing


def test_a_50_mb_upload_is_refused_before_it_is_read(editor_client, monkeypatch):
    from gongkai.catalogs.interchange import service

    def must_not_parse(*args, **kwargs):
        raise AssertionError("must not be parsed")

    monkeypatch.setattr(service, "parse_file", must_not_parse)

    response = upload(editor_client, b"PK\x03\x04" + b"\0" * (50 * 1024 * 1024))

    assert response.status_code == 413
    assert not ImportJob.objects.exists()
    assert "50.0" in response.content.decode()


def test_a_text_file_named_xlsx_is_reported(editor_client):
    upload(editor_client, "这不是表格".encode())

    job = ImportJob.objects.get()
    assert job.status == ImportJobStatus.INVALID and [r["code"] for r in job.report] == ["not_xlsx"]


def test_running_job_shows_a_progress_bar_polled_by_an_external_script(editor_client, editor, xiuwu):
    job = ImportJob.objects.create(
        bureau=xiuwu, created_by=editor, filename="a.xlsx", file="x.xlsx", progress=40, status=ImportJobStatus.CHECKING
    )

    page = editor_client.get(f"/admin/catalog-files/jobs/{job.pk}/").content.decode()
    status = editor_client.get(f"/admin/catalog-files/jobs/{job.pk}/status.json").json()

    assert '<progress id="import-progress" max="100" value="40"' in page
    assert f'data-import-status-url="/admin/catalog-files/jobs/{job.pk}/status.json"' in page
    assert "catalogs/interchange/import-progress.js" in page
    assert status["progress"] == 40 and status["running"] is True and status["status"] == "checking"


def test_domain_option_for_sheets_that_do_not_say(editor_client):
    upload(editor_client, official_workbook(title="标准目录"), domain="disaster_relief")

    job = ImportJob.objects.get()
    assert job.status == ImportJobStatus.READY
    assert {item["domain"] for item in job.preview} == {"disaster_relief"}


def test_admin_export_of_the_working_copy(editor_client, editor, xiuwu):
    catalog_from_guidelines(xiuwu, editor)

    response = editor_client.get("/admin/catalog-files/xiuwu/export.xlsx")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.spreadsheetml")
    assert "xiuwu-catalog-working.xlsx" in response["Content-Disposition"]


def test_another_countys_editor_gets_404_everywhere(client, other_editor, editor, xiuwu):
    job = ImportJob.objects.create(
        bureau=xiuwu, created_by=editor, filename="a.xlsx", file="x.xlsx", status=ImportJobStatus.READY
    )
    client.force_login(other_editor)

    assert client.get(IMPORT_URL).status_code == 404
    assert upload(client, official_workbook()).status_code == 404
    assert client.get(f"/admin/catalog-files/jobs/{job.pk}/").status_code == 404
    assert client.get(f"/admin/catalog-files/jobs/{job.pk}/status.json").status_code == 404
    assert client.post(f"/admin/catalog-files/jobs/{job.pk}/confirm/").status_code == 404
    assert client.get("/admin/catalog-files/xiuwu/export.xlsx").status_code == 404
    job.refresh_from_db()
    assert job.status == ImportJobStatus.READY and not Catalog.objects.exists()


def test_reviewers_and_leaders_may_not_import(client, people):
    from gongkai.accounts.roles import Role

    for role in (Role.REVIEWER, Role.GOV_REVIEWER, Role.CITY_SUPERVISOR):
        client.force_login(people[role])
        assert client.get(IMPORT_URL).status_code == 404, role


def test_anonymous_users_are_sent_to_the_login(client):
    response = client.get(IMPORT_URL)

    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def _job_with_file(bureau, user, data, **fields):
    from django.core.files.base import ContentFile

    job = ImportJob(bureau=bureau, created_by=user, filename="a.xlsx", **fields)
    job.file.save("a.xlsx", ContentFile(data), save=False)
    job.save()
    return job


def test_a_job_whose_worker_stopped_can_be_started_again(editor_client, editor, xiuwu):
    from datetime import timedelta

    from django.utils import timezone

    job = _job_with_file(xiuwu, editor, official_workbook(), status=ImportJobStatus.CHECKING, progress=30)
    ImportJob.objects.filter(pk=job.pk).update(updated_at=timezone.now() - timedelta(minutes=10))

    page = editor_client.get(f"/admin/catalog-files/jobs/{job.pk}/").content.decode()
    assert 'id="import-stale"' in page
    assert editor_client.get(f"/admin/catalog-files/jobs/{job.pk}/status.json").json()["stale"] is True

    editor_client.post(f"/admin/catalog-files/jobs/{job.pk}/restart/")

    job.refresh_from_db()
    assert job.status == ImportJobStatus.READY and len(job.preview) == 3


def test_a_running_job_is_not_restarted(editor_client, editor, xiuwu):
    job = _job_with_file(xiuwu, editor, official_workbook(), status=ImportJobStatus.CHECKING, progress=30)

    editor_client.post(f"/admin/catalog-files/jobs/{job.pk}/restart/")

    job.refresh_from_db()
    assert job.status == ImportJobStatus.CHECKING and job.progress == 30


def test_an_unexpected_failure_is_recorded_and_changes_nothing(editor, xiuwu, monkeypatch):
    from gongkai.catalogs.interchange import jobs

    catalog_from_guidelines(xiuwu, editor)
    before = snapshot()
    job = _job_with_file(xiuwu, editor, official_workbook(), status=ImportJobStatus.IMPORTING)

    def boom(**kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(jobs, "import_catalog", boom)
    jobs.process_job(job, apply=True)

    job.refresh_from_db()
    assert job.status == ImportJobStatus.FAILED and job.report[0]["code"] == "internal_error"
    assert snapshot() == before
