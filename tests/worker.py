"""A real background worker (`manage.py db_worker --batch`) run on the test's database, for the tests that
check what a queued task does in another process. Used with `@pytest.mark.django_db(transaction=True)`."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from django.conf import settings as django_settings
from django.db import connection

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def database_url(tmp_path: Path) -> tuple[str, Path | None]:
    """A URL under which another process sees this test's database (SQLite in memory: a file copy)."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        copy = tmp_path / "worker.sqlite3"
        target = sqlite3.connect(copy)
        connection.ensure_connection()
        connection.connection.backup(target)
        target.close()
        return f"sqlite:///{copy}", copy
    user = db.get("USER") or ""
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    host = db.get("HOST") or "127.0.0.1"
    port = db.get("PORT") or 5432
    return f"postgres://{user}{password}@{host}:{port}/{db['NAME']}", None


def rows(sqlite_copy: Path | None, sql: str):
    """The rows of `sql` as the worker left them (in the SQLite copy, else in the shared database)."""
    if sqlite_copy is not None:
        with sqlite3.connect(sqlite_copy) as db:
            return db.execute(sql).fetchall()
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return cursor.fetchall()


def run_db_worker(url: str, env: dict[str, str] | None = None, timeout: int = 180) -> subprocess.CompletedProcess:
    """Run the worker until the queue is empty, on the database `url`, with these extra environment variables."""
    full = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "gongkai.conf.settings",
        "DATABASE_URL": url,
        "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
        "DJANGO_ENV": "development",
        "DEBUG": "false",
        **(env or {}),
    }
    full.pop("DJANGO_CONFIGURATION", None)
    manage = Path(django_settings.BASE_DIR) / "manage.py"
    done = subprocess.run(
        [sys.executable, str(manage), "db_worker", "--batch", "--no-startup-delay", "--no-reload", "--interval", "0.1"],
        env=full,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done
