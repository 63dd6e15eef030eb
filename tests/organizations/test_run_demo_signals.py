"""`manage.py run_demo` stops its background worker when it gets SIGTERM (no orphaned worker)."""

import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]


def _children(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs Linux /proc")
@pytest.mark.django_db(transaction=True)
def test_sigterm_to_run_demo_stops_the_worker(tmp_path):
    if connection.vendor != "sqlite":
        pytest.skip("copies the in-memory SQLite test database")
    database = tmp_path / "demo.sqlite3"
    connection.ensure_connection()
    target = sqlite3.connect(database)
    connection.connection.backup(target)
    target.close()
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "gongkai.conf.settings",
        "DATABASE_URL": f"sqlite:///{database}",
        "GONGKAI_VAR_DIR": str(tmp_path / "var"),
        "EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend",
    }
    demo = subprocess.Popen(
        [sys.executable, "manage.py", "run_demo", "--port", str(port)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    workers = []
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and not workers:
            assert demo.poll() is None, "run_demo exited early"
            workers = _children(demo.pid)
            time.sleep(0.5)
        assert workers, "no worker process started"
        with socket.socket() as sock:  # the server is up too
            while time.monotonic() < deadline and sock.connect_ex(("127.0.0.1", port)) != 0:
                time.sleep(0.5)
        demo.send_signal(signal.SIGTERM)
        demo.wait(timeout=30)
        time.sleep(0.5)
        assert not [pid for pid in workers if _alive(pid)], "worker left running after SIGTERM"
    finally:
        if demo.poll() is None:
            os.killpg(demo.pid, signal.SIGKILL)
        for pid in workers:
            if _alive(pid):
                os.kill(pid, signal.SIGKILL)
