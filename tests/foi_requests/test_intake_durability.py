"""Acknowledged = durably stored: a process killed (SIGKILL) right after `submit_request` returned
loses nothing — the request, its "submitted" event, its audit entry and its acknowledgement task
are in the database (issue 13 §7; the HTTP version under load is bench/foi_submit_bench.py)."""

import json
import os
import signal
import sqlite3
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from gongkai.foi_requests.models import FoiRequest

from .test_validation import valid

ROOT = Path(__file__).resolve().parents[2]

CHILD = """
import json, os, signal, sys
import django
django.setup()
from gongkai.foi_requests.services import intake
from gongkai.organizations.models import Bureau

data, token = json.loads(sys.argv[1]), sys.argv[2]
foi, created = intake.submit_request(
    bureau=Bureau.objects.get(code="xiuwu"), data=data, channel="internet", client_token=token, ip="127.0.0.9"
)
print(foi.tracking_number, flush=True)
os.kill(os.getpid(), signal.SIGKILL)  # the process dies the moment the applicant is told the number
"""


def _database_url(tmp_path) -> tuple[str, Path | None]:
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


@pytest.mark.django_db(transaction=True)
def test_a_submission_acknowledged_by_a_process_killed_at_once_is_stored_complete(xiuwu, tmp_path):
    url, sqlite_path = _database_url(tmp_path)
    token = str(uuid.uuid4())
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "gongkai.conf.settings",
        "DATABASE_URL": url,
        "GONGKAI_VAR_DIR": str(tmp_path / "var"),
        "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
    }
    child = subprocess.run(
        [sys.executable, "-c", CHILD, json.dumps(valid()), token],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert child.returncode == -signal.SIGKILL, child.stderr[-2000:]
    number = child.stdout.strip()
    assert number.startswith("F")
    sql = {
        "request": "SELECT id FROM foi_requests_foirequest WHERE tracking_number = %s AND client_token = %s",
        "event": "SELECT count(*) FROM foi_requests_requestevent WHERE request_id = %s AND action = 'submitted'",
        "audit": "SELECT count(*) FROM core_auditlogentry WHERE object_id = %s AND action = 'foi_requests.request.submitted'",
        "task": "SELECT count(*) FROM django_tasks_database_dbtaskresult WHERE task_path LIKE %s AND CAST(args_kwargs AS TEXT) LIKE %s",
    }
    if sqlite_path is not None:
        db = sqlite3.connect(sqlite_path)
        run = lambda q, p: db.execute(q.replace("%s", "?"), p).fetchone()  # noqa: E731
        token_value = token.replace("-", "")  # SQLite stores UUIDs as 32 hex characters
    else:
        cursor = connection.cursor()
        run = lambda q, p: (cursor.execute(q, p), cursor.fetchone())[1]  # noqa: E731
        token_value = token
    (pk,) = run(sql["request"], [number, token_value])
    assert run(sql["event"], [pk]) == (1,)
    assert run(sql["audit"], [str(pk)]) == (1,)
    assert run(sql["task"], ["%send_acknowledgement", f"%[{pk}]%"]) == (1,)
    if sqlite_path is None:
        assert FoiRequest.objects.get(pk=pk).tracking_number == number
