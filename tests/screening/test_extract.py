"""Attachment type checks and text extraction, on tiny real files built in tmp_path."""

import io
import zipfile

import pytest

from gongkai.screening.extract import ExtractionError, extract, sniff
from gongkai.screening.pii import scan

ID = "410823198503121236"
TEXT = f"当事人：张三，身份证号：{ID}"


def make_pdf(text=TEXT, password=None) -> bytes:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    c.setFont("STSong-Light", 12)
    c.drawString(72, 720, text)
    c.showPage()
    c.setFont("STSong-Light", 12)
    c.drawString(72, 720, "第二页")
    c.showPage()
    c.save()
    data = buf.getvalue()
    if password:
        from pypdf import PdfReader, PdfWriter

        writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
        writer.encrypt(user_password=password, owner_password=password + "-owner")
        out = io.BytesIO()
        writer.write(out)
        data = out.getvalue()
    return data


def make_docx() -> bytes:
    import docx

    document = docx.Document()
    document.add_paragraph("关于某某事项的处罚决定")
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "身份证号"
    table.cell(0, 1).text = ID
    document.sections[0].header.paragraphs[0].text = "页眉：联系电话13812345678"
    document.core_properties.title = "测试文档"
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def make_xlsx() -> bytes:
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "名单"
    sheet.append(["姓名", "身份证号", "金额"])
    sheet.append(["张三", ID, 1500.0])
    hidden = workbook.create_sheet("隐藏")
    hidden.sheet_state = "hidden"
    hidden.append(["手机", 13812345678])
    buf = io.BytesIO()
    workbook.save(buf)
    return buf.getvalue()


OFD_NS = "http://www.ofdspec.org/2016"


def make_ofd() -> bytes:
    def content(objects):
        body = "".join(
            f'<ofd:TextObject ID="{i}" Boundary="{x} {y} 100 5" Font="1" Size="3.5">'
            f'<ofd:TextCode X="0" Y="3">{text}</ofd:TextCode></ofd:TextObject>'
            for i, (x, y, text) in enumerate(objects, start=10)
        )
        return (
            f'<?xml version="1.0" encoding="UTF-8"?><ofd:Page xmlns:ofd="{OFD_NS}"><ofd:Content><ofd:Layer ID="2">'
            f"{body}</ofd:Layer></ofd:Content></ofd:Page>"
        )

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as archive:
        archive.writestr(
            "OFD.xml",
            f'<?xml version="1.0" encoding="UTF-8"?><ofd:OFD xmlns:ofd="{OFD_NS}" Version="1.0" DocType="OFD">'
            "<ofd:DocBody><ofd:DocInfo><ofd:DocID>x</ofd:DocID></ofd:DocInfo>"
            "<ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>",
        )
        archive.writestr(
            "Doc_0/Document.xml",
            f'<?xml version="1.0" encoding="UTF-8"?><ofd:Document xmlns:ofd="{OFD_NS}"><ofd:Pages>'
            '<ofd:Page ID="1" BaseLoc="Pages/Page_0/Content.xml"/>'
            '<ofd:Page ID="2" BaseLoc="Pages/Page_1/Content.xml"/></ofd:Pages></ofd:Document>',
        )
        # The ID number is split over two text objects on one line, as OFD writers often do.
        archive.writestr(
            "Doc_0/Pages/Page_0/Content.xml",
            content([(20, 30, "当事人：张三，身份证号：4108231985"), (80, 30, "03121236")]),
        )
        archive.writestr(
            "Doc_0/Pages/Page_1/Content.xml", content([(20, 30, "第二页"), (20, 40, "联系电话：13812345678")])
        )
    return buf.getvalue()


def make_png() -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (4, 4), "white").save(buf, format="PNG")
    return buf.getvalue()


def make_ole_doc() -> bytes:
    """A minimal stand-in for a Word 97 file: OLE magic, the WordDocument stream name, UTF-16 text."""
    return (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
        + b"\x00" * 504
        + "WordDocument".encode("utf-16-le")
        + b"\x00" * 64
        + TEXT.encode("utf-16-le")
        + b"\x00" * 64
    )


def write(tmp_path, name, data) -> bytes:
    path = tmp_path / name
    path.write_bytes(data)
    return path.read_bytes()


@pytest.mark.parametrize(
    ("name", "maker", "kind", "expected_parts"),
    [
        ("decision.pdf", make_pdf, "pdf", [TEXT, "第二页"]),
        (
            "decision.docx",
            make_docx,
            "docx",
            ["关于某某事项的处罚决定", f"身份证号\t{ID}", "页眉：联系电话13812345678", "测试文档"],
        ),
        ("list.xlsx", make_xlsx, "xlsx", ["名单", f"张三\t{ID}\t1500", "隐藏", "手机\t13812345678"]),
        ("decision.ofd", make_ofd, "ofd", [TEXT, "第二页\n联系电话：13812345678"]),
        ("notes.txt", lambda: TEXT.encode("utf-8"), "text", [TEXT]),
        ("notes.csv", lambda: TEXT.encode("gb18030"), "text", [TEXT]),
    ],
)
def test_extracts_text_by_real_type(tmp_path, name, maker, kind, expected_parts):
    data = write(tmp_path, name, maker())
    result = extract(data, name)
    assert result.kind == kind and result.complete
    for part in expected_parts:
        assert part in result.text


