"""Every bad input of the issue: a clear error per row or per file, and the database unchanged."""

import io
import zipfile

import pytest
from docx import Document

from gongkai.catalogs.interchange import service, xlsx_reader
from gongkai.catalogs.interchange.limits import MB, Limits
from gongkai.core.models import AuditLogEntry
from tests.catalogs.factories import catalog_from_guidelines

from .helpers import SAFETY_ROWS, official_workbook
from .test_import_service import snapshot

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalog(xiuwu, editor):
    return catalog_from_guidelines(xiuwu, editor)


def run_import(bureau, user, data, filename="目录.xlsx", **kwargs):
    before = snapshot()
    outcome = service.import_catalog(bureau=bureau, data=data, filename=filename, acting_user=user, **kwargs)
    assert not outcome.ok and not outcome.applied
    assert snapshot() == before, "a failed import must change nothing"
    return outcome


def where(outcome):
    return [(i.code, i.sheet, i.row, i.column) for i in outcome.result.errors]


def test_wrong_header_names_the_missing_column(xiuwu, editor, catalog):
    data = official_workbook(header_overrides={5: "时间要求"})  # 公开时限 renamed

    outcome = run_import(xiuwu, editor, data)

    assert where(outcome) == [("missing_column", "Sheet1", 3, "")]
    assert outcome.result.errors[0].label == "公开时限"
    assert "公开时限" in outcome.result.errors[0].message
    assert [(w.code, w.column) for w in outcome.result.warnings] == [("unknown_column", "F")]


def test_missing_required_cells_are_reported_by_row_and_column(xiuwu, editor, catalog):
    rows = [SAFETY_ROWS[0], dict(SAFETY_ROWS[1], content="", basis=""), dict(SAFETY_ROWS[2], body="")]

    outcome = run_import(xiuwu, editor, official_workbook(rows))

    assert where(outcome) == [
        ("required", "Sheet1", 6, "D"),
        ("required", "Sheet1", 6, "E"),
        ("required", "Sheet1", 7, "G"),
    ]
    assert [i.label for i in outcome.result.errors] == ["公开内容（要素）", "公开依据", "公开主体"]


def test_unknown_channel_label(xiuwu, editor, catalog):
    rows = [dict(SAFETY_ROWS[0], channels="■政府网站 □政府公报 ■县长信箱")]

    outcome = run_import(xiuwu, editor, official_workbook(rows))

    assert where(outcome) == [("unknown_channel", "Sheet1", 5, "H")]
    assert "县长信箱" in outcome.result.errors[0].message


def test_unparsable_time_limit(xiuwu, editor, catalog):
    rows = [dict(SAFETY_ROWS[0], time="尽快公开")]

    outcome = run_import(xiuwu, editor, official_workbook(rows))

    assert where(outcome) == [("unparsable_time_limit", "Sheet1", 5, "F")]


def test_duplicated_item_names(xiuwu, editor, catalog):
    rows = [SAFETY_ROWS[0], SAFETY_ROWS[1], dict(SAFETY_ROWS[1], content="重复的一行")]

    outcome = run_import(xiuwu, editor, official_workbook(rows))

    assert where(outcome) == [("duplicate_item", "Sheet1", 6, "C"), ("duplicate_item", "Sheet1", 7, "C")]


def test_invalid_tick_mark(xiuwu, editor, catalog):
    rows = [dict(SAFETY_ROWS[0], mode=("?", ""))]

    outcome = run_import(xiuwu, editor, official_workbook(rows))

    assert where(outcome) == [("invalid_mark", "Sheet1", 5, "K"), ("required", "Sheet1", 5, "K–L")]
    assert outcome.result.errors[1].label == "公开方式"


def test_a_50_mb_file_is_refused_before_parsing(xiuwu, editor, catalog, monkeypatch):
    def must_not_parse(*args, **kwargs):
        raise AssertionError("the parser must not see an oversized file")

    monkeypatch.setattr(xlsx_reader, "read_xlsx", must_not_parse)
    data = b"PK\x03\x04" + b"\0" * (50 * MB)

    outcome = run_import(xiuwu, editor, data)

    assert where(outcome) == [("file_too_large", "", None, "")]
    assert "50.0" in outcome.result.errors[0].message and "10" in outcome.result.errors[0].message
    assert AuditLogEntry.objects.get(action="catalogs.catalog.import_failed").data["errors"] == 1


