"""An embeddable CJK font for the PDFs of this app (one-time notice, service handbook).

reportlab embeds TrueType outlines only, and Debian's Noto CJK fonts (fonts-noto-cjk) carry PostScript (CFF)
outlines. `cjk_font(text)` therefore subsets Noto Sans CJK SC to the characters of `text` with fontTools,
converts the subset's cubic outlines to quadratic TrueType ones, and registers the result with reportlab
under a name derived from the character set: the PDF then embeds the glyphs it uses (and a ToUnicode map, so
the Chinese text is selectable and searchable). Without the Noto font (a machine without fonts-noto-cjk) it
falls back to reportlab's CID font STSong-Light, which the PDF reader supplies (not embedded).
"""

from __future__ import annotations

import hashlib
import io
from functools import cache
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFont

NOTO_DIRS = (Path("/usr/share/fonts/opentype/noto"), Path("/usr/share/fonts/noto-cjk"))
# Faces of fonts-noto-cjk: (file name, family inside the collection). "sans" is the default of this app;
# "serif" and "serif-bold" set official documents (supervision.layout: the closest free faces to 仿宋/小标宋).
FACES = {
    "sans": ("NotoSansCJK-Regular.ttc", "Noto Sans CJK SC"),
    "serif": ("NotoSerifCJK-Regular.ttc", "Noto Serif CJK SC"),
    "serif-bold": ("NotoSerifCJK-Bold.ttc", "Noto Serif CJK SC"),
}
NOTO_PATHS = tuple(directory / FACES["sans"][0] for directory in NOTO_DIRS)
FAMILY = FACES["sans"][1]
FALLBACK = "STSong-Light"
# Always in the subset: ASCII, full-width forms and the CJK punctuation the templates write.
BASE_CHARACTERS = "".join(chr(c) for c in range(0x20, 0x7F)) + "，。、；：？！“”‘’（）《》【】—…·　０１２３４５６７８９"
_registered: set[str] = set()


def noto_path(face: str = "sans") -> Path | None:
    filename = FACES[face][0]
    return next((d / filename for d in NOTO_DIRS if (d / filename).exists()), None)


@cache
def _font_number(path: Path, family: str = FAMILY) -> int:
    """The index of the Simplified Chinese face in the collection."""
    from fontTools.ttLib import TTCollection

    collection = TTCollection(str(path), lazy=True)
    for number, font in enumerate(collection.fonts):
        if font["name"].getDebugName(1) == family:
            return number
    return 0


def _to_truetype(font) -> None:
    """Replace the CFF outlines of `font` by quadratic TrueType ones (fontTools' otf2ttf recipe)."""
    from fontTools.pens.cu2quPen import Cu2QuPen
    from fontTools.pens.ttGlyphPen import TTGlyphPen
    from fontTools.ttLib import newTable

    order = font.getGlyphOrder()
    glyph_set = font.getGlyphSet()
    glyphs = {}
    for name in order:
        pen = TTGlyphPen(glyph_set)
        glyph_set[name].draw(Cu2QuPen(pen, 1.0, reverse_direction=True))
        glyphs[name] = pen.glyph()
    font["loca"] = newTable("loca")
    font["glyf"] = glyf = newTable("glyf")
    glyf.glyphOrder = order
    glyf.glyphs = glyphs
    for table in ("CFF ", "VORG"):
        if table in font:
            del font[table]
    glyf.compile(font)
    hmtx = font["hmtx"]
    for name, glyph in glyphs.items():
        if hasattr(glyph, "xMin"):
            hmtx[name] = (hmtx[name][0], glyph.xMin)
    font["maxp"] = maxp = newTable("maxp")
    maxp.tableVersion = 0x00010000
    for field in (
        "maxZones",
        "maxTwilightPoints",
        "maxStorage",
        "maxFunctionDefs",
        "maxInstructionDefs",
        "maxStackElements",
        "maxSizeOfInstructions",
        "maxComponentElements",
    ):
        setattr(maxp, field, 1 if field == "maxZones" else 0)
    post = font["post"]
    post.formatType, post.extraNames, post.mapping, post.glyphOrder = 3.0, [], {}, order
    font.sfntVersion = "\000\001\000\000"


def subset_truetype(characters: str, name: str = "NotoSansSC-Subset", face: str = "sans") -> bytes:
    """Noto Sans CJK SC reduced to `characters` (and the base set), as a TrueType font file named `name`.

    Each subset gets its own PostScript name: reportlab registers typefaces by that name, and two subsets
    under one name would share the first one's glyphs."""
    from fontTools import subset
    from fontTools.ttLib import TTFont as ToolsFont

    path = noto_path(face)
    font = ToolsFont(str(path), fontNumber=_font_number(path, FACES[face][1]), lazy=True)
    options = subset.Options()
    options.layout_features, options.hinting, options.name_IDs = [], False, [0, 1, 2, 3, 4, 5, 6]
    options.notdef_outline, options.desubroutinize = True, True
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes={ord(c) for c in set(characters) | set(BASE_CHARACTERS)})
    subsetter.subset(font)
    _to_truetype(font)
    for record in font["name"].names:
        if record.nameID in (1, 3, 4, 6):
            record.string = name
    # fontTools stamps the save time into the head table by default, and reportlab embeds that table: the
    # same text would give other PDF bytes in another process (publish_site --check found them stale).
    font.recalcTimestamp = False
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


def cjk_font(text: str, face: str = "sans") -> str:
    """The reportlab font name to set `text` in: an embedded Noto subset (of `face`, see FACES) covering it, else
    the CID fallback."""
    if noto_path(face) is None:
        if FALLBACK not in _registered:
            pdfmetrics.registerFont(UnicodeCIDFont(FALLBACK))
            _registered.add(FALLBACK)
        return FALLBACK
    characters = "".join(sorted({c for c in text if c.isprintable()}))
    prefix = "NotoSansSC-" if face == "sans" else f"Noto-{face}-"
    name = prefix + hashlib.sha1(characters.encode()).hexdigest()[:12]
    if name not in _registered:
        pdfmetrics.registerFont(TTFont(name, io.BytesIO(subset_truetype(characters, name, face))))
        _registered.add(name)
    return name
