"""`manage.py annual_report`: JSON to standard output, HTML, DOCX and PDF files (the Chinese title inside,
the PDF text extracted), the refusal of binary output on a terminal, `--city`, and bad arguments."""

import io
import json
import shutil
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from gongkai.organizations.models import BureauKind
from tests.factories import CityBureauFactory

from .helpers import D, record

pytestmark = pytest.mark.django_db

TITLE = "温县应急管理局2026年政府信息公开工作年度报告"


@pytest.fixture
def data(items):
    record(items["penalty"], D(2026, 4, 1), genre="penalty_decision")
    return items


def run(*args) -> str:
    out = StringIO()
    call_command("annual_report", *args, stdout=out)
    return out.getvalue()


def test_json_goes_to_standard_output(bureau, data):
    doc = json.loads(run("--bureau", "wenxian", "--year", "2026", "--format", "json"))
    assert list(doc) == ["sections", "table2", "table3", "table4", "problems", "ok"]
    assert doc["table2"]["cells"]["administrative_penalty"]["decisions"] == 1 and doc["ok"]


def test_html_is_a_whole_document_with_the_three_tables(bureau, data):
    html = run("--bureau", "wenxian", "--year", "2026", "--format", "html")
    assert html.startswith("<!DOCTYPE html>") and f"<title>{TITLE}</title>" in html
    assert html.count("<table") == 3 and 'colspan="7"' in html and 'rowspan="22"' in html


def test_docx_and_pdf_are_written_to_a_file(bureau, data, tmp_path):
    import docx
    import pypdf

    run("--bureau", "wenxian", "--year", "2026", "--format", "docx", "--out", str(tmp_path / "r.docx"))
    document = docx.Document(str(tmp_path / "r.docx"))
    assert document.paragraphs[0].text == TITLE and len(document.tables) == 3
    assert document.tables[2].cell(0, 0).text == "行政复议"
    run("--bureau", "wenxian", "--year", "2026", "--format", "pdf", "--out", str(tmp_path / "r.pdf"))
    reader = pypdf.PdfReader(str(tmp_path / "r.pdf"))
    text = "".join(page.extract_text() for page in reader.pages).replace("\n", "")
    assert TITLE in text and "三、收到和处理政府信息公开申请情况" in text and "结转下年度继续办理" in text
    assert reader.metadata.title == TITLE
    from gongkai.service_items.fonts import noto_path

    if noto_path() is not None:  # fonts-noto-cjk installed: the subset is embedded (TrueType outlines)
        assert b"/FontFile2" in (tmp_path / "r.pdf").read_bytes()


def test_binary_formats_are_refused_on_a_terminal(bureau, data):
    class Terminal(io.StringIO):
        def isatty(self):
            return True

    with pytest.raises(CommandError, match="--out"):
        call_command("annual_report", "--bureau", "wenxian", "--year", "2026", "--format", "pdf", stdout=Terminal())


def test_city_gives_the_city_bureaus_own_report(bureau, data):
    city = CityBureauFactory(code="jiaozuo", name="焦作市应急管理局", short_name="市局")
    bureau.parent = city
    bureau.save()
    doc = json.loads(run("--city", "--year", "2026"))
    overview = doc["sections"][0]["text"]
    assert overview.startswith("2026年，焦作市应急管理局") and "1个县（市、区）" in overview
    assert doc["table2"]["cells"]["administrative_penalty"]["decisions"] == 0  # the city's own, no county sums
    assert city.kind == BureauKind.CITY


def test_unknown_bureau_and_missing_arguments_are_refused(bureau):
    with pytest.raises(CommandError, match="nowhere"):
        run("--bureau", "nowhere", "--year", "2026")
    with pytest.raises(CommandError, match="--city"):
        run("--year", "2026")


def test_a_failing_check_exits_with_status_1_after_writing(bureau, data):
    from gongkai.annual_reports.models import AnnualReport

    AnnualReport.objects.create(bureau=bureau, year=2026, table4={"reconsideration": {"upheld": 1, "total": 2}})
    out, err = StringIO(), StringIO()
    with pytest.raises(SystemExit) as exit_:
        call_command("annual_report", "--bureau", "wenxian", "--year", "2026", stdout=out, stderr=err)
    assert exit_.value.code == 1 and "T4-RECON" in err.getvalue()
    assert json.loads(out.getvalue())["problems"][0]["check"] == "T4-RECON"


@pytest.mark.one_pass  # markup validity does not depend on the database: CI checks it in the SQLite pass
def test_the_public_page_passes_the_nu_html_checker(client, bureau, data, editor, reviewer, tmp_path):
    if shutil.which("java") is None:
        pytest.skip("Java is not installed (Nu HTML checker)")
    from gongkai.annual_reports import services
    from tests.portal.test_html_validity import vnu_errors

    obj = services.report_open(bureau=bureau, year=2026, acting_user=editor)
    obj = services.report_submit(report_obj=obj, acting_user=editor)
    services.report_approve(report_obj=obj, acting_user=reviewer, confidentiality_result="passed")
    for number, path in enumerate(
        ["/b/wenxian/annual-reports/", "/b/wenxian/annual-reports/2026/", "/en/b/wenxian/annual-reports/2026/"]
    ):
        (tmp_path / f"page{number}.html").write_bytes(client.get(path).content)
    (tmp_path / "standalone.html").write_text(run("--bureau", "wenxian", "--year", "2026", "--format", "html"))
    assert vnu_errors(tmp_path) == []
