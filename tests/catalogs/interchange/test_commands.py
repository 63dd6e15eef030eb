"""manage.py catalog_import / catalog_export (the same service as the admin upload)."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation
from openpyxl import load_workbook

from gongkai.accounts.roles import Role
from gongkai.catalogs.models import Catalog, CatalogItem
from gongkai.core.models import AuditLogEntry
from tests.catalogs.factories import catalog_from_guidelines, published_catalog

from .helpers import SAFETY_ROWS, official_workbook
from .test_import_service import snapshot

pytestmark = pytest.mark.django_db


@pytest.fixture
def good_file(tmp_path):
    path = tmp_path / "修武县目录.xlsx"
    path.write_bytes(official_workbook())
    return path


@pytest.fixture
def bad_file(tmp_path):
    path = tmp_path / "bad.xlsx"
    path.write_bytes(official_workbook([dict(SAFETY_ROWS[0], time="看情况"), dict(SAFETY_ROWS[1], content="")]))
    return path


def run(*args):
    out = io.StringIO()
    call_command(*args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_import_command_imports_with_the_editor(xiuwu, editor, good_file):
    output = run("catalog_import", "--bureau", "xiuwu", "--user", editor.username, str(good_file))

    assert "imported 3 item(s) into xiuwu" in output
    assert CatalogItem.objects.filter(catalog__bureau=xiuwu, removed_at__isnull=True).count() == 3
    assert AuditLogEntry.objects.get(action="catalogs.catalog.import").user == editor


def test_import_command_dry_run_changes_nothing(xiuwu, editor, good_file):
    catalog_from_guidelines(xiuwu, editor)
    before = snapshot()

    output = run("catalog_import", "--bureau", "xiuwu", "--user", editor.username, "--dry-run", str(good_file))

    assert "valid, 3 item(s)" in output and "Dry run" in output and "removed 7" in output
    assert snapshot() == before


def test_import_command_dry_run_needs_no_user(xiuwu, good_file):
    assert "valid, 3 item(s)" in run("catalog_import", "--bureau", "xiuwu", "--dry-run", str(good_file))
    assert not Catalog.objects.exists()


def test_import_command_prints_the_report_and_fails_on_errors(xiuwu, editor, bad_file):
    out = io.StringIO()
    with translation.override("en"), pytest.raises(CommandError, match="2 error"):
        call_command("catalog_import", "--bureau", "xiuwu", "--user", editor.username, str(bad_file), stdout=out)

    lines = out.getvalue().splitlines()
    assert len(lines) == 2
    assert "row 5" in lines[0] and "F" in lines[0] and "看情况" in lines[0]
    assert "row 6" in lines[1] and "D" in lines[1]
    assert not Catalog.objects.exists()


def test_import_command_needs_a_user_to_import(xiuwu, good_file):
    with pytest.raises(CommandError, match="--user"):
        run("catalog_import", "--bureau", "xiuwu", str(good_file))


def test_import_command_refuses_another_countys_editor(xiuwu, other_editor, good_file):
    with pytest.raises(CommandError, match="may not change"):
        run("catalog_import", "--bureau", "xiuwu", "--user", other_editor.username, str(good_file))


def test_import_command_refuses_a_50_mb_file_without_reading_it(xiuwu, editor, tmp_path):
    path = tmp_path / "huge.xlsx"
    with path.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)  # sparse: nothing is written, nothing is read

    with pytest.raises(CommandError, match="50.0 MB"):
        run("catalog_import", "--bureau", "xiuwu", "--user", editor.username, str(path))


def test_import_command_format_and_domain_options(xiuwu, editor, tmp_path):
    path = tmp_path / "catalog.dat"
    path.write_bytes(official_workbook(title="标准目录"))

    run(
        "catalog_import",
        "--bureau",
        "xiuwu",
        "--user",
        editor.username,
        "--format",
        "xlsx",
        "--domain",
        "救灾",
        str(path),
    )

    assert set(CatalogItem.objects.values_list("domain", flat=True)) == {"disaster_relief"}


def test_export_command_writes_the_working_copy_and_versions(xiuwu, editor, people, tmp_path):
    published_catalog(xiuwu, editor, people[Role.GOV_REVIEWER])
    target = tmp_path / "out.xlsx"

    call_command(
        "catalog_export",
        "--bureau",
        "xiuwu",
        "--format",
        "xlsx",
        "--published",
        "-o",
        str(target),
        stderr=io.StringIO(),
    )

    wb = load_workbook(target)
    assert wb.sheetnames[:2] == ["安全生产", "救灾"] and "第1版" in wb["安全生产"]["A2"].value
    for fmt in ("csv", "json", "pdf", "docx"):
        call_command(
            "catalog_export",
            "--bureau",
            "xiuwu",
            "--format",
            fmt,
            "--version",
            "1",
            "-o",
            str(tmp_path / f"out.{fmt}"),
            stderr=io.StringIO(),
        )
        assert (tmp_path / f"out.{fmt}").stat().st_size > 500
    call_command(
        "catalog_export", "--bureau", "xiuwu", "--format", "csv", "-o", str(tmp_path / "w.csv"), stderr=io.StringIO()
    )
    assert (tmp_path / "w.csv").read_text(encoding="utf-8-sig").count("production_safety") == 10


def test_export_command_without_a_published_catalog_fails(xiuwu, tmp_path):
    with pytest.raises(CommandError, match="no published catalog"):
        call_command(
            "catalog_export", "--bureau", "xiuwu", "--format", "json", "--published", "-o", str(tmp_path / "x.json")
        )
