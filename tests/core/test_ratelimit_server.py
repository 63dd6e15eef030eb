"""The FOI submission limit holds against parallel requests to a real multi-worker server.

gunicorn runs with 4 worker processes (2 threads each) on a free port, against a file SQLite database
(a copy of the migrated test database) or, when DATABASE_URL is PostgreSQL, against the test database
itself. 35 submissions from one address are fired at once: exactly 20 (FOI_SUBMISSIONS_PER_HOUR) are
accepted.
"""

import os
import re
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import requests
from django.db import connection

from gongkai.core.models import IntakeEntry

from ..foi_requests.test_validation import valid

pytestmark = pytest.mark.django_db(transaction=True)

ROOT = Path(__file__).resolve().parents[2]
LIMIT = 20
PARALLEL = 35


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _database_url(tmp_path: Path) -> str:
    if connection.vendor == "postgresql":
        db = connection.settings_dict
        return f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    # The in-memory test database, migrated and holding this test's data, copied into a file.
    path = tmp_path / "server.sqlite3"
    connection.ensure_connection()
    target = sqlite3.connect(path)
    connection.connection.backup(target)
    target.close()
    return f"sqlite:///{path}"


def _serve(tmp_path: Path, database_url: str):
    port = _free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "gongkai.conf.settings",
        "DJANGO_ENV": "development",
        "DEBUG": "false",
        "DATABASE_URL": database_url,
        "GONGKAI_VAR_DIR": str(tmp_path / "var"),
        "REDIS_URL": "",
        "CACHE_URL": "locmemcache://ratelimit-test",
        "FOI_SUBMISSIONS_PER_HOUR": str(LIMIT),
        "TRUSTED_PROXY_COUNT": "0",
    }
    log = open(tmp_path / "gunicorn.log", "wb")  # noqa: SIM115 — closed with the server
    server = subprocess.Popen(
        [
            str(Path(sys.executable).with_name("gunicorn")),
            "gongkai.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "4",
            "--threads",
            "2",
            "--timeout",
            "120",
            "--preload",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail("gunicorn exited: " + (tmp_path / "gunicorn.log").read_text()[-3000:])
        try:
            if requests.get(f"{base}/healthz", timeout=30).status_code == 200:
                break
        except requests.RequestException:
            time.sleep(0.5)
    else:
        pytest.fail("gunicorn did not answer within 180 s")
    return server, log, base


def _stop(server, log):
    os.killpg(server.pid, signal.SIGTERM)
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait()
    log.close()


def test_parallel_submissions_from_one_address_accept_exactly_the_limit(xiuwu, tmp_path):
    if connection.vendor not in ("sqlite", "postgresql"):
        pytest.skip("SQLite or PostgreSQL only")
    server, log, base = _serve(tmp_path, _database_url(tmp_path))
    try:
        apply_url = f"{base}/b/xiuwu/foi/apply/"
        form = requests.get(apply_url, timeout=30)
        assert form.status_code == 200, form.text[:500]
        csrf_cookie = form.cookies["csrftoken"]
        csrf_token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text).group(1)

        def submit(_):
            data = {**valid(), "client_token": str(uuid.uuid4()), "csrfmiddlewaretoken": csrf_token}
            answer = requests.post(
                apply_url, data=data, cookies={"csrftoken": csrf_cookie}, allow_redirects=False, timeout=120
            )
            return answer.status_code

        with ThreadPoolExecutor(PARALLEL) as pool:
            statuses = list(pool.map(submit, range(PARALLEL)))
    finally:
        _stop(server, log)
    # An accepted submission is answered with its acknowledgement (200) and journaled (core.intake): the
    # server runs no worker, so the requests are counted as journal entries.
    assert sorted(set(statuses)) == [200, 400], statuses
    assert statuses.count(200) == LIMIT
    if connection.vendor == "postgresql":
        assert IntakeEntry.objects.count() == LIMIT
    else:
        database = sqlite3.connect(tmp_path / "server.sqlite3")
        (count,) = database.execute(f"SELECT COUNT(*) FROM {IntakeEntry._meta.db_table}").fetchone()
        database.close()
        assert count == LIMIT
