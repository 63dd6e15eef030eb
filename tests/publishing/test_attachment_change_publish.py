"""An approved change to a published record's attachments re-renders its page in the static copy: the new
file is written, the replaced one is deleted from the tree (nginx no longer serves it)."""

import pytest

from gongkai.publishing import publisher
from gongkai.records import review, services

pytestmark = pytest.mark.django_db


def test_approved_attachment_replacement_updates_the_static_copy(
    root, record, editor, reviewer, settings, django_capture_on_commit_callbacks
):
    publisher.rebuild()
    settings.PUBLISH_ON_CHANGE = True
    old = record.attachments.get()
    old_file = root / f"records/{record.uuid}/attachments/{old.pk}/index.txt"
    assert old_file.read_bytes() == "活动方案".encode()

    with django_capture_on_commit_callbacks(execute=True):
        services.attachment_replace(
            acting_user=editor, attachment=old, name="方案（修订）.txt", data="修订方案".encode()
        )
    assert old_file.is_file()  # waiting for approval: nothing public changed

    with django_capture_on_commit_callbacks(execute=True):
        review.record_change_approve(acting_user=reviewer, record=record, confidentiality_result="passed")
    new = record.attachments.get(removed_at__isnull=True)
    assert not old_file.exists() and not old_file.with_suffix(".txt.gz").exists()
    new_file = root / f"records/{record.uuid}/attachments/{new.pk}/index.txt"
    assert new_file.read_bytes() == "修订方案".encode()
    page = (root / f"records/{record.uuid}/index.html").read_text(encoding="utf-8")
    assert "方案（修订）.txt" in page and f"/attachments/{old.pk}/" not in page
