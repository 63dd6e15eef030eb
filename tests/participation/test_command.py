"""manage.py participation_rules period / concern: exit statuses and output (the stable interface)."""

import datetime as dt
import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import translation

from gongkai.workdays.models import CalendarOverride
from tests.worker import database_url

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def chinese():
    with translation.override("zh-hans"):
        yield


def run(*args):
    """(exit status, stdout) of the command called in-process."""
    out = StringIO()
    try:
        call_command("participation_rules", *args, stdout=out, stderr=StringIO())
    except SystemExit as exc:
        return exc.code, out.getvalue()
    return 0, out.getvalue()


def test_a_lawful_period_prints_the_earliest_close_and_exits_0():
    assert run("period", "major_decision", "2026-03-02", "2026-04-15") == (0, "2026-04-01\n")


def test_a_short_period_exits_1_with_the_reason_in_chinese():
    status, out = run("period", "normative", "2025-09-30", "2025-10-10")
    assert status == 1
    assert "2025-10-16" in out and "工作日" in out and "紧急" in out


def test_a_short_period_with_an_urgency_reason_exits_0_and_states_the_notice():
    status, out = run("period", "rules_draft", "2026-03-02", "2026-03-12", "--urgent-reason", "安全生产专项整治需要")
    assert status == 0
    first, second = out.splitlines()
    assert first == "2026-04-01" and "安全生产专项整治需要" in second


def test_closing_before_opening_exits_1():
    status, out = run("period", "major_decision", "2026-03-02", "2026-03-01")
    assert status == 1 and "2026-03-01" in out


def test_the_period_uses_the_holiday_override_table():
    CalendarOverride.objects.create(date=dt.date(2025, 10, 16), is_workday=False, reason="local", source_doc="x")
    assert run("period", "normative", "2025-09-30", "2025-10-30") == (0, "2025-10-17\n")


def test_concern_prints_each_deadline_in_shanghai_time():
    status, out = run("concern", "major", "2026-12-06T10:00")
    assert status == 0
    assert out.splitlines() == [
        "authoritative_release 2026-12-06T15:00:00+08:00",
        "press_conference 2026-12-07T10:00:00+08:00",
    ]
    assert run("concern", "other", "2026-12-06T02:00:00+00:00") == (0, "response 2026-12-08T10:00:00+08:00\n")


@pytest.mark.parametrize(
    "args",
    [
        ("period", "survey", "2026-03-02", "2026-04-15"),
        ("period", "major_decision", "2026-13-02", "2026-04-15"),
        ("concern", "minor", "2026-12-06T10:00"),
        ("concern", "major", "yesterday"),
    ],
)
def test_bad_arguments_are_a_chinese_error_with_exit_status_2(args):
    with pytest.raises(CommandError) as exc:
        call_command("participation_rules", *args, stdout=StringIO(), stderr=StringIO())
    assert exc.value.returncode == 2
    assert any("\u4e00" <= ch <= "\u9fff" for ch in str(exc.value))


def test_an_unknown_kind_is_named_in_the_error():
    with pytest.raises(CommandError) as exc:
        call_command("participation_rules", "period", "poll", "2026-03-02", "2026-04-01", stdout=StringIO())
    assert exc.value.returncode == 2 and "poll" in str(exc.value)


def _migrated_sqlite_url(tmp_path: Path) -> str:
    """A migrated SQLite database for the command's own process: on SQLite a file copy of the test database
    (what the migrations made, tests/worker.py), elsewhere `manage.py migrate` into a new file."""
    if connection.vendor == "sqlite":
        return database_url(tmp_path)[0]
    url = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "gongkai.conf.settings"}
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
    return url


# The command line itself (argument parsing, exit statuses, output streams) in a process of its own, on an
# SQLite file whatever the backend: one pass is enough (marker one_pass, tests/suite_options.py).
# It copies the test database (tests/worker.py), so it asks for it, as that module's users do: without the
# marker the copy of the in-memory database waited forever in the full suite (CI, 2026-12-06).
@pytest.mark.one_pass
@pytest.mark.django_db(transaction=True)
def test_from_the_command_line_exit_statuses_are_0_1_and_2(tmp_path):
    env = {
        **os.environ,
        "GONGKAI_VAR_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "gongkai.conf.settings",
        "DATABASE_URL": _migrated_sqlite_url(tmp_path),
    }

    def cli(*args):
        return subprocess.run(
            [sys.executable, "manage.py", "participation_rules", *args],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
        )

    ok = cli("period", "business_normative", "2026-03-02", "2026-04-01")
    assert (ok.returncode, ok.stdout) == (0, "2026-04-01\n")
    short = cli("period", "major_decision", "2026-03-02", "2026-03-20")
    assert short.returncode == 1 and "不少于30日" in short.stdout
    bad = cli("period", "major_decision", "2026-03-02")
    assert bad.returncode == 2 and "参数" in bad.stderr
