from pathlib import Path

import pytest

from tests.records.factories import published_record
from tests.worker import DB_TASKS, database_url, run_db_worker

__all__ = ["DB_TASKS", "run_worker"]


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


def run_worker(root: Path, tmp_path: Path):
    """Run `db_worker --batch` on the test's database, publishing into `root` (on SQLite a copy: read the tree)."""
    url, _copy = database_url(tmp_path)
    return run_db_worker(url, {"PUBLISH_ROOT": str(root), "GONGKAI_VAR_DIR": str(tmp_path / "var")})
