"""Exports in the official layout: XLSX (checked cell by cell, and through LibreOffice), PDF, DOCX."""

import io
import shutil
import subprocess

import pytest
from docx import Document
from openpyxl import load_workbook
from pypdf import PdfReader

from gongkai.catalogs.interchange.docx_writer import export_docx
from gongkai.catalogs.interchange.pdf_writer import export_pdf
from gongkai.catalogs.interchange.xlsx_writer import export_xlsx

from .helpers import guideline_items

META = {"version": 3, "status": "published", "published_at": "2026-09-15T10:00:00+08:00"}


@pytest.fixture
def workbook():
    return load_workbook(io.BytesIO(export_xlsx(guideline_items(), bureau_name="修武县应急管理局", meta=META)))


def test_xlsx_has_one_sheet_per_domain_and_hidden_metadata(workbook):
    assert workbook.sheetnames == ["安全生产", "救灾", "_gongkai"]
    assert workbook["_gongkai"].sheet_state == "hidden"
    assert workbook["安全生产"].sheet_state == "visible"


def test_xlsx_title_and_two_row_merged_headers(workbook):
    ws = workbook["安全生产"]
    merged = {str(r) for r in ws.merged_cells.ranges}

    assert ws["A1"].value == "修武县应急管理局安全生产领域基层政务公开标准目录"
    assert "A1:N1" in merged
    assert "版本：第3版" in ws["A2"].value and "发布日期：2026-09-15" in ws["A2"].value
    assert [ws.cell(3, c).value for c in (1, 2, 4, 5, 6, 7, 8, 9, 11, 13)] == [
        "序号",
        "公开事项",
        "公开内容（要素）",
        "公开依据",
        "公开时限",
        "公开主体",
        "公开渠道和载体",
        "公开对象",
        "公开方式",
        "公开层级",
    ]
    assert [ws.cell(4, c).value for c in range(2, 4)] == ["一级事项", "二级事项"]
    assert [ws.cell(4, c).value for c in range(9, 15)] == ["全社会", "特定群体", "主动", "依申请", "县级", "乡级"]
    assert {"A3:A4", "B3:C3", "D3:D4", "H3:H4", "I3:J3", "K3:L3", "M3:N3"} <= merged


def test_xlsx_rows_merged_level1_checklist_and_ticks(workbook):
    ws = workbook["安全生产"]
    merged = {str(r) for r in ws.merged_cells.ranges}

    assert "B5:B11" in merged  # 政策文件 over its 7 rows
    assert "B12:B14" in merged  # 依法行政
    assert ws["H5"].value.startswith("■政府网站 □政府公报 ■两微一端")
    assert ws["H5"].value.count("■") + ws["H5"].value.count("□") == 13
    assert (ws["I5"].value, ws["J5"].value, ws["K5"].value, ws["M5"].value, ws["N5"].value) == (
        "√",
        None,
        "√",
        "√",
        "√",
    )
    assert ws["E10"].value.count("\n") == 1  # two bases, one per line


def test_xlsx_is_printable_a4_landscape(workbook):
    ws = workbook["安全生产"]

    assert ws.page_setup.orientation == "landscape"
    assert int(ws.page_setup.paperSize) == int(ws.PAPERSIZE_A4)
    assert ws.sheet_properties.pageSetUpPr.fitToPage is True
    assert (int(ws.page_setup.fitToWidth), int(ws.page_setup.fitToHeight)) == (1, 0)
    assert ws.print_title_rows == "$3:$4"
    assert ws["E5"].alignment.wrap_text and ws["E5"].border.left.style == "thin"
    assert ws.column_dimensions["E"].width > ws.column_dimensions["A"].width
    assert ws.freeze_panes == "A5"


def test_xlsx_level3_and_office_columns_appear_when_used():
    items = guideline_items()[:2]
    items[0].level3 = "国家法律"
    items[1].responsible_office = "政策法规科"

    ws = load_workbook(io.BytesIO(export_xlsx(items, bureau_name="修武县应急管理局")))["安全生产"]

    assert [ws.cell(4, c).value for c in (2, 3, 4)] == ["一级事项", "二级事项", "三级事项"]
    assert ws.cell(3, 16).value == "责任科室" and ws.cell(6, 16).value == "政策法规科"


def test_xlsx_text_is_never_a_formula_and_control_characters_are_dropped():
    item = guideline_items()[0]
    item.content = "=1+1\x0b说明"

    ws = load_workbook(io.BytesIO(export_xlsx([item], bureau_name="x")))["安全生产"]

    assert ws["D5"].value == "=1+1说明" and ws["D5"].data_type == "s"


def test_pdf_is_a4_landscape_with_the_official_table():
    data = export_pdf(guideline_items(), bureau_name="修武县应急管理局", meta=META)

    reader = PdfReader(io.BytesIO(data))
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (842, 595)
    text = "".join(page.extract_text() for page in reader.pages)
    assert "安全生产领域基层政务公开标准目录" in text and "救灾领域基层政务公开标准目录" in text
    assert "公开渠道和载体" in text and "综合减灾示范社区" in text


def test_docx_is_landscape_with_merged_headers_repeated_on_every_page():
    document = Document(io.BytesIO(export_docx(guideline_items(), bureau_name="修武县应急管理局", meta=META)))

    section = document.sections[0]
    assert section.page_width > section.page_height
    assert len(document.tables) == 2
    table = document.tables[0]
    assert [c.text for c in table.rows[1].cells][8:14] == ["全社会", "特定群体", "主动", "依申请", "县级", "乡级"]
    assert table.cell(0, 1)._tc is table.cell(0, 2)._tc  # 公开事项 spans 一级/二级
    assert table.cell(2, 1)._tc is table.cell(8, 1)._tc  # 政策文件 merged over its rows
    assert table.cell(2, 1).text == "政策文件"
    assert all(row._tr.trPr is not None and row._tr.trPr.xpath("./w:tblHeader") for row in table.rows[:2])
    assert "安全生产领域基层政务公开标准目录" in document.paragraphs[0].text


@pytest.mark.skipif(shutil.which("libreoffice") is None, reason="LibreOffice is not installed")
def test_xlsx_export_opens_in_libreoffice_in_the_official_layout(tmp_path):
    source = tmp_path / "catalog.xlsx"
    source.write_bytes(export_xlsx(guideline_items(), bureau_name="修武县应急管理局", meta=META))

    subprocess.run(
        [
            "libreoffice",
            "--headless",
            f"-env:UserInstallation=file://{tmp_path}/profile",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )

    reader = PdfReader(tmp_path / "catalog.pdf")
    box = reader.pages[0].mediabox
    assert float(box.width) > float(box.height)  # landscape
    assert (round(float(box.width)), round(float(box.height))) == (842, 595)  # A4
    first = reader.pages[0].extract_text()
    assert "修武县应急管理局安全生产领域基层政务公开标准目录" in first
    for label in ("序号", "一级事项", "二级事项", "公开内容", "公开渠道和载体", "全社会", "特定群体", "依申请", "乡级"):
        assert label in first
    text = "".join(page.extract_text() for page in reader.pages)
    assert "救灾领域基层政务公开标准目录" in text and "■政府网站" in text and "√" in text
