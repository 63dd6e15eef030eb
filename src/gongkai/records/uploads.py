"""Where an attachment's file is stored (live attachments and staged attachment changes alike)."""

import uuid

from django.utils import timezone


def attachment_upload_to(instance, filename):
    # A random name: the stored path never reveals the original name nor guesses another file.
    suffix = instance.detected_type or "bin"
    return f"records/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.{suffix}"
