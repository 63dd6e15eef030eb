"""Every file uploaded to an FOI request is audited (issue 11 §3; GB/T 22239-2019 8.1.4.3 a)."""

import hashlib

import pytest
from django.core.cache import cache

from gongkai.core.models import AuditLogEntry
from gongkai.foi_requests.models import RequestAttachment
from gongkai.foi_requests.services import intake

from .test_validation import valid

pytestmark = pytest.mark.django_db


def test_an_uploaded_application_file_is_audited_with_name_size_and_digest(xiuwu):
    cache.clear()
    data = "委托".encode()
    foi, _ = intake.submit_request(
        bureau=xiuwu, data=valid(), channel="internet", ip="203.0.113.77", files=[("委托书.txt", data)]
    )
    attachment = RequestAttachment.objects.get(request=foi)
    entry = AuditLogEntry.objects.get(action="foi_requests.attachment.uploaded")
    assert entry.object_id == str(foi.pk) and entry.data["attachment"] == attachment.pk
    assert entry.data["name"] == "委托书.txt" and entry.data["size"] == len(data)
    assert entry.data["sha256"] == hashlib.sha256(data).hexdigest() and entry.data["role"] == "application"
