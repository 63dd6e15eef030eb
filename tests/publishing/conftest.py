import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.db import connection

from tests.records.factories import published_record


@pytest.fixture(autouse=True)
def _default_language(default_language):
    """Each publishing test starts in the default language."""


@pytest.fixture
def root(tmp_path, settings):
    settings.PUBLISH_ROOT = tmp_path / "site"
    return settings.PUBLISH_ROOT


def real_catalog(bureau, editor, gov_reviewer, versions=1):
    """A catalog of two guideline items published through the workflow, `versions` times."""
    from gongkai.catalogs import services
    from gongkai.catalogs.guidelines import guidelines_load_shipped
    from gongkai.catalogs.models import GuidelineItem
    from tests.catalogs.factories import catalog_from_guidelines, publisher

    guidelines_load_shipped()
    ids = list(GuidelineItem.objects.order_by("pk").values_list("pk", flat=True)[:2])
    catalog = catalog_from_guidelines(bureau, editor, ids=ids)
    for number in range(versions):
        if number:
            services.catalog_revise(catalog=catalog, acting_user=editor, comment="修订")
        services.catalog_submit(catalog=catalog, acting_user=editor, comment="提交")
        services.catalog_approve(catalog=catalog, acting_user=gov_reviewer)
        services.catalog_publish(catalog=catalog, acting_user=publisher(bureau), confidentiality_result="passed")
    catalog.refresh_from_db()
    return catalog


@pytest.fixture
def item(xiuwu, editor, gov_reviewer):
    return real_catalog(xiuwu, editor, gov_reviewer, versions=2).items.order_by("pk").first()


@pytest.fixture
def record(editor, reviewer, item):
    """A published record with one attachment (attachments are added before publication)."""
    from gongkai.records import services

    draft = services.record_create_draft(
        acting_user=editor, bureau=item.catalog.bureau, catalog_item=item, title="关于开展2026年安全生产月活动的通知"
    )
    services.attachment_add(acting_user=editor, record=draft, name="方案.txt", data="活动方案".encode())
    services.record_submit(acting_user=editor, record=draft)
    services.record_approve(acting_user=reviewer, record=draft, confidentiality_result="passed")
    services.record_publish(acting_user=editor, record=draft)
    draft.refresh_from_db()
    return draft


@pytest.fixture
def plain_record(editor, reviewer, item):
    return published_record(editor, reviewer, item, title="关于开展2026年安全生产月活动的通知")


# ---- a real worker process (`manage.py db_worker`) on the test's database --------------------------

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def _database_url(tmp_path: Path) -> str:
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        copy = tmp_path / "worker.sqlite3"
        target = sqlite3.connect(copy)
        connection.ensure_connection()
        connection.connection.backup(target)
        target.close()
        return f"sqlite:///{copy}"
    user = db.get("USER") or ""
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return f"postgres://{user}{password}@{db.get('HOST') or '127.0.0.1'}:{db.get('PORT') or 5432}/{db['NAME']}"


def run_worker(root: Path, tmp_path: Path) -> subprocess.CompletedProcess:
    """Run `db_worker --batch` on the test's database (a copy on SQLite: read the tree, not the rows)."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "gongkai.conf.settings",
        "DATABASE_URL": _database_url(tmp_path),
        "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
        "PUBLISH_ROOT": str(root),
        "GONGKAI_VAR_DIR": str(tmp_path / "var"),
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
        timeout=180,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done
