"""The one-time notice: a PDF (A4, Chinese text selectable, the CJK font embedded) and a page for phones."""

import io
import shutil

import pypdf
import pytest

from tests.portal.test_html_validity import vnu_errors

from .factories import published_item

pytestmark = pytest.mark.django_db


@pytest.fixture
def item(bureau, editor, reviewer):
    return published_item(bureau=bureau, editor=editor, reviewer=reviewer)


def embedded_fonts(reader) -> list[tuple[str, bool]]:
    """(font name, embedded?) of every font the pages use; composite fonts are judged by their descendant."""
    found = []
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            target = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
            descriptor = target.get("/FontDescriptor")
            descriptor = descriptor.get_object() if descriptor is not None else {}
            embedded = any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))
            found.append((str(font["/BaseFont"]), embedded))
    return found


def test_the_notice_pdf_lists_every_material_with_selectable_chinese_text(client, item):
    response = client.get(f"/b/wuzhi/services/{item.code}/notice.pdf")
    assert response["Content-Type"] == "application/pdf"
    reader = pypdf.PdfReader(io.BytesIO(response.content))
    text = "".join(page.extract_text() for page in reader.pages)
    for expected in (
        "一次告知",
        "危险化学品经营许可",
        "营业执照",
        "委托他人办理时",
        "武陟县政务服务中心二楼",
        "10个工作日",
    ):
        assert expected in text.replace(" ", "")
    width, height = reader.pages[0].mediabox.width, reader.pages[0].mediabox.height
    assert (round(float(width)), round(float(height))) == (595, 842)  # A4 in points


def test_the_notice_pdf_embeds_its_cjk_font(client, item):
    reader = pypdf.PdfReader(io.BytesIO(client.get(f"/b/wuzhi/services/{item.code}/notice.pdf").content))
    cjk = [(name, embedded) for name, embedded in embedded_fonts(reader) if "Noto" in name]
    assert cjk and all(embedded for _name, embedded in cjk)


def test_the_mobile_notice_page_shows_the_sections_a_qr_code_and_the_pdf_link(client, item):
    page = client.get(f"/b/wuzhi/services/{item.code}/notice/").content.decode()
    assert "<svg" in page and f"/b/wuzhi/services/{item.code}/notice.pdf" in page
    assert "营业执照" in page and '<meta name="viewport"' in page
    assert f"/b/wuzhi/services/{item.code}/notice/" in client.get(f"/b/wuzhi/services/{item.code}/").content.decode()


def test_an_unpublished_item_has_no_notice(client, bureau, editor):
    from .factories import draft_item

    draft = draft_item(bureau=bureau, editor=editor, code="X-1")
    assert client.get(f"/b/wuzhi/services/{draft.code}/notice.pdf").status_code == 404
    assert client.get(f"/b/wuzhi/services/{draft.code}/notice/").status_code == 404


@pytest.mark.one_pass  # markup validity does not depend on the database: CI checks it in the SQLite pass
def test_the_notice_page_passes_the_nu_html_checker(client, item, tmp_path):
    if shutil.which("java") is None:
        pytest.skip("Java is not installed (Nu HTML checker)")
    for number, path in enumerate(
        [f"/b/wuzhi/services/{item.code}/notice/", f"/en/b/wuzhi/services/{item.code}/notice/"]
    ):
        (tmp_path / f"page{number}.html").write_bytes(client.get(path).content)
    assert vnu_errors(tmp_path) == []


def test_a_second_font_subset_in_the_same_process_keeps_its_own_glyphs(client, bureau, item):
    from gongkai.service_items import handbook

    handbook.build_files(bureau)  # registers a subset of other characters first
    reader = pypdf.PdfReader(io.BytesIO(client.get(f"/b/wuzhi/services/{item.code}/notice.pdf").content))
    assert "一次告知单" in reader.pages[0].extract_text().replace(" ", "")
