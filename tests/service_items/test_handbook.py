"""The service handbook: cover, TOC with the pages the chapters start on, bookmarks, embedded CJK font, A4;
DOCX; rebuilt when a guide is published; downloadable from the bureau's services page."""

import io
import re

import pypdf
import pytest
from django.core.management import call_command
from docx import Document as DocxDocument

from gongkai.service_items import handbook, tasks
from gongkai.service_items.models import Handbook, HandbookStatus

from .factories import published_item
from .test_notice import embedded_fonts

pytestmark = pytest.mark.django_db

NAMES = ["危险化学品经营许可", "烟花爆竹经营（零售）许可", "生产安全事故应急预案备案"]


@pytest.fixture
def items(bureau, editor, reviewer):
    return [
        published_item(bureau=bureau, editor=editor, reviewer=reviewer, code=f"X-{n}", name=name)
        for n, name in enumerate(NAMES)
    ]


def _text(page) -> str:
    return page.extract_text().replace(" ", "")


def toc_page(toc: str, name: str) -> int:
    """The page number the TOC gives for `name` (the text extraction may put the number before or after it)."""
    toc = toc.replace(".", "")
    found = re.search(r"(\d+)\n" + re.escape(name) + r"\n", toc) or re.search(re.escape(name) + r"\n?(\d+)", toc)
    return int(found.group(1))


def test_the_toc_gives_the_page_each_chapter_starts_on_and_each_chapter_has_a_bookmark(bureau, items):
    reader = pypdf.PdfReader(io.BytesIO(handbook.build_files(bureau, fmt="pdf")))
    assert "办事一本通" in _text(reader.pages[0]) and "武陟县应急管理局" in _text(reader.pages[0])
    toc = _text(reader.pages[1])
    assert "目录" in toc
    listed = [toc_page(toc, name) for name in NAMES]
    assert listed == sorted(listed) and listed[0] == 3
    for name, page in zip(NAMES, listed, strict=True):
        assert _text(reader.pages[page - 1]).split("\n")[1] == name  # the line after the page number
    assert [entry.title for entry in reader.outline] == NAMES
    assert [reader.get_destination_page_number(entry) + 1 for entry in reader.outline] == listed


def test_the_handbook_pdf_is_a4_with_page_numbers_and_an_embedded_cjk_font(bureau, items):
    reader = pypdf.PdfReader(io.BytesIO(handbook.build_files(bureau, fmt="pdf")))
    assert all((round(float(p.mediabox.width)), round(float(p.mediabox.height))) == (595, 842) for p in reader.pages)
    assert "第3页" in _text(reader.pages[2])
    cjk = [embedded for name, embedded in embedded_fonts(reader) if "Noto" in name]
    assert cjk and all(cjk)


def test_the_city_wide_handbook_has_every_bureaus_guides(bureau, items):
    from gongkai.accounts.roles import Role
    from tests.factories import BureauFactory, user_with_role

    other = BureauFactory(code="boai", short_name="博爱县")
    published_item(
        bureau=other,
        editor=user_with_role(Role.EDITOR, other),
        reviewer=user_with_role(Role.REVIEWER, other),
        code="B-1",
        name="博爱县的事项",
    )
    reader = pypdf.PdfReader(io.BytesIO(handbook.build_files(None, fmt="pdf")))
    assert len(reader.outline) == 4 and any("博爱县的事项" in e.title for e in reader.outline)


def test_the_docx_has_a_heading_per_guide(bureau, items):
    document = DocxDocument(io.BytesIO(handbook.build_files(bureau, fmt="docx")))
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings[1:] == NAMES


def test_publishing_a_guide_rebuilds_the_handbooks_and_the_services_page_links_them(
    client, bureau, editor, reviewer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        published_item(bureau=bureau, editor=editor, reviewer=reviewer)
    book = Handbook.objects.get(scope="wuzhi")
    assert (book.status, book.progress, book.guide_count) == (HandbookStatus.READY, 100, 1)
    assert Handbook.objects.get(scope="city").status == HandbookStatus.READY
    page = client.get("/b/wuzhi/services/").content.decode()
    assert "/b/wuzhi/services/handbook.pdf" in page and "/services/handbook.docx" in page
    response = client.get("/b/wuzhi/services/handbook.pdf")
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_no_handbook_yet_answers_404(client, bureau):
    assert client.get("/b/wuzhi/services/handbook.pdf").status_code == 404
    assert client.get("/b/wuzhi/services/handbook.exe").status_code == 404


def test_the_admin_shows_the_build_progress(client, bureau, editor, items):
    tasks.request_rebuild(bureau=bureau)
    Handbook.objects.filter(scope="wuzhi").update(status=HandbookStatus.BUILDING, progress=42)
    client.force_login(editor)
    page = client.get("/admin/services/").content.decode()
    assert 'value="42"' in page and 'http-equiv="refresh"' in page


def test_the_build_handbook_command_writes_the_file(bureau, items, tmp_path):
    out = tmp_path / "book.pdf"
    call_command("build_handbook", "--bureau", "wuzhi", "--out", str(out))
    assert len(pypdf.PdfReader(out).outline) == 3
    call_command("build_handbook", "--out", str(tmp_path / "city.docx"), "--format", "docx")
    assert (tmp_path / "city.docx").stat().st_size > 0
