"""Files an applicant or staff attach to an FOI request: stored, and every upload audited.

`attach_files` stores files already checked (validation.check_files: type, size, content) inside the
caller's transaction; each upload writes an audit entry (who, which request, name, size, digest).
"""

from __future__ import annotations

from django.core.files.base import ContentFile

from gongkai.core import audit

from ..models import RequestAttachment
from ..validation import CheckedFile


def _audit_upload(attachment: RequestAttachment) -> None:
    """Every uploaded file is audited (who, which request, name, size, digest)."""
    audit.record(
        "foi_requests.attachment.uploaded",
        user=audit.current_user(),
        instance=attachment.request,
        data={
            "attachment": attachment.pk,
            "role": attachment.role,
            "name": attachment.filename,
            "size": attachment.size,
            "sha256": attachment.sha256,
        },
    )


def attach_files(foi, files, *, role: str, visible_to_applicant: bool = False) -> list[RequestAttachment]:
    """Store checked files (validation.CheckedFile) on a request; call inside the step's transaction."""
    stored = []
    for checked in files:
        if not isinstance(checked, CheckedFile):
            raise TypeError("attach_files takes validation.CheckedFile objects (see validation.check_files)")
        attachment = RequestAttachment(
            request=foi,
            role=role,
            filename=checked.name,
            content_type=checked.content_type,
            size=checked.size,
            sha256=checked.sha256,
            visible_to_applicant=visible_to_applicant,
        )
        attachment.file.save(checked.name, ContentFile(checked.data), save=False)
        attachment.save()
        _audit_upload(attachment)
        stored.append(attachment)
    return stored
