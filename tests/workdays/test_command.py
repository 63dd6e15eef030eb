"""manage.py workdays add / before / check / load."""

import datetime as dt
import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from gongkai.core.models import AuditLogEntry
from gongkai.workdays.models import CalendarOverride

pytestmark = pytest.mark.django_db


def run(*args):
    out, err = StringIO(), StringIO()
    call_command("workdays", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        ("2025-09-26", "20", "2025-10-30"),
        ("2025-09-27", "20", "2025-10-30"),
        ("2026-02-10", "20", "2026-03-16"),
        ("2025-12-15", "40", "2026-02-10"),
        ("2025-09-26", "0", "2025-09-26"),
    ],
)
def test_add_prints_the_due_date(start, n, expected):
    out, _err = run("add", start, n)
    assert out.strip() == expected


def test_add_explain_lists_each_day_and_why():
    out, _err = run("add", "2025-09-27", "20", "--explain")
    lines = out.splitlines()
    assert lines[0] == "2025-10-30"
    assert any(line.startswith("2025-10-01 Wed 国庆节 holiday") for line in lines)
    assert any(line.startswith("2025-09-28 Sun 国庆节 adjusted working day") and "day 1" in line for line in lines)
    assert any(line.startswith("2025-10-12 Sun weekend") and "skipped" in line for line in lines)
    assert lines[-1] == "Result: 2025-10-30"


def test_add_marks_a_provisional_date():
    out, err = run("add", "2026-12-20", "20")
    assert out.strip() == "2027-01-18 (provisional)"
    assert "2027" in err and "Provisional" in err


def test_add_uses_the_override_table():
    CalendarOverride.objects.create(date=dt.date(2025, 10, 30), is_workday=False, reason="local", source_doc="x")
    out, _err = run("add", "2025-09-26", "20", "--explain")
    assert out.splitlines()[0] == "2025-10-31"
    assert "2025-10-30 Thu local holiday [override]" in out


def test_before_prints_the_latest_day_in_advance():
    out, _err = run("before", "2025-10-13", "3")
    assert out.strip() == "2025-10-09"


@pytest.mark.parametrize("args", [("add", "2025-13-01", "3"), ("add", "2025-09-26", "-1")])
def test_bad_input_is_a_clear_error(args):
    with pytest.raises(CommandError):
        run(*args)


def test_check_reports_a_covered_year():
    out, _err = run("check", "2026")
    assert "2026 is covered by chinesecalendar 1.11.0" in out


def test_check_defaults_to_next_year():
    with pytest.raises(CommandError, match=f"{dt.date.today().year + 1} is NOT covered"):
        run("check")


def test_check_fails_for_an_uncovered_year():
    with pytest.raises(CommandError, match="2030 is NOT covered"):
        run("check", "2030")


def test_check_accepts_overrides_for_a_year():
    CalendarOverride.objects.create(date=dt.date(2030, 2, 4), is_workday=False, reason="春节", source_doc="x")
    out, _err = run("check", "2030")
    assert "2030 is covered by 1 override days" in out


def test_load_keys_in_a_notice_file(tmp_path):
    path = tmp_path / "2030.json"
    path.write_text(
        json.dumps(
            {
                "year": 2030,
                "source_doc": "通知",
                "days": [{"date": "2030-02-04", "is_workday": False, "reason": "春节"}],
            }
        ),
        encoding="utf-8",
    )
    out, _err = run("load", str(path))
    assert "Loaded 1 days" in out
    assert CalendarOverride.objects.get().source_doc == "通知"
    entry = AuditLogEntry.objects.get(action="workdays.override.created")
    assert entry.username == "manage.py"


def test_load_refuses_a_malformed_file(tmp_path):
    path = tmp_path / "bad.json"
    path.write_text('{"year": 2030, "days": [{"date": "2030-02-30", "is_workday": false}]}', encoding="utf-8")
    with pytest.raises(CommandError):
        run("load", str(path))
    assert not CalendarOverride.objects.exists()
