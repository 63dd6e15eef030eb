"""Annual-report table 三 from the requests: rows, columns, the identity checks and `manage.py foi_table3`."""

import datetime as dt
import json
from io import StringIO

import pytest
from django.core.management import call_command

from gongkai.foi_requests import reporting
from gongkai.foi_requests.constants import ApplicantType, Outcome, State

from .factories import FoiRequestFactory
from .states import aware

pytestmark = pytest.mark.django_db

D = dt.date


def make(bureau, received, closed=None, outcome="", applicant_type=ApplicantType.NATURAL_PERSON):
    state = State.IN_PROGRESS if closed is None else State.ARCHIVED
    if received is None:
        state = State.SUBMITTED
    return FoiRequestFactory(
        bureau=bureau,
        state=state,
        received_on=received,
        closed_on=closed,
        outcome=outcome,
        applicant_type=applicant_type,
        submitted_at=aware(received or D(2026, 6, 1)),
    )


def test_every_outcome_and_applicant_type_across_years(xiuwu, wenxian):
    for kind in ApplicantType.values:
        for outcome in Outcome.values:
            make(xiuwu, D(2026, 3, 2), D(2026, 5, 6), outcome, kind)
        make(xiuwu, D(2025, 12, 20), D(2026, 1, 12), Outcome.R1_GRANTED, kind)  # carried in, answered
        make(xiuwu, D(2025, 11, 3), None, "", kind)  # carried in and out
        make(xiuwu, D(2025, 6, 2), D(2025, 7, 1), Outcome.R4_1_NOT_HELD, kind)  # closed last year
        make(xiuwu, D(2026, 12, 30), None, "", kind)  # new, carried out
        make(xiuwu, D(2026, 12, 21), D(2027, 1, 5), Outcome.R2_PARTIAL, kind)  # closed next year: carried out
        make(xiuwu, None, None, "", kind)  # never received: not counted
        make(xiuwu, D(2027, 1, 4), None, "", kind)  # next year
        make(wenxian, D(2026, 3, 2), D(2026, 4, 1), Outcome.R1_GRANTED, kind)  # another bureau

    table = reporting.table3("xiuwu", 2026)
    assert table.problems == []
    for col in ApplicantType.values:
        assert table.cell("new_received", col) == 21 + 2
        assert table.cell("carried_in", col) == 2
        assert table.cell(Outcome.R1_GRANTED, col) == 2
        assert all(table.cell(o, col) == 1 for o in Outcome.values if o != Outcome.R1_GRANTED)
        assert table.cell("r7_total", col) == 22
        assert table.cell("carried_out", col) == 3
    for row in reporting.ROWS:
        assert table.cell(row) == 6 * table.cell(row, ApplicantType.ORG_OTHER)
    for col in reporting.ALL_COLUMNS:  # 一 + 二 = 三(七) + 四
        assert table.cell("new_received", col) + table.cell("carried_in", col) == (
            table.cell("r7_total", col) + table.cell("carried_out", col)
        )

    last_year = reporting.table3("xiuwu", 2025)
    assert last_year.cell("carried_out") == table.cell("carried_in") == 12
    assert last_year.ok and last_year.cell("new_received") == 18 and last_year.cell("r7_total") == 6


def test_small_hand_checked_example(xiuwu):
    make(xiuwu, D(2025, 12, 29), D(2026, 1, 20), Outcome.R2_PARTIAL, ApplicantType.ORG_LEGAL_SERVICE)
    make(xiuwu, D(2026, 2, 10), D(2026, 3, 16), Outcome.R1_GRANTED)
    make(xiuwu, D(2026, 4, 1), D(2026, 4, 8), Outcome.R6_3_OTHER)
    make(xiuwu, D(2026, 5, 6), D(2026, 6, 1), Outcome.R3_4_THIRD_PARTY, ApplicantType.ORG_COMMERCIAL)
    make(xiuwu, D(2026, 12, 28), None, "", ApplicantType.ORG_COMMERCIAL)

    t = reporting.table3(xiuwu, 2026)
    np, com, legal = ApplicantType.NATURAL_PERSON, ApplicantType.ORG_COMMERCIAL, ApplicantType.ORG_LEGAL_SERVICE
    assert (t.cell("new_received", np), t.cell("new_received", com), t.cell("new_received")) == (2, 2, 4)
    assert (t.cell("carried_in", legal), t.cell("carried_in")) == (1, 1)
    assert t.cell(Outcome.R1_GRANTED, np) == 1 and t.cell(Outcome.R6_3_OTHER, np) == 1
    assert t.cell(Outcome.R2_PARTIAL, legal) == 1 and t.cell(Outcome.R3_4_THIRD_PARTY, com) == 1
    assert (t.cell("r7_total"), t.cell("carried_out"), t.cell("carried_out", com)) == (4, 1, 1)
    assert t.ok and t.problems == []


def test_closed_request_without_outcome_fails_the_checks(xiuwu):
    make(xiuwu, D(2026, 2, 10), D(2026, 3, 16), "")
    table = reporting.table3(xiuwu, 2026)
    assert {p.check for p in table.errors} == {"T3-R7"}
    assert not table.ok


def test_unknown_applicant_type_fails_the_row_check(xiuwu):
    make(xiuwu, D(2026, 2, 10), None, "", applicant_type="martian")
    checks = {p.check for p in reporting.table3(xiuwu, 2026).errors}
    assert "T3-ROW" in checks


def test_carried_in_against_a_reported_previous_year_is_a_warning(xiuwu):
    make(xiuwu, D(2025, 12, 29), None, "")
    reported = reporting.table3(xiuwu, 2025).cells
    reported["carried_out"] = {**reported["carried_out"], "total": 5}
    table = reporting.table3(xiuwu, 2026, previous=reported)
    assert [(p.check, p.severity, p.column) for p in table.problems] == [("T3-PREV", "warning", "total")]
    assert table.ok


def _command(*args):
    out, err = StringIO(), StringIO()
    code = 0
    try:
        call_command("foi_table3", *args, stdout=out, stderr=err)
    except SystemExit as exc:
        code = exc.code
    return code, out.getvalue(), err.getvalue()


def test_command_prints_the_table_and_json(xiuwu):
    make(xiuwu, D(2026, 2, 10), D(2026, 3, 16), Outcome.R1_GRANTED)
    make(xiuwu, D(2026, 11, 2), None, "")
    code, text, _ = _command("--bureau", "xiuwu", "--year", "2026")
    assert code == 0
    assert str(Outcome.R1_GRANTED.label) in text and str(Outcome.R6_3_OTHER.label) in text
    code, text, _ = _command("--bureau", "xiuwu", "--year", "2026", "--json")
    data = json.loads(text)
    assert code == 0 and data["ok"] is True
    assert data["cells"]["new_received"]["total"] == 2 and data["cells"]["carried_out"]["natural_person"] == 1


def test_command_exits_non_zero_when_a_check_fails(xiuwu):
    make(xiuwu, D(2026, 2, 10), D(2026, 3, 16), "")
    code, _, err = _command("--bureau", "xiuwu", "--year", "2026")
    assert code == 1 and "T3-R7" in err


def test_command_unknown_bureau(xiuwu):
    from django.core.management import CommandError

    with pytest.raises(CommandError):
        call_command("foi_table3", "--bureau", "nowhere", "--year", "2026")
