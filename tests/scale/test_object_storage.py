"""Uploaded files in an S3-compatible object store (STORAGE_S3_*), against a real local S3 server (moto).

The storage configuration comes from the real settings module run with the STORAGE_S3_* variables; the
files go through the services and views as in production, and stay private: the bucket refuses anonymous
reads, and who may download stays decided by the app's views.
"""

import datetime as dt
import runpy
import urllib.error
import urllib.request
import uuid
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone

import gongkai.conf.settings
from gongkai.records import services
from gongkai.records.models import Attachment

from ..foi_requests.factories import FoiRequestFactory
from ..records.factories import published_item

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def s3_server():
    boto3 = pytest.importorskip("boto3")
    moto_server = pytest.importorskip("moto.server")
    server = moto_server.ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    endpoint = f"http://{host}:{port}"
    client = boto3.client(
        "s3", endpoint_url=endpoint, aws_access_key_id="gk-key", aws_secret_access_key="gk-secret", region_name="cn-1"
    )
    try:
        yield endpoint, client
    finally:
        server.stop()


@pytest.fixture
def s3_storage(s3_server, settings, monkeypatch):
    """STORAGES as the settings module builds it from the environment, made the test's storage."""
    endpoint, client = s3_server
    bucket = f"gongkai-media-{uuid.uuid4().hex[:12]}"  # the server's state lives as long as the module
    client.create_bucket(Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": "cn-1"})
    for name, value in {
        "STORAGE_S3_BUCKET": bucket,
        "STORAGE_S3_ENDPOINT_URL": endpoint,
        "STORAGE_S3_ACCESS_KEY_ID": "gk-key",
        "STORAGE_S3_SECRET_ACCESS_KEY": "gk-secret",
        "STORAGE_S3_REGION": "cn-1",
        "STORAGE_S3_PREFIX": "media",
    }.items():
        monkeypatch.setenv(name, value)
    built = runpy.run_path(str(Path(gongkai.conf.settings.__file__)))
    assert built["STORAGES"]["default"]["BACKEND"] == "storages.backends.s3.S3Storage"
    settings.STORAGES = {**settings.STORAGES, "default": built["STORAGES"]["default"]}
    yield endpoint, client, bucket


def _keys(client, bucket):
    return [item["Key"] for item in client.list_objects_v2(Bucket=bucket).get("Contents", [])]


def _anonymous_get(url):
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def _assert_private(endpoint, client, bucket, key):
    grants = client.get_object_acl(Bucket=bucket, Key=key)["Grants"]
    assert not [g for g in grants if "AllUsers" in g["Grantee"].get("URI", "")]
    assert _anonymous_get(f"{endpoint}/{bucket}/{key}") == 403


def test_without_the_bucket_variable_uploads_stay_on_the_local_file_system(monkeypatch):
    monkeypatch.delenv("STORAGE_S3_BUCKET", raising=False)
    built = runpy.run_path(str(Path(gongkai.conf.settings.__file__)))
    assert built["STORAGES"]["default"]["BACKEND"] == "django.core.files.storage.FileSystemStorage"


def test_a_record_attachment_is_stored_in_the_bucket_privately_and_downloaded_through_the_app(
    s3_storage, client, editor, reviewer, xiuwu
):
    endpoint, s3, bucket = s3_storage
    item = published_item(xiuwu, level2="安全生产行政处罚")
    record = services.record_create_draft(acting_user=editor, bureau=xiuwu, catalog_item=item, title="活动方案")
    content = "修武县安全生产月活动方案（对象存储）".encode()
    attachment = services.attachment_add(acting_user=editor, record=record, name="活动方案.txt", data=content)

    (key,) = _keys(s3, bucket)
    assert key.startswith("media/") and key == f"media/{attachment.file.name}"
    assert s3.get_object(Bucket=bucket, Key=key)["Body"].read() == content
    _assert_private(endpoint, s3, bucket, key)
    signed = default_storage.url(attachment.file.name)
    assert "Signature=" in signed and "Expires=" in signed  # any URL the storage makes is signed and expires

    url = reverse("records:attachment", kwargs={"uuid": record.uuid, "pk": attachment.pk})
    assert client.get(url).status_code == 404  # not published yet: the app refuses, whatever the storage
    services.record_submit(acting_user=editor, record=record)
    services.record_approve(acting_user=reviewer, record=record, confidentiality_result="passed")
    services.record_publish(acting_user=editor, record=record)
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == content
    assert Attachment.objects.get(pk=attachment.pk).file.size == len(content)


def test_an_foi_file_in_the_bucket_reaches_its_handlers_only(s3_storage, client, xiuwu, editor, supervisor):
    endpoint, s3, bucket = s3_storage
    foi = FoiRequestFactory(
        bureau=xiuwu, received_on=timezone.localdate(), due_on=timezone.localdate() + dt.timedelta(30)
    )
    client.force_login(editor)
    act = reverse("foi_admin:act", args=[foi.pk, "request_supplement"])
    response = client.post(act, {"items": "请写明年份", "period_working_days": 10})
    assert response.status_code == 302, response.content.decode()[:2000]
    notice = foi.attachments.get()  # the 补正告知书, generated as a PDF
    (key,) = _keys(s3, bucket)
    assert key == f"media/{notice.file.name}"
    _assert_private(endpoint, s3, bucket, key)

    url = reverse("foi_admin:attachment", args=[foi.pk, notice.pk])
    response = client.get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF")
    client.force_login(supervisor)  # the city supervisor is no handler of this request
    assert client.get(url).status_code in (302, 403)
    client.logout()
    assert client.get(url).status_code in (302, 403)


def test_a_wagtail_document_in_the_bucket_is_served_by_wagtails_view(s3_storage, client, root_collection):
    from wagtail.documents.models import Document

    endpoint, s3, bucket = s3_storage
    document = Document.objects.create(title="应急预案", file=ContentFile(b"%PDF-1.4 plan", name="plan.pdf"))
    (key,) = _keys(s3, bucket)
    _assert_private(endpoint, s3, bucket, key)
    response = client.get(document.url)
    assert response.status_code == 200
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert body == b"%PDF-1.4 plan"
