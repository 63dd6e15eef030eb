"""A catalog file uploaded for import is audited at once, even if the import is never confirmed (issue 11 §3)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from gongkai.catalogs.interchange.models import ImportJob
from gongkai.core.models import AuditLogEntry

from .helpers import official_workbook

pytestmark = pytest.mark.django_db


def test_an_uploaded_catalog_file_is_audited_with_user_bureau_and_size(client, editor, xiuwu):
    client.force_login(editor)
    data = official_workbook()
    response = client.post("/admin/catalog-files/xiuwu/import/", {"file": SimpleUploadedFile("修武县目录.xlsx", data)})
    assert response.status_code == 302
    job = ImportJob.objects.get()
    entry = AuditLogEntry.objects.get(action="catalogs.import_job.uploaded")
    assert entry.user == editor and entry.bureau_code == xiuwu.code and entry.ip_address == "127.0.0.1"
    assert entry.data == {"job": str(job.pk), "file": "修武县目录.xlsx", "size": len(data)}
