"""Historical import (records/services/history.py, `manage.py import_records`): a bureau's past
publications become published records with their original dates, every row validated and screened as a
record is before publication, all or nothing, one audit record per batch, searchable at once."""

import csv
import datetime as dt
import json

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command
from django.utils import timezone

from gongkai.core.models import AuditLogEntry
from gongkai.records import indexing
from gongkai.records.models import IndexCounter, Record
from gongkai.records.services.history import HistoryInvalid, import_past_publications

from .factories import published_item

pytestmark = pytest.mark.django_db


@pytest.fixture
def item(xiuwu):
    return published_item(xiuwu)


def _row(item, title, published_at, **extra):
    return {"catalog_item": str(item.key), "title": title, "published_at": published_at, **extra}


def _rows(item):
    return [
        _row(item, "关于做好2023年防汛工作的通知", "2023-06-01", event_date="2023-05-30", ref="a"),
        _row(item, "焦作市安全生产条例实施办法", "2022-03-01 10:30", is_policy=True, ref="p", genre="regulation"),
        _row(
            item,
            "《实施办法》政策解读",
            "2022-03-01 10:30",
            genre="interpretation",
            interprets="p",
            interpretation_form="text_qa",
        ),
        _row(item, "关于开展2022年安全生产月活动的通知", "2022-05-10", ref="b"),
    ]


def test_a_batch_is_published_with_its_original_dates_and_numbered_per_year(leader, xiuwu, item):
    IndexCounter.objects.create(bureau=xiuwu, year=2022, last_sequence=7)  # numbers already used that year
    result = import_past_publications(acting_user=leader, bureau=xiuwu, rows=_rows(item))
    records = {r.title: Record.objects.get(pk=r.pk) for r in result.imported}
    assert all(r.status == "published" for r in records.values())
    flood = records["关于做好2023年防汛工作的通知"]
    assert timezone.localtime(flood.published_at).date() == dt.date(2023, 6, 1)
    assert flood.index_number.endswith("/2023-00001")
    # 2022 in publication order, after the 7 numbers used before; the policy before its interpretation.
    policy, interpretation = records["焦作市安全生产条例实施办法"], records["《实施办法》政策解读"]
    assert (policy.index_sequence, interpretation.index_sequence) == (8, 9)
    assert records["关于开展2022年安全生产月活动的通知"].index_sequence == 10
    assert interpretation.interprets == policy
    assert result.by_year == {2022: 3, 2023: 1}
    (entry,) = AuditLogEntry.objects.filter(action="records.record.imported")
    assert entry.data["imported"] == 4 and entry.data["by_year"] == {"2022": 3, "2023": 1}
    assert sorted(entry.data["record_ids"]) == sorted(r.pk for r in records.values())
    assert entry.user == leader and entry.bureau_code == xiuwu.code
    assert not AuditLogEntry.objects.filter(action="records.record.published").exists()  # one record per batch
    assert flood.pk in indexing.search("防汛", bureau_id=xiuwu.pk).ids


@pytest.mark.parametrize(
    "bad, code",
    [
        ({"published_at": "2099-01-01"}, "published_in_future"),
        ({"published_at": ""}, "published_at_required"),
        ({"body": "<p>当事人张三，身份证号410823199001011234，手机13912345678。</p>"}, "pii_found"),
        ({"keywords": "联系 139.1234.5678"}, "pii_found"),
        ({"catalog_item": "00000000-0000-0000-0000-000000000000"}, "catalog_item_not_found"),
        ({"event_date": "2023-07-01"}, "date_after_publication"),
        ({"genre": "no-such-genre"}, "invalid_choice"),
        ({"interprets": "nobody"}, "unknown_ref"),
        ({"index_number": "X/2023-00001"}, "index_number_read_only"),
    ],
)
def test_one_bad_row_refuses_the_whole_batch_and_changes_nothing(leader, xiuwu, item, bad, code):
    rows = _rows(item)
    rows[0] = {**rows[0], **bad}
    with pytest.raises(HistoryInvalid) as caught:
        import_past_publications(acting_user=leader, bureau=xiuwu, rows=rows)
    assert [(e["row"], e["code"]) for e in caught.value.errors] == [(1, code)]
    assert "13912345678" not in json.dumps(caught.value.errors, ensure_ascii=False)  # hits are masked
    assert not Record.objects.exists() and not IndexCounter.objects.exists()
    assert not AuditLogEntry.objects.filter(action="records.record.imported").exists()


