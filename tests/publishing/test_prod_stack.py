"""`make prod-local` end to end: the real stack (nginx, gunicorn with several workers, `db_worker`) on this
test's PostgreSQL database, driven from outside as a visitor and an editor would.

Marked `stack`; runs in the normal suite (so CI covers it on PostgreSQL) and is skipped on SQLite and
where nginx is not installed.
"""

from __future__ import annotations

import os
import shlex
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from gongkai.publishing import nginx
from tests.publishing.catalog_setup import published_two_item_catalog

pytestmark = [
    pytest.mark.stack,
    pytest.mark.skipif(nginx.nginx_binary() is None, reason="the stack test needs nginx (apt-get install nginx-light)"),
    pytest.mark.skipif(
        "postgresql" not in settings.DATABASES["default"]["ENGINE"],
        reason="the stack test runs on PostgreSQL only (DATABASE_URL=postgres://…)",
    ),
    pytest.mark.django_db(transaction=True),
]
START_TIMEOUT = 240  # migrate (a no-op here), collectstatic and publish_site on a loaded 2-core machine


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _database_url() -> str:
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return f"postgres://{db.get('USER') or ''}{password}@{db.get('HOST') or '127.0.0.1'}:{db.get('PORT') or 5432}/{db['NAME']}"


def _descendants(pid: int) -> set[int]:
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rpartition(")")[2].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    found, todo = set(), [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.add(child)
            todo.append(child)
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()[0]
    except OSError:
        return False
    return state != "Z"


def get(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


class Stack:
    """`python -m gongkai.publishing.prod_local` as a child process, started and stopped by the test."""

    def __init__(self, var: Path):
        self.var = var
        self.port = _free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log = var / "prod_local.out"
        var.mkdir(parents=True, exist_ok=True)
        command = [sys.executable, "-m", "gongkai.publishing.prod_local", "--port", str(self.port)]
        command += ["--workers", "2", "--var-dir", str(var), "--database-url", _database_url(), "--no-demo"]
        env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PYTEST_"))}
        with open(self.log, "w") as out:
            self.process = subprocess.Popen(command, env=env, stdout=out, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + START_TIMEOUT
        while "Ctrl-C stops everything" not in self.output():
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise AssertionError(f"prod-local did not start:\n{self.output()[-4000:]}")
            time.sleep(0.2)

    def output(self) -> str:
        return self.log.read_text(errors="replace")

    def stop(self, signum: int = signal.SIGTERM) -> int:
        if self.process.poll() is None:
            self.process.send_signal(signum)
            try:
                self.process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        return self.process.returncode


@pytest.fixture
def stack(tmp_path, xiuwu):
    running = Stack(tmp_path / "prod")
    yield running
    running.stop()


def test_prod_local_serves_through_nginx_and_stops_without_orphans(stack):
    status, body = get(stack.base + "/healthz")
    assert status == 200 and b'"vendor": "postgresql"' in body
    assert get(stack.base + "/b/xiuwu/")[0] == 200
    assert get(stack.base + "/foi/")[0] == 200  # a dynamic page, proxied to gunicorn
    processes = _descendants(stack.process.pid)
    assert len(processes) >= 6  # nginx master and workers, gunicorn master and 2 workers, db_worker

    assert stack.stop(signal.SIGTERM) == 0
    deadline = time.monotonic() + 5
    while any(_alive(pid) for pid in processes) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not [pid for pid in processes if _alive(pid)], "processes left behind after SIGTERM"
    assert "nginx stopped" in stack.output() and "worker stopped" in stack.output()
    with pytest.raises(OSError):
        urllib.request.urlopen(stack.base + "/healthz", timeout=2)


def _until(predicate, timeout: float) -> float:
    """Seconds until `predicate()` held (polling every 50 ms); fails after `timeout`."""
    started = time.monotonic()
    while not predicate():
        if time.monotonic() - started > timeout:
            raise AssertionError(f"not within {timeout} s")
        time.sleep(0.05)
    return time.monotonic() - started


@pytest.fixture
def stack_with_item(tmp_path, xiuwu, editor, gov_reviewer):
    catalog = published_two_item_catalog(xiuwu, editor, gov_reviewer)
    running = Stack(tmp_path / "prod")  # publish_site writes the bureau's pages before nginx starts
    yield running, catalog.items.order_by("pk").first()
    running.stop()


def test_publish_is_visible_through_nginx_within_5s_and_withdrawal_answers_410(stack_with_item, editor, reviewer):
    from django.test import override_settings

    from gongkai.records import services
    from tests.records.factories import published_record

    stack, item = stack_with_item
    tree = stack.var / "published"
    assert (tree / "b" / "xiuwu" / "index.html").exists()  # publish_site ran before nginx started
    assert get(stack.base + "/b/xiuwu/")[0] == 200

    # The editor publishes (four eyes: the reviewer approves); the stack's worker renders the pages.
    db_tasks = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    with override_settings(TASKS=db_tasks, PUBLISH_ON_CHANGE=True):
        record = published_record(editor, reviewer, item, title="关于做好防汛工作的通知")
        url = f"{stack.base}/records/{record.uuid}/"
        title = "关于做好防汛工作的通知"
        listed = stack.base + "/b/xiuwu/records/"
        seconds = _until(lambda: title in get(url)[1].decode() and title in get(listed)[1].decode(), 5)
        assert (tree / "records" / str(record.uuid) / "index.html").exists()  # from the tree, not the app

        services.record_withdraw(acting_user=reviewer, record=record, reason="该通知已被新通知替代。")
        _until(lambda: get(url)[0] == 410, 5)
    status, body = get(url)
    assert status == 410 and "该通知已被新通知替代。" in body.decode()
    assert (tree / "records" / str(record.uuid) / "410.html").exists()  # served from the tree, not the app
    assert seconds < 5
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PYTEST_"))}
    for line in (stack.var / "prod.env").read_text().splitlines():  # the stack's own environment
        name, _, value = line.partition("=")
        env[name] = shlex.split(value)[0] if value else ""
    check = subprocess.run(
        [sys.executable, "manage.py", "publish_site", "--check"],
        cwd=settings.BASE_DIR, env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert check.returncode == 0, check.stdout + check.stderr
    assert check.stdout.startswith("OK:"), check.stdout  # the fixed label; the rest is in the default language
