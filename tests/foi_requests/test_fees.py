"""费用办法 brackets: every row of the reference's "Worked checks" table, and `manage.py foi_fee`."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from gongkai.foi_requests import fees


@pytest.mark.parametrize(
    "items,yuan", [(10, 0), (11, 100), (30, 2000), (31, 2200), (35, 3000), (40, 4000), (41, 4300), (50, 7000)]
)
def test_per_item_worked_checks(items, yuan):
    assert fees.fee_per_item(items).total_yuan == yuan


@pytest.mark.parametrize(
    "pages,yuan", [(30, 0), (31, 10), (100, 700), (101, 720), (200, 2700), (201, 2740), (2219, 83460)]
)
def test_per_page_worked_checks(pages, yuan):
    assert fees.fee_per_page(pages).total_yuan == yuan


def test_breakdown_lists_each_bracket_used():
    lines = fees.fee_per_page(2219).lines
    assert [(x.first, x.last, x.rate, x.subtotal) for x in lines] == [
        (1, 30, 0, 0),
        (31, 100, 10, 700),
        (101, 200, 20, 2000),
        (201, 2219, 40, 80760),
    ]
    items = fees.fee_per_item(41).lines
    assert [(x.first, x.last, x.rate) for x in items] == [(1, 10, 0), (11, 30, 100), (31, 40, 200), (41, 41, 300)]


def test_item_tiers_rise_by_100_yuan_every_ten_items():
    marginal = [fees.fee_per_item(n).total_yuan - fees.fee_per_item(n - 1).total_yuan for n in range(1, 72)]
    assert marginal[:10] == [0] * 10 and set(marginal[10:30]) == {100}
    assert marginal[30:40] == [200] * 10 and marginal[40:50] == [300] * 10 and marginal[70] == 600


def test_zero_and_negative_quantities():
    assert fees.fee_per_item(0).total_yuan == 0 and fees.fee_per_page(0).lines == ()
    with pytest.raises(ValueError):
        fees.fee_per_page(-1)


def _run(*args):
    out = StringIO()
    call_command("foi_fee", *args, stdout=out)
    return out.getvalue()


def test_command_prints_fee_and_brackets():
    text = _run("--pages", "2219")
    assert "83460" in text and "80760" in text
    assert "2200" in _run("--items-this-month", "31")


def test_command_json():
    data = json.loads(_run("--items-this-month", "41", "--json"))
    assert data["total_yuan"] == 4300 and data["method"] == "per_item"
    assert [line["subtotal"] for line in data["lines"]] == [0, 2000, 2000, 300]


@pytest.mark.parametrize("args", [(), ("--pages", "40", "--items-this-month", "12")])
def test_command_wants_exactly_one_method(args):
    with translation.override("en"), pytest.raises(CommandError, match="exactly one"):
        _run(*args)


def test_command_refuses_negative_numbers():
    with pytest.raises(CommandError):
        _run("--pages", "-3")
