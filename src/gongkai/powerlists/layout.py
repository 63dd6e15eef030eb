"""The XLSX layout of the lists as offices keep them, and its reader (no database).

The first visible sheet; a header row within the first 20 rows naming at least 事项编码 and 事项名称;
the columns, in any order (other columns such as 序号 or 备注 are ignored):

| header (aliases)                           | field  | required                                        |
|--------------------------------------------|--------|-------------------------------------------------|
| 事项编码 (编码, 事项代码, 基本编码)          | code   | yes, unique in the file                          |
| 事项名称 (名称)                              | name   | yes                                              |
| 事项类型 (类型, 职权类型, 权力类型)           | kind   | 权责清单: 行政许可, 行政处罚, 行政强制, 行政检查, 行政确认, 行政奖励, 其他; 公共服务事项清单: 公共服务 or empty |
| 设定依据 (法律依据, 依据)                     | basis  | no                                               |
| 实施机构 (责任科室, 承办机构, 实施主体, 责任单位) | office | no                                               |

Rows without code and name are skipped. Every error names its row; one error rejects the whole file.
The file checks and the workbook reading are the catalog import's (`catalogs.interchange`).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from gongkai.catalogs.interchange.filecheck import FileRejected, check_xlsx
from gongkai.catalogs.interchange.limits import current_limits
from gongkai.catalogs.interchange.report import ParseResult
from gongkai.catalogs.interchange.xlsx_grid import HEADER_SCAN_ROWS, load_sheets

from .models import KIND_WORDS, POWER_KINDS, ItemKind, ListKind

HEADERS = {
    "code": ("事项编码", "编码", "事项代码", "基本编码"),
    "name": ("事项名称", "名称"),
    "kind": ("事项类型", "类型", "职权类型", "权力类型"),
    "basis": ("设定依据", "法律依据", "依据"),
    "office": ("实施机构", "责任科室", "承办机构", "实施主体", "责任单位"),
}
MAX_NAME = 300
MAX_CODE = 64
MAX_OFFICE = 200


@dataclass
class Row:
    row: int
    code: str
    name: str
    kind: str
    basis: str
    office: str


class ListFileRejected(Exception):
    """The file cannot be imported; `errors` lists each problem (with its row where there is one)."""

    def __init__(self, errors: list[str]):
        super().__init__("; ".join(errors))
        self.errors = errors


def _header(sheet) -> tuple[int, dict[str, int]] | None:
    for row in range(1, min(HEADER_SCAN_ROWS, len(sheet.rows)) + 1):
        found: dict[str, int] = {}
        for col in range(1, sheet.width + 1):
            label = sheet.text(row, col).replace(" ", "").replace("\n", "")
            for field, aliases in HEADERS.items():
                if field not in found and label in aliases:
                    found[field] = col
        if "code" in found and "name" in found:
            return row, found
    return None


def _kind(word: str, list_kind: str) -> str | None:
    if list_kind == ListKind.PUBLIC_SERVICES:
        return ItemKind.PUBLIC_SERVICE if word in ("", "公共服务") else None
    kind = KIND_WORDS.get(word)
    return kind if kind in POWER_KINDS else None


def read_list(data: bytes, *, list_kind: str) -> list[Row]:
    """The rows of a list workbook; raises ListFileRejected with every error found."""
    limits = current_limits()
    if len(data) > limits.max_bytes:
        raise ListFileRejected([_("The file is too large.")])
    try:
        check_xlsx(data, limits)
    except FileRejected as exc:
        raise ListFileRejected([exc.issue.message]) from exc
    result = ParseResult()
    loaded = load_sheets(data, limits, result)
    if loaded is None:
        raise ListFileRejected([issue.message for issue in result.errors])
    sheets, _meta = loaded
    sheet = next((s for s in sheets if s.rows), None)
    header = _header(sheet) if sheet is not None else None
    if header is None:
        raise ListFileRejected(
            [_("No header row with 事项编码 and 事项名称 in the first %(n)s rows.") % {"n": HEADER_SCAN_ROWS}]
        )
    header_row, cols = header
    if list_kind == ListKind.POWERS and "kind" not in cols:
        raise ListFileRejected([_("The 权责清单 needs a 事项类型 column.")])
    errors: list[str] = []
    rows: list[Row] = []
    seen: dict[str, int] = {}
    allowed = "、".join(k for k, v in KIND_WORDS.items() if v in POWER_KINDS and k != "其他行政权力")
    for r in range(header_row + 1, len(sheet.rows) + 1):
        text = {field: sheet.text(r, col) for field, col in cols.items()}
        code, name = text.get("code", ""), text.get("name", "")
        if not code and not name:
            continue
        where = _("row %(row)s") % {"row": r}
        if not code:
            errors.append(f"{where}: " + _("事项编码 is empty."))
        elif len(code) > MAX_CODE:
            errors.append(f"{where}: " + _("事项编码 is longer than %(n)s characters.") % {"n": MAX_CODE})
        elif code in seen:
            errors.append(
                f"{where}: " + _("事项编码 %(code)s is also on row %(other)s.") % {"code": code, "other": seen[code]}
            )
        if not name:
            errors.append(f"{where}: " + _("事项名称 is empty."))
        elif len(name) > MAX_NAME:
            errors.append(f"{where}: " + _("事项名称 is longer than %(n)s characters.") % {"n": MAX_NAME})
        kind = _kind(text.get("kind", ""), list_kind)
        if kind is None:
            if list_kind == ListKind.POWERS:
                errors.append(
                    f"{where}: "
                    + _("事项类型 %(word)r is not one of %(allowed)s.")
                    % {"word": text.get("kind", ""), "allowed": allowed}
                )
            else:
                errors.append(f"{where}: " + _("The 公共服务事项清单 holds 公共服务 items only."))
        office = text.get("office", "")
        if len(office) > MAX_OFFICE:
            errors.append(f"{where}: " + _("实施机构 is longer than %(n)s characters.") % {"n": MAX_OFFICE})
        if code:
            seen.setdefault(code, r)
        rows.append(Row(row=r, code=code, name=name, kind=kind or "", basis=text.get("basis", ""), office=office))
    if not rows and not errors:
        errors.append(_("The list has no items."))
    if errors:
        raise ListFileRejected(errors)
    return rows


COLUMNS = ("序号", "事项编码", "事项名称", "事项类型", "设定依据", "实施机构")
KIND_WORD = {kind: word for word, kind in KIND_WORDS.items() if word != "其他行政权力"}


def write_list(title: str, items) -> bytes:
    """A workbook in the layout above (a title row, the header, one row per item): the template offices fill in,
    and what the demo imports. `items`: (code, name, kind, basis, office) tuples, `kind` an ItemKind."""
    import io

    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "清单"
    ws.append([title])
    ws.append(list(COLUMNS))
    for number, (code, name, kind, basis, office) in enumerate(items, start=1):
        ws.append([number, code, name, KIND_WORD.get(kind, kind), basis, office])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
