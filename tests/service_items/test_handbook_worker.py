"""A real worker process (`manage.py db_worker`) rebuilds the handbooks that publishing a guide queued."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.test import override_settings

from gongkai.accounts.roles import Role
from gongkai.service_items.models import Handbook
from tests.factories import BureauFactory, user_with_role
from tests.foi_requests.test_reminders import DB_TASKS, _database_url, _rows

from .factories import published_item


@pytest.mark.django_db(transaction=True)
def test_the_worker_builds_the_handbooks_queued_by_a_publication(tmp_path):
    bureau = BureauFactory(code="wuzhi", name="武陟县应急管理局")
    editor, reviewer = user_with_role(Role.EDITOR, bureau), user_with_role(Role.REVIEWER, bureau)
    with override_settings(TASKS=DB_TASKS):
        published_item(bureau=bureau, editor=editor, reviewer=reviewer)  # commits: the rebuilds are queued
    assert sorted(Handbook.objects.values_list("scope", "status")) == [("city", "queued"), ("wuzhi", "queued")]
    url, sqlite_copy = _database_url(tmp_path)
    media = tmp_path / "media"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "gongkai.conf.settings",
        "DATABASE_URL": url,
        "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
        "MEDIA_ROOT": str(media),
        "DJANGO_ENV": "development",
        "DEBUG": "false",
    }
    env.pop("DJANGO_CONFIGURATION", None)
    manage = Path(django_settings.BASE_DIR) / "manage.py"
    done = subprocess.run(
        [sys.executable, str(manage), "db_worker", "--batch", "--no-startup-delay", "--no-reload", "--interval", "0.1"],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    rows = _rows(
        sqlite_copy, "SELECT scope, status, progress, guide_count, pdf FROM service_items_handbook ORDER BY scope"
    )
    assert [(scope, status, progress, count) for scope, status, progress, count, _pdf in rows] == [
        ("city", "ready", 100, 1),
        ("wuzhi", "ready", 100, 1),
    ]
    assert (media / rows[1][4]).read_bytes().startswith(b"%PDF")