def test_the_size_limit_is_configurable(xiuwu, editor, catalog, settings):
    settings.CATALOG_IMPORT_MAX_BYTES = 1024

    outcome = run_import(xiuwu, editor, official_workbook())

    assert where(outcome) == [("file_too_large", "", None, "")]


def test_a_text_file_named_xlsx(xiuwu, editor, catalog):
    outcome = run_import(xiuwu, editor, "序号,公开事项\n1,政策文件\n".encode())

    assert where(outcome) == [("not_xlsx", "", None, "")]


def test_a_word_document_named_xlsx(xiuwu, editor, catalog):
    buffer = io.BytesIO()
    Document().save(buffer)

    outcome = run_import(xiuwu, editor, buffer.getvalue())

    assert where(outcome) == [("not_xlsx", "", None, "")]
    assert "Word" in outcome.result.errors[0].message


def test_an_old_xls_workbook(xiuwu, editor, catalog):
    outcome = run_import(xiuwu, editor, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, filename="目录.xls")

    assert where(outcome) == [("unsupported_file", "", None, "")]


def test_an_old_xls_workbook_renamed_xlsx(xiuwu, editor, catalog):
    outcome = run_import(xiuwu, editor, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)

    assert where(outcome) == [("xls_not_supported", "", None, "")]


def test_a_truncated_xlsx_is_a_corrupt_zip(xiuwu, editor, catalog):
    data = official_workbook()

    outcome = run_import(xiuwu, editor, data[: len(data) // 2])

    assert where(outcome) == [("corrupt_zip", "", None, "")]


def test_a_damaged_member_is_a_corrupt_zip(xiuwu, editor, catalog):
    data = bytearray(official_workbook())
    start = data.find(b"xl/worksheets/sheet1.xml") + 40
    data[start : start + 200] = b"\xff" * 200  # scramble compressed bytes

    outcome = run_import(xiuwu, editor, bytes(data))

    assert where(outcome)[0][0] in ("corrupt_zip", "corrupt_xlsx")


def test_a_zip_bomb_is_refused(xiuwu, editor, catalog, settings):
    settings.CATALOG_IMPORT_MAX_UNCOMPRESSED = 1 * MB
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", "0" * (5 * MB))

    outcome = run_import(xiuwu, editor, buffer.getvalue())

    assert where(outcome) == [("too_large_uncompressed", "", None, "")]


def test_too_many_rows(xiuwu, editor, catalog, settings):
    settings.CATALOG_IMPORT_MAX_ROWS = 2
    rows = [dict(SAFETY_ROWS[0], level2=f"事项{n}") for n in range(30)]

    outcome = run_import(xiuwu, editor, official_workbook(rows))

    assert where(outcome) == [("too_many_rows", "", None, "")]


def test_an_empty_file(xiuwu, editor, catalog):
    assert where(run_import(xiuwu, editor, b"")) == [("empty_file", "", None, "")]


def test_a_workbook_without_the_catalog_header(xiuwu, editor, catalog):
    from openpyxl import Workbook

    wb = Workbook()
    wb.active.append(["姓名", "电话"])
    buffer = io.BytesIO()
    wb.save(buffer)

    outcome = run_import(xiuwu, editor, buffer.getvalue())

    assert [i.code for i in outcome.result.errors] == ["no_header"]


def test_every_problem_is_reported_at_once(xiuwu, editor, catalog):
    rows = [
        dict(SAFETY_ROWS[0], channels="■飞鸽传书"),
        dict(SAFETY_ROWS[1], time="看情况"),
        dict(SAFETY_ROWS[2], content=""),
    ]

    outcome = run_import(xiuwu, editor, official_workbook(rows), limits=Limits())

    assert [(i.code, i.row) for i in outcome.result.errors] == [
        ("unknown_channel", 5),
        ("unparsable_time_limit", 6),
        ("required", 7),
    ]
