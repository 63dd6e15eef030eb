"""A real worker process (`manage.py db_worker`) rebuilds the handbooks that publishing a guide queued."""

import pytest
from django.test import override_settings

from gongkai.accounts.roles import Role
from gongkai.service_items.models import Handbook
from tests.factories import BureauFactory, user_with_role
from tests.worker import DB_TASKS, database_url, rows, run_db_worker

from .factories import published_item


@pytest.mark.django_db(transaction=True)
def test_the_worker_builds_the_handbooks_queued_by_a_publication(tmp_path):
    bureau = BureauFactory(code="wuzhi", name="武陟县应急管理局")
    editor, reviewer = user_with_role(Role.EDITOR, bureau), user_with_role(Role.REVIEWER, bureau)
    with override_settings(TASKS=DB_TASKS):
        published_item(bureau=bureau, editor=editor, reviewer=reviewer)  # commits: the rebuilds are queued
    assert sorted(Handbook.objects.values_list("scope", "status")) == [("city", "queued"), ("wuzhi", "queued")]
    url, sqlite_copy = database_url(tmp_path)
    media = tmp_path / "media"
    run_db_worker(url, {"MEDIA_ROOT": str(media)}, timeout=300)
    found = rows(
        sqlite_copy, "SELECT scope, status, progress, guide_count, pdf FROM service_items_handbook ORDER BY scope"
    )
    assert [(scope, status, progress, count) for scope, status, progress, count, _pdf in found] == [
        ("city", "ready", 100, 1),
        ("wuzhi", "ready", 100, 1),
    ]
    assert (media / found[1][4]).read_bytes().startswith(b"%PDF")
