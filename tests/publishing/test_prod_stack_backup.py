"""The runbook's backup is restorable: deploy/backup.sh then deploy/restore.sh into an empty database and
empty directories give back the same rows (the append-only audit log included) and the same files."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import psycopg
import pytest
from django.conf import settings
from django.db import connection
from psycopg import sql

from tests.publishing.test_prod_stack import _database_url

ROOT = Path(settings.BASE_DIR)
TABLES = ("organizations_bureau", "accounts_user", "core_auditlogentry", "catalogs_catalog", "records_record")

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        "postgresql" not in settings.DATABASES["default"]["ENGINE"], reason="pg_dump and pg_restore need PostgreSQL"
    ),
    pytest.mark.skipif(shutil.which("pg_restore") is None, reason="pg_dump/pg_restore missing (postgresql-client)"),
    pytest.mark.django_db(transaction=True),
]


def _counts(url: str) -> dict[str, int]:
    with psycopg.connect(url) as conn:
        return {
            t: conn.execute(sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(t))).fetchone()[0] for t in TABLES
        }


def _files(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_backup_then_restore_gives_back_the_database_and_the_files(tmp_path, xiuwu, editor, reviewer):
    from tests.records.factories import published_item, published_record

    published_record(editor, reviewer, published_item(xiuwu))
    media, published = tmp_path / "media", tmp_path / "published"
    (media / "records").mkdir(parents=True)
    (media / "records" / "附件.pdf").write_bytes(b"%PDF-1.4 demo")
    (published / "b" / "xiuwu").mkdir(parents=True)
    (published / "b" / "xiuwu" / "index.html").write_text("<title>修武县</title>", encoding="utf-8")
    source = _database_url()
    base_env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PYTEST_"))}
    backup = tmp_path / "backup"
    env = {**base_env, "DATABASE_URL": source, "MEDIA_ROOT": str(media), "PUBLISH_ROOT": str(published)}
    subprocess.run([str(ROOT / "deploy" / "backup.sh"), str(backup)], env=env, check=True, capture_output=True)

    target_name = f"{connection.settings_dict['NAME']}_restore"
    target = source.rsplit("/", 1)[0] + "/" + target_name
    maintenance = source.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(maintenance, autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(target_name)))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(target_name)))
    try:
        restored_media, restored_tree = tmp_path / "r-media", tmp_path / "r-published"
        env = {
            **base_env,
            "DATABASE_URL": target,
            "MEDIA_ROOT": str(restored_media),
            "PUBLISH_ROOT": str(restored_tree),
        }
        done = subprocess.run(
            [str(ROOT / "deploy" / "restore.sh"), str(backup)], env=env, capture_output=True, text=True
        )
        assert done.returncode == 0, done.stderr
        assert _counts(target) == _counts(source)
        assert _counts(target)["records_record"] == 1 and _counts(target)["core_auditlogentry"] > 0
        assert _files(restored_media) == _files(media)
        assert _files(restored_tree) == _files(published)
        with psycopg.connect(target) as conn, pytest.raises(psycopg.errors.RaiseException):
            conn.execute("DELETE FROM core_auditlogentry")  # the append-only trigger came back too
    finally:
        with psycopg.connect(maintenance, autocommit=True) as conn:
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(target_name)))
