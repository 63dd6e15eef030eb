"""A child process that submits, prints the number it was given and is killed (SIGKILL) at once —
the shared harness of the durability tests (test_intake_durability, test_intake_journal): what the
child acknowledged must be in the database although it never got to clean up."""

import json
import os
import signal
import sqlite3
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]

# The child's preamble; the test's code follows it, then the print and the kill.
_PREAMBLE = """
import json, os, signal, sys
import django
django.setup()
from gongkai.organizations.models import Bureau
data, token = json.loads(sys.argv[1]), sys.argv[2]
"""
_KILL = """
print(number, flush=True)
os.kill(os.getpid(), signal.SIGKILL)  # the process dies the moment the applicant is told the number
"""


@dataclass
class KilledChild:
    """What a killed child printed, and read access to the database it wrote to."""

    number: str
    sqlite_path: Path | None

    def query(self, sql: str, params: list) -> tuple:
        """One row of `sql` (with %s placeholders) from the child's database."""
        if self.sqlite_path is not None:
            db = sqlite3.connect(self.sqlite_path)
            try:
                return db.execute(sql.replace("%s", "?"), params).fetchone()
            finally:
                db.close()
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchone()

    def uuid(self, value: str) -> str:
        """A UUID as the database stores it (SQLite: 32 hex characters without dashes)."""
        return value.replace("-", "") if self.sqlite_path is not None else value


def _database_url(tmp_path: Path) -> tuple[str, Path | None]:
    """The child's database: a file copy of the in-memory SQLite test database, or the PostgreSQL test database."""
    if connection.vendor == "sqlite":
        path = tmp_path / "intake.sqlite3"
        connection.ensure_connection()
        target = sqlite3.connect(path)
        connection.connection.backup(target)
        target.close()
        return f"sqlite:///{path}", path
    db = settings.DATABASES["default"]
    return f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}", None


def run_killed_child(tmp_path: Path, code: str, data: dict, token: str) -> KilledChild:
    """Run `code` in a child process on a copy of (or the same) test database; `code` sees `data`,
    `token` and `Bureau`, and must set `number`. The child is killed right after printing it."""
    url, sqlite_path = _database_url(tmp_path)
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "gongkai.conf.settings",
        "DATABASE_URL": url,
        "GONGKAI_VAR_DIR": str(tmp_path / "var"),
        "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
    }
    child = subprocess.run(
        [sys.executable, "-c", _PREAMBLE + code + _KILL, json.dumps(data), token],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert child.returncode == -signal.SIGKILL, child.stderr[-2000:]
    return KilledChild(number=child.stdout.strip(), sqlite_path=sqlite_path)
