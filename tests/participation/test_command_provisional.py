"""manage.py participation_rules period in a year whose holiday calendar is provisional: the first line of
standard output is still the date alone (the stable interface); the note goes to standard error."""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import translation

from gongkai.participation.periods import check_period

pytestmark = pytest.mark.django_db


def test_a_provisional_date_is_printed_alone_with_the_note_on_standard_error():
    opens, closes = dt.date(2099, 3, 2), dt.date(2099, 3, 31)
    check = check_period(kind="normative", opens=opens, closes=closes)
    assert check.provisional and check.ok  # 2099 is not keyed in: the case this test is about
    out, err = StringIO(), StringIO()
    with translation.override("zh-hans"):
        call_command(
            "participation_rules", "period", "normative", opens.isoformat(), closes.isoformat(), stdout=out, stderr=err
        )
    assert out.getvalue() == f"{check.earliest_close.isoformat()}\n"
    assert "暂定" in err.getvalue()