def test_extracted_attachment_text_is_screened(tmp_path):
    for name, maker in (("a.pdf", make_pdf), ("a.docx", make_docx), ("a.ofd", make_ofd), ("a.xlsx", make_xlsx)):
        text = extract(write(tmp_path, name, maker()), name).text
        assert ID in [h.value for h in scan(text) if h.kind == "id_number"], name


def test_images_give_no_text(tmp_path):
    result = extract(write(tmp_path, "photo.png", make_png()), "photo.png")
    assert (result.kind, result.text, result.complete, result.mime) == ("image", "", False, "image/png")


def test_legacy_word_is_read_approximately(tmp_path):
    result = extract(write(tmp_path, "old.doc", make_ole_doc()), "old.doc")
    assert result.kind == "doc" and result.complete is False and result.note
    assert ID in result.text


@pytest.mark.parametrize(
    ("name", "maker", "actual"),
    [
        ("decision.docx", make_pdf, "PDF"),
        ("decision.pdf", make_png, "an image"),
        ("list.xlsx", make_docx, "Word (DOCX)"),
        ("decision.docx", make_xlsx, "Excel (XLSX)"),
        ("photo.jpg", make_pdf, "PDF"),
        ("decision.ofd", make_docx, "Word (DOCX)"),
        ("notes.txt", make_png, "an image"),
        ("decision.pdf", lambda: TEXT.encode("utf-8"), "plain text"),
        ("old.doc", make_docx, "Word (DOCX)"),
    ],
)
def test_content_that_does_not_match_the_extension_is_refused(tmp_path, name, maker, actual):
    with pytest.raises(ExtractionError) as info:
        extract(write(tmp_path, name, maker()), name)
    assert info.value.code == ExtractionError.TYPE_MISMATCH
    assert actual in info.value.message and name.rsplit(".", 1)[1] in info.value.message


@pytest.mark.parametrize("name", ["setup.exe", "page.html", "archive.zip", "noextension"])
def test_unsupported_extensions_are_refused(tmp_path, name):
    with pytest.raises(ExtractionError) as info:
        extract(write(tmp_path, name, make_pdf()), name)
    assert info.value.code == ExtractionError.UNSUPPORTED_TYPE


def test_empty_file_is_refused(tmp_path):
    with pytest.raises(ExtractionError) as info:
        extract(write(tmp_path, "empty.pdf", b""), "empty.pdf")
    assert info.value.code == ExtractionError.EMPTY_FILE


def test_oversized_file_is_refused(tmp_path):
    with pytest.raises(ExtractionError) as info:
        extract(write(tmp_path, "a.pdf", make_pdf()), "a.pdf", max_bytes=100)
    assert info.value.code == ExtractionError.TOO_LARGE


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("broken.pdf", b"%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R >>\ngarbage"),
        ("broken.docx", b"PK\x03\x04" + b"\x00" * 40),
    ],
)
def test_damaged_files_are_refused(tmp_path, name, data):
    with pytest.raises(ExtractionError) as info:
        extract(write(tmp_path, name, data), name)
    assert info.value.code == ExtractionError.CORRUPT_FILE


def test_docx_with_a_broken_part_is_refused(tmp_path):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as archive:
        archive.writestr("word/document.xml", "<not-xml")
    with pytest.raises(ExtractionError) as info:
        extract(write(tmp_path, "x.docx", buf.getvalue()), "x.docx")
    assert info.value.code == ExtractionError.CORRUPT_FILE


def test_password_protected_pdf_is_refused(tmp_path):
    with pytest.raises(ExtractionError) as info:
        extract(write(tmp_path, "secret.pdf", make_pdf(password="s3cret")), "secret.pdf")
    assert info.value.code == ExtractionError.ENCRYPTED


def test_zip_bomb_is_refused(tmp_path, monkeypatch):
    import gongkai.screening.formats as module

    monkeypatch.setattr(module, "MAX_UNCOMPRESSED", 1000)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("OFD.xml", "<a/>")
        archive.writestr("Doc_0/big.xml", "0" * 100_000)
    with pytest.raises(ExtractionError) as info:
        extract(write(tmp_path, "bomb.ofd", buf.getvalue()), "bomb.ofd")
    assert info.value.code == ExtractionError.TOO_LARGE


def test_extension_is_case_insensitive_and_sniff_reports_the_real_type(tmp_path):
    assert extract(write(tmp_path, "A.PDF", make_pdf()), "A.PDF").kind == "pdf"
    assert sniff(make_docx()) == "docx" and sniff(make_ofd()) == "ofd" and sniff(make_png()) == "image"
    assert sniff(b"\x00\x01\x02binary") is None


def test_natural_order_of_part_names_with_superscript_digits_does_not_fail():
    from gongkai.screening.formats import _natural_key

    assert sorted(["sheet²", "sheet10", "sheet2"], key=_natural_key)[:2] == ["sheet2", "sheet10"]
