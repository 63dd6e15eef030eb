"""The evaluation (scheme, manual scores, ranking), `manage.py indicators --json`, bulletins and their four eyes,
the GB/T 9704 layout of the DOCX and PDF, `manage.py bulletin`."""

import io
import json
import shutil
import subprocess
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.utils import timezone

from gongkai.accounts.roles import Role
from gongkai.supervision import bulletins, evaluation, indicators, layout, services
from gongkai.supervision.indicators import IndicatorValue
from gongkai.supervision.models import BulletinStatus, SchemeEntry
from tests.factories import user_with_role
from tests.records.factories import published_item

pytestmark = pytest.mark.django_db
YEAR = timezone.localdate().year


@pytest.fixture
def scheme(city, supervisor):
    return services.scheme_save(
        city=city, year=YEAR, name="评估", weights={"catalog_status": 60, "work_quality": 40}, acting_user=supervisor
    )


def test_the_scheme_weighs_automatic_and_manual_indicators_and_ranks_counties(city, xiuwu, wenxian, supervisor, scheme):
    published_item(xiuwu)  # 修武县 has a published catalog, 温县 none
    entry = SchemeEntry.objects.get(scheme=scheme, indicator="work_quality")
    services.manual_score_set(entry=entry, bureau=wenxian, points=35, acting_user=supervisor)
    with pytest.raises(ValidationError):
        services.manual_score_set(entry=entry, bureau=xiuwu, points=41, acting_user=supervisor)
    result = evaluation.evaluate(city, YEAR)
    by_code = {r.bureau.code: r for r in result.results}
    assert by_code["xiuwu"].total == Decimal("60.00") and by_code["wenxian"].total == Decimal("35.00")
    assert by_code["xiuwu"].cell("work_quality").points is None  # not entered yet
    assert [r.bureau.code for r in result.ranking] == ["xiuwu", "wenxian"]
    assert by_code[city.code].rank is None  # the city is listed, not ranked
    assert result.maximum == Decimal("100.00")


def test_a_manual_score_is_refused_for_an_automatic_indicator_and_to_a_county(city, xiuwu, supervisor, editor, scheme):
    entry = SchemeEntry.objects.get(scheme=scheme, indicator="catalog_status")
    with pytest.raises(ValidationError):
        services.manual_score_set(entry=entry, bureau=xiuwu, points=5, acting_user=supervisor)
    with pytest.raises(PermissionDenied):
        services.manual_score_set(entry=SchemeEntry.objects.get(indicator="work_quality"), bureau=xiuwu, points=5,
                                  acting_user=editor)  # fmt: skip


def test_equal_totals_share_a_rank(city, xiuwu, wenxian, scheme):
    result = evaluation.evaluate(city, YEAR)
    assert {r.bureau.code: r.rank for r in result.ranking} == {"xiuwu": 1, "wenxian": 1}


def test_an_indicator_registered_by_another_app_is_evaluated(city, xiuwu, supervisor):
    indicators.register("test_inquiries", "未答复咨询", compute=lambda bureau, year: IndicatorValue(3, 0.25), order=99)
    try:
        services.scheme_save(city=city, year=YEAR, name="评估", weights={"test_inquiries": 8}, acting_user=supervisor)
        cell = next(r for r in evaluation.evaluate(city, YEAR).results if r.bureau == xiuwu).cell("test_inquiries")
        assert (cell.value, cell.points) == (3, Decimal("2.00"))
    finally:
        indicators.unregister("test_inquiries")


def test_indicators_command_prints_every_bureau_every_indicator_and_the_total(city, xiuwu, wenxian, scheme):
    out = io.StringIO()
    call_command("indicators", "--year", str(YEAR), "--json", stdout=out)
    document = json.loads(out.getvalue())
    assert document["year"] == YEAR and document["maximum"] == 100.0
    codes = {i["code"] for i in document["indicators"]}
    assert {"catalog_status", "foi_on_time", "work_quality"} <= codes
    rows = {row["code"]: row for row in document["bureaus"]}
    assert set(rows) == {city.code, "xiuwu", "wenxian"}
    for row in rows.values():
        assert set(row["indicators"]) == codes
        assert row["indicators"]["work_quality"] == {"kind": "manual", "value": None, "score": None, "points": None,
                                                     "weight": 40.0}  # fmt: skip
        assert row["total"] == sum(c["points"] or 0 for c in row["indicators"].values())
    assert rows["xiuwu"]["rank"] == 1


@pytest.fixture
def bulletin(city, xiuwu, wenxian, supervisor, scheme):
    return bulletins.bulletin_draft(city=city, year=YEAR, acting_user=supervisor)


def test_a_bulletin_is_numbered_and_lists_praise_and_criticism(bulletin, city):
    assert bulletin.document_number == f"测应急〔{YEAR}〕1号"
    layout.check_document_number(bulletin.document_number)
    content = bulletin.content
    assert sorted(content["criticised"]) == sorted(["修武县应急管理局", "温县应急管理局"])  # below 60 % of the points
    texts = [p[0] for p in content["paragraphs"]]
    assert "三、通报表扬" in texts and "四、通报批评" in texts


def test_a_bulletin_is_published_by_another_person_of_the_city_with_the_check(
    bulletin, supervisor, city_reviewer, xiuwu
):
    with pytest.raises(PermissionDenied):
        bulletins.bulletin_publish(bulletin=bulletin, acting_user=supervisor, confidentiality_result="passed")
    with pytest.raises(PermissionDenied):
        county_reviewer = user_with_role(Role.REVIEWER, xiuwu)
        bulletins.bulletin_publish(bulletin=bulletin, acting_user=county_reviewer, confidentiality_result="passed")
    with pytest.raises(ValidationError):
        bulletins.bulletin_publish(bulletin=bulletin, acting_user=city_reviewer, confidentiality_result="")
    published = bulletins.bulletin_publish(
        bulletin=bulletin, acting_user=city_reviewer, confidentiality_result="passed"
    )
    assert published.status == BulletinStatus.PUBLISHED and published.approved_by == city_reviewer


