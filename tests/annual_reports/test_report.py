"""The report from the data: table 二 counted from records, table 三 equal to `foi_table3 --json` cell for cell,
table 四 and the texts as stored, the JSON shape, and the sum checks on real data."""

import datetime as dt
import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from gongkai.annual_reports import layout, report, services
from gongkai.annual_reports.models import AnnualReport
from gongkai.foi_requests.constants import ApplicantType, Outcome
from gongkai.records.constants import Genre, RecordStatus, Validity

from .helpers import D, foi, record

pytestmark = pytest.mark.django_db


@pytest.fixture
def data(bureau, items):
    """2026: 3 licensing, 2 penalty (+1 penalty genre elsewhere), 1 coercion, 2 regulations (1 repealed in 2026)."""
    for day in (D(2026, 2, 3), D(2026, 5, 6), D(2026, 12, 30)):
        record(items["licensing"], day)
    record(items["licensing"], D(2025, 12, 31))  # last year
    record(items["licensing"], D(2026, 3, 3), status=RecordStatus.DRAFT)  # not public
    record(items["licensing"], D(2026, 3, 4), genre=Genre.INTERPRETATION)  # never counted
    record(items["penalty"], D(2026, 4, 1), genre=Genre.PENALTY_DECISION)
    record(items["penalty"], D(2026, 4, 2), genre=Genre.PENALTY_DECISION, status=RecordStatus.WITHDRAWN)
    record(items["inspection"], D(2026, 7, 1), genre=Genre.PENALTY_DECISION)  # the genre counts anywhere
    record(items["coercion"], D(2026, 8, 1))
    old = record(items["policy"], D(2024, 6, 1), genre=Genre.REGULATION)
    record(items["policy"], D(2025, 6, 1), genre=Genre.REGULATION)
    new = record(items["policy"], D(2026, 6, 1), genre=Genre.REGULATION)
    old.validity, old.replaced_by = Validity.REPEALED, new
    old.save(update_fields=["validity", "replaced_by"])
    for kind in (ApplicantType.NATURAL_PERSON, ApplicantType.ORG_COMMERCIAL):
        foi(bureau, D(2026, 3, 2), D(2026, 3, 20), Outcome.R1_GRANTED, kind)
        foi(bureau, D(2025, 12, 20), D(2026, 1, 12), Outcome.R4_1_NOT_HELD, kind)
        foi(bureau, D(2026, 12, 28), None, "", kind)
    return items


def test_table2_counts_the_public_records_of_the_year_by_catalog_item_and_genre(bureau, data):
    cells = report.build(bureau, 2026).table2.cells
    assert cells["administrative_licensing"]["decisions"] == 3
    assert cells["administrative_penalty"]["decisions"] == 3
    assert cells["administrative_coercion"]["decisions"] == 1
    assert cells["normative_documents"] == {"issued": 1, "repealed": 1, "in_force": 2}
    last = report.build(bureau, 2025).table2.cells
    assert last["normative_documents"] == {"issued": 1, "repealed": 0, "in_force": 2}
    assert last["administrative_licensing"]["decisions"] == 1


def test_rules_are_not_applicable_and_fees_are_entered_by_hand(bureau, data):
    built = report.build(bureau, 2026)
    assert built.table2.sources["rules"] == dict.fromkeys(("issued", "repealed", "in_force"), "not_applicable")
    assert built.table2.sources["administrative_fees"]["amount_wan"] == "manual"
    assert built.table2.sources["administrative_penalty"]["decisions"] == "data"
    assert built.as_dict()["table2"]["not_applicable"] == ["rules"]


def test_a_hand_entered_figure_replaces_the_data_and_is_marked(bureau, data, editor):
    obj = services.report_open(bureau=bureau, year=2026, acting_user=editor)
    services.report_save(
        report_obj=obj,
        acting_user=editor,
        table2_manual={"administrative_licensing": {"decisions": "41"}, "administrative_fees": {"amount_wan": "1.5"}},
    )
    built = report.build(bureau, 2026)
    assert built.table2.cells["administrative_licensing"]["decisions"] == 41
    assert built.table2.sources["administrative_licensing"]["decisions"] == "manual"
    assert built.as_dict()["table2"]["cells"]["administrative_fees"]["amount_wan"] == 1.5


def test_table3_is_foi_table3_cell_for_cell(bureau, data):
    out = StringIO()
    call_command("foi_table3", "--bureau", "wenxian", "--year", "2026", "--json", stdout=out)
    foi_cells = json.loads(out.getvalue())["cells"]
    ours = report.build(bureau, 2026).as_dict()["table3"]
    assert ours["cells"] == foi_cells
    assert ours["cells"]["new_received"]["total"] == 4 and ours["cells"]["carried_out"]["total"] == 2