def test_a_repealed_record_points_to_its_successor(leader, xiuwu, item):
    rows = [
        _row(item, "旧办法", "2021-03-01", is_policy=True, ref="old", validity="repealed", replaced_by="new"),
        _row(item, "新办法", "2023-03-01", is_policy=True, ref="new"),
    ]
    result = import_past_publications(acting_user=leader, bureau=xiuwu, rows=rows)
    old, new = (Record.objects.get(pk=r.pk) for r in result.imported)
    assert old.validity == "repealed" and old.replaced_by == new


def test_only_the_bureaus_leader_may_import(people, xiuwu, item):
    for role in ("editor", "reviewer", "system_admin", "security_admin", "wenxian_editor"):
        with pytest.raises(PermissionDenied):
            import_past_publications(acting_user=people[role], bureau=xiuwu, rows=_rows(item))
    assert not Record.objects.exists()


def test_a_dry_run_checks_and_writes_nothing(leader, xiuwu, item):
    result = import_past_publications(acting_user=leader, bureau=xiuwu, rows=_rows(item), dry_run=True)
    assert result.dry_run and len(result.imported) == 4 and not Record.objects.exists()


def test_rows_imported_before_are_skipped(leader, xiuwu, item):
    rows = [_row(item, "通知一", "2022-01-05", external_id="old-site-1")]
    import_past_publications(acting_user=leader, bureau=xiuwu, rows=rows)
    again = import_past_publications(acting_user=leader, bureau=xiuwu, rows=rows)
    assert again.skipped == 1 and again.imported == [] and Record.objects.count() == 1


def _write_csv(path, rows):
    names = sorted({k for r in rows for k in r})
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=names)
        writer.writeheader()
        writer.writerows(rows)


def test_command_imports_csv_json_and_xlsx(xiuwu, item, tmp_path, capsys):
    from openpyxl import Workbook

    _write_csv(tmp_path / "a.csv", [_row(item, "CSV 通知", "2022-02-01")])
    (tmp_path / "b.json").write_text(json.dumps([_row(item, "JSON 通知", "2022-02-02")]), encoding="utf-8")
    book = Workbook()
    row = _row(item, "XLSX 通知", "2022-02-03")
    book.active.append(list(row))
    book.active.append(list(row.values()))
    book.save(tmp_path / "c.xlsx")
    for name in ("a.csv", "b.json", "c.xlsx"):
        call_command("import_records", "--bureau", xiuwu.code, str(tmp_path / name))
    assert "Imported 1 records of xiuwu (2022: 1)." in capsys.readouterr().out
    assert sorted(Record.objects.values_list("index_sequence", flat=True)) == [1, 2, 3]
    entries = AuditLogEntry.objects.filter(action="records.record.imported", username="system:command:import_records")
    assert [e.data["imported"] for e in entries] == [1, 1, 1]


def test_command_dry_run_and_errors(xiuwu, item, tmp_path, capsys):
    good = tmp_path / "good.json"
    good.write_text(json.dumps([_row(item, "通知", "2022-02-01")]), encoding="utf-8")
    call_command("import_records", "--bureau", xiuwu.code, str(good), "--dry-run")
    assert "nothing written" in capsys.readouterr().out and not Record.objects.exists()
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps([_row(item, "通知", "2099-02-01", ref="r1")]), encoding="utf-8")
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("import_records", "--bureau", xiuwu.code, str(bad))
    assert "row 1 [r1]: published_in_future" in capsys.readouterr().err


def test_the_import_is_no_side_door_around_review_once_the_bureau_publishes(leader, xiuwu, item):
    from .factories import RecordFactory

    RecordFactory(catalog_item=item, status="published", published_at=timezone.make_aware(dt.datetime(2025, 1, 10, 9)))
    with pytest.raises(HistoryInvalid) as caught:
        import_past_publications(acting_user=leader, bureau=xiuwu, rows=[_row(item, "新通知", "2025-06-01")])
    assert caught.value.errors[0]["code"] == "published_after_platform_start"
    import_past_publications(acting_user=leader, bureau=xiuwu, rows=[_row(item, "旧通知", "2024-06-01")])
    assert Record.objects.filter(title="旧通知", status="published", source_system="history-import").exists()