def test_the_bulletin_docx_has_the_official_page_and_line_grid(bulletin):
    from docx import Document
    from docx.oxml.ns import qn

    document = Document(io.BytesIO(bulletins.render(bulletin.content, "docx")))
    section = document.sections[0]
    mm = pytest.approx  # stored in twips: within 0.05 mm
    assert (section.page_width.mm, section.page_height.mm) == (mm(210, abs=0.05), mm(297, abs=0.05))
    assert section.top_margin.mm == mm(37, abs=0.05) and section.left_margin.mm == mm(28, abs=0.05)
    width = section.page_width.mm - section.left_margin.mm - section.right_margin.mm
    height = section.page_height.mm - section.top_margin.mm - section.bottom_margin.mm
    assert (width, height) == (mm(156, abs=0.05), mm(225, abs=0.05))
    grid = section._sectPr.find(qn("w:docGrid"))
    assert grid.get(qn("w:linePitch")) == "579"  # 225 mm / 22 lines, in twentieths of a point
    normal = document.styles["Normal"]
    assert normal.font.size.pt == 16  # 3号
    assert normal.paragraph_format.line_spacing.pt == pytest.approx(28.95)
    spacing = normal.element.rPr.find(qn("w:spacing"))
    assert 28 * (16 + int(spacing.get(qn("w:val"))) / 20) <= 156 * 72 / 25.4  # 28 characters fit a line
    texts = [p.text for p in document.paragraphs]
    assert "测试市应急管理局文件" in texts and bulletin.document_number in texts
    footer = document.sections[0].footer.paragraphs[0]
    assert footer.text.startswith("— ") and footer.text.endswith(" —")
    assert document.settings.odd_and_even_pages_header_footer


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
@pytest.mark.one_pass  # LibreOffice opening the file does not depend on the database: CI checks it in the SQLite pass
def test_libreoffice_opens_the_bulletin_docx(bulletin, tmp_path):
    from pypdf import PdfReader

    source = tmp_path / "bulletin.docx"
    source.write_bytes(bulletins.render(bulletin.content, "docx"))
    subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{tmp_path}/profile", "--headless", "--convert-to", "pdf",
         "--outdir", str(tmp_path), str(source)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    pdf = PdfReader(tmp_path / "bulletin.pdf")
    box = pdf.pages[0].mediabox
    assert round(float(box.width) * 25.4 / 72) == 210 and round(float(box.height) * 25.4 / 72) == 297
    text = pdf.pages[0].extract_text()
    assert "测试市应急管理局文件" in text and "— 1 —" in text


def test_the_bulletin_pdf_is_a4_with_page_numbers_between_dashes(bulletin):
    from pypdf import PdfReader

    pdf = PdfReader(io.BytesIO(bulletins.render(bulletin.content, "pdf")))
    box = pdf.pages[0].mediabox
    assert round(float(box.width) * 25.4 / 72) == 210 and round(float(box.height) * 25.4 / 72) == 297
    assert "— 1 —" in pdf.pages[0].extract_text()


def test_wrapping_fills_28_characters_and_never_starts_a_line_with_punctuation():
    lines = layout.wrap("为" * 26 + "推进，工作" + "。" * 0)
    assert lines[0] == (2.0, "为" * 26)
    assert lines[1] == (0.0, "推进，工作")
    hung = layout.wrap("字" * 26 + "，下一行")
    assert hung[0][1].endswith("，")
    assert layout.chinese_date(__import__("datetime").date(2024, 1, 5)) == "2024年1月5日"


def test_bulletin_command_writes_the_docx_and_pdf(bulletin, tmp_path):
    for fmt in ("docx", "pdf"):
        out = tmp_path / f"b.{fmt}"
        call_command("bulletin", "--year", str(YEAR), "--format", fmt, "--out", str(out), stdout=io.StringIO())
        assert out.read_bytes()[:4] in (b"PK\x03\x04", b"%PDF")


def test_published_bulletins_are_listed_on_the_city_portal_with_their_files(
    client, bulletin, city_reviewer, city, xiuwu
):
    assert bulletin.document_number not in client.get(f"/b/{city.code}/bulletins/").content.decode()
    assert client.get(f"/b/{city.code}/bulletins/{YEAR}-1.pdf").status_code == 404  # a draft is not public
    bulletins.bulletin_publish(bulletin=bulletin, acting_user=city_reviewer, confidentiality_result="passed")
    page = client.get(f"/b/{city.code}/bulletins/").content.decode()
    assert bulletin.document_number in page and bulletin.title in page
    assert client.get(f"/b/{city.code}/bulletins/{YEAR}-1.docx").content[:2] == b"PK"
    assert client.get("/b/xiuwu/bulletins/").status_code == 404  # counties issue no bulletins
    assert client.get(f"/en/b/{city.code}/bulletins/").status_code == 200


@pytest.mark.skipif(shutil.which("java") is None, reason="the Nu HTML validator needs java")
@pytest.mark.one_pass  # markup validity does not depend on the database: CI checks it in the SQLite pass
def test_the_bulletin_list_is_valid_html(client, bulletin, city_reviewer, city, tmp_path):
    from tests.portal.test_html_validity import vnu_errors

    bulletins.bulletin_publish(bulletin=bulletin, acting_user=city_reviewer, confidentiality_result="passed")
    (tmp_path / "bulletins.html").write_bytes(client.get(f"/b/{city.code}/bulletins/").content)
    assert vnu_errors(tmp_path) == []