def test_the_json_has_exactly_the_documented_shape(bureau, data):
    doc = report.build(bureau, 2026).as_dict()
    assert list(doc) == ["sections", "table2", "table3", "table4", "problems", "ok"]
    assert [s["title"] for s in doc["sections"]] == [layout.section_title(k) for k in layout.SECTION_KEYS]
    assert all(s["text"] for s in doc["sections"])
    for key in ("table2", "table3", "table4"):
        table = doc[key]
        assert {"columns", "rows", "cells"} <= set(table)
        assert list(table["cells"]) == table["rows"]
        assert all(set(cols) <= set(table["columns"]) for cols in table["cells"].values())
    assert doc["table4"]["rows"] == ["reconsideration", "litigation_direct", "litigation_after_reconsideration"]
    assert doc["problems"] == [] and doc["ok"] is True
    json.dumps(doc)


def test_the_generated_texts_use_the_figures(bureau, data):
    built = report.build(bureau, 2026)
    assert "新收政府信息公开申请4件" in built.text("overview")
    assert "作出行政许可决定3件、行政处罚决定3件、行政强制决定1件" in built.text("proactive")
    assert "统计期限为2026年1月1日至12月31日" in built.text("overview")


def test_an_edited_text_replaces_the_generated_one_and_an_unchanged_one_stays_generated(bureau, data, editor):
    obj = services.report_open(bureau=bureau, year=2026, acting_user=editor)
    default = report.build(bureau, 2026).text("overview")
    services.report_save(
        report_obj=obj, acting_user=editor, texts={"overview": default, "issues": "问题一。\n问题二。"}
    )
    obj.refresh_from_db()
    assert obj.texts == {"overview": "", "issues": "问题一。\n问题二。"}
    assert report.build(bureau, 2026).text("issues") == "问题一。\n问题二。"


def test_a_closed_request_without_outcome_fails_t3_r7_and_the_report_is_not_ok(bureau, data):
    foi(bureau, D(2026, 5, 5), D(2026, 5, 20), "")
    built = report.build(bureau, 2026)
    assert "T3-R7" in {p.check for p in built.problems} and not built.ok
    assert all(p["table"] == "table3" for p in built.as_dict()["problems"])


def test_t3_prev_warns_when_last_years_published_report_carried_forward_differently(bureau, data):
    content = report.build(bureau, 2025).export_content()
    content["table3"]["cells"]["carried_out"]["natural_person"] += 1
    AnnualReport.objects.create(bureau=bureau, year=2025, published_content=content, published_at=timezone.now())
    built = report.build(bureau, 2026)
    assert [(p.check, p.severity) for p in built.problems if p.column == "natural_person"] == [("T3-PREV", "warning")]
    assert built.ok


def test_t2_force_warns_against_last_years_published_figures(bureau, data):
    content = report.build(bureau, 2025).export_content()
    content["table2"]["cells"]["normative_documents"]["in_force"] = 7
    AnnualReport.objects.create(bureau=bureau, year=2025, published_content=content, published_at=timezone.now())
    assert [p.check for p in report.build(bureau, 2026).problems] == ["T2-FORCE"]


def test_table4_is_validated_on_save_and_a_wrong_total_fails_its_check(bureau, data, editor):
    from django.core.exceptions import ValidationError

    obj = services.report_open(bureau=bureau, year=2026, acting_user=editor)
    with pytest.raises(ValidationError):
        services.report_save(report_obj=obj, acting_user=editor, table4={"reconsideration": {"upheld": -1}})
    services.report_save(report_obj=obj, acting_user=editor, table4={"reconsideration": {"upheld": 2, "pending": 1}})
    assert report.build(bureau, 2026).table4["reconsideration"]["total"] == 3  # left empty: summed
    services.report_save(report_obj=obj, acting_user=editor, table4={"reconsideration": {"upheld": 2, "total": 5}})
    assert [p.check for p in report.build(bureau, 2026).problems] == ["T4-RECON"]


def test_the_deadline_is_31_january_and_lateness_shows(bureau):
    assert report.deadline(2026) == dt.date(2027, 1, 31)
    assert not report.is_late(None, 2026, dt.date(2027, 1, 31))
    assert report.is_late(None, 2026, dt.date(2027, 2, 1))
    obj = AnnualReport(bureau=bureau, year=2026, first_published_at=timezone.make_aware(dt.datetime(2027, 1, 20, 9)))
    assert not report.is_late(obj, 2026, dt.date(2027, 6, 1))
