"""Read a catalog from an XLSX workbook in the official layout (or a local variant of it).

Per sheet: the header row is found by its labels (not by position), over one or two rows
(序号 | 公开事项: 一级事项 / 二级事项 [/ 三级事项] | 公开内容（要素）| 公开依据 | 公开时限 | 公开主体 |
公开渠道和载体 | 公开对象: 全社会 / 特定群体 | 公开方式: 主动 / 依申请 | 公开层级: 县级 / 乡级 [| 责任科室]).
Variants tolerated (variants.md): 特定群众, 乡、村级 / 镇级, no 公开层级 columns, only one level
column, reordered columns, single-column 公开对象/公开方式 with text, extra local columns (ignored
with a warning). Merged cells (一级事项 over several rows, or any other column) give their value
to every row they cover. The domain comes from the sheet name or the table title (安全生产 /
救灾), unless the caller forces one.

Pure: bytes in, ParseResult out; no database access.
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from collections.abc import Callable
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter, range_boundaries

from ..types import FREE_TEXT_FIELDS, REQUIRED_FIELDS
from .common import finish, new_item, reconcile_rule, warn
from .labels import (
    FIELD_LABELS,
    GROUP_FIELDS,
    LEVEL_TEXT,
    cell_text,
    detect_domain,
    group_value,
    header_field,
    mark_value,
    normalize_time_limit_text,
    parse_channels,
    parse_choice_text,
    split_legal_basis,
)
from .layout import OTHER_CHANNEL_KEY
from .limits import Limits
from .report import Origin, ParseResult
from .xlsx_writer import META_COLUMNS, META_SHEET

HEADER_SCAN_ROWS = 20
Progress = Callable[[int, int], None]


MAX_COLUMNS = 100  # a catalog table has about 20; cells further right are ignored
MAX_MERGED_CELLS = 500_000  # cells covered by merged ranges, a guard against hostile workbooks


class _TooManyMergedCells(ValueError):
    pass


class _Sheet:
    """A worksheet's values as a grid, with merged ranges filled in."""

    def __init__(self, title: str, rows: list[tuple[Any, ...]], merged_ranges: list[tuple[int, int, int, int]]):
        self.title = title
        self.rows = rows
        self.width = max((len(r) for r in self.rows), default=0)
        # (row, col) 1-based -> (value, first row) for cells covered by a merge, except its top-left cell
        self.merged: dict[tuple[int, int], tuple[Any, int]] = {}
        # top-left (row, col) of each merge -> number of extra columns it spans
        self.spans: dict[tuple[int, int], int] = {}
        for min_col, min_row, max_col, max_row in merged_ranges:
            max_col, max_row = min(max_col, self.width), min(max_row, len(rows))
            if min_col > max_col or min_row > max_row:
                continue
            if len(self.merged) + (max_col - min_col + 1) * (max_row - min_row + 1) > MAX_MERGED_CELLS:
                raise _TooManyMergedCells
            top = self.own(min_row, min_col)
            self.spans[(min_row, min_col)] = max_col - min_col
            for row in range(min_row, max_row + 1):
                for col in range(min_col, max_col + 1):
                    if (row, col) != (min_row, min_col):
                        self.merged[(row, col)] = (top, min_row)

    def own(self, row: int, col: int) -> Any:
        if row - 1 < len(self.rows) and col - 1 < len(self.rows[row - 1]):
            return self.rows[row - 1][col - 1]
        return None

    def value(self, row: int, col: int) -> Any:
        if (row, col) in self.merged:
            return self.merged[(row, col)][0]
        return self.own(row, col)

    def text(self, row: int, col: int | None) -> str:
        return cell_text(self.value(row, col)) if col else ""

    def own_texts(self, row: int, cols: list[int]) -> list[int]:
        """The columns among `cols` whose own (not merged-in) cell has text."""
        values = self.rows[row - 1] if row - 1 < len(self.rows) else ()
        return [c for c in cols if c - 1 < len(values) and cell_text(values[c - 1])]

    def filled_rows(self) -> int:
        return sum(1 for values in self.rows if any(cell_text(v) for v in values))


def _find_header(sheet: _Sheet) -> int | None:
    signal = {"items", "levels", *REQUIRED_FIELDS}
    for row in range(1, min(HEADER_SCAN_ROWS, len(sheet.rows)) + 1):
        fields = {header_field(sheet.value(row, col)) for col in range(1, sheet.width + 1)}
        if len(fields & signal) >= 4:
            return row
    return None


def _map_columns(sheet: _Sheet, header_row: int, result: ParseResult) -> tuple[dict[str, list[int]], int]:
    """Column numbers of each field ("audience:public" for a √ column); returns (mapping, last header row)."""
    sub_row = header_row + 1
    two_rows = False
    if sub_row <= len(sheet.rows):
        for col in range(1, sheet.width + 1):
            if _is_vertical_merge(sheet, sub_row, col, header_row):
                continue
            label = sheet.value(sub_row, col)
            top = header_field(sheet.value(header_row, col))
            if header_field(label) in ("level1", "level2", "level3") or (
                top in GROUP_FIELDS and group_value(top, label) is not None
            ):
                two_rows = True
                break
    mapping: dict[str, list[int]] = {}
    for col in range(1, sheet.width + 1):
        top_raw = sheet.value(header_row, col)
        sub_raw = None
        if two_rows and not _is_vertical_merge(sheet, sub_row, col, header_row):
            sub_raw = sheet.value(sub_row, col)
        top = header_field(top_raw)
        sub = header_field(sub_raw) if sub_raw is not None else None
        field_name: str | None = None
        if sub in ("level1", "level2", "level3"):
            field_name = sub
        elif top in GROUP_FIELDS and cell_text(sub_raw):
            value = group_value(top, sub_raw)
            if value is None:
                warn(
                    result,
                    "unknown_column",
                    _("The column “%(label)s” under “%(group)s” is not known and is ignored.")
                    % {"label": cell_text(sub_raw), "group": cell_text(top_raw)},
                    sheet=sheet.title,
                    row=sub_row,
                    column=get_column_letter(col),
                )
                continue
            field_name = f"{top}:{value}"
        elif top is not None and top != "items":
            field_name = top
        else:
            label = sub_raw if cell_text(sub_raw) else top_raw
            for group in GROUP_FIELDS:
                if (value := group_value(group, label)) is not None:
                    field_name = f"{group}:{value}"
                    break
            if field_name is None and sub is not None and sub != "items":
                field_name = sub
        if field_name is None:
            label = cell_text(sub_raw) or cell_text(top_raw)
            if label:
                warn(
                    result,
                    "unknown_column",
                    _("The column “%(label)s” is not part of the official layout and is ignored.") % {"label": label},
                    sheet=sheet.title,
                    row=header_row,
                    column=get_column_letter(col),
                )
            continue
        mapping.setdefault(field_name, []).append(col)
    return mapping, sub_row if two_rows else header_row


def _is_vertical_merge(sheet: _Sheet, row: int, col: int, header_row: int) -> bool:
    merged = sheet.merged.get((row, col))
    return merged is not None and merged[1] <= header_row


def _columns_of(mapping: dict[str, list[int]], field_name: str) -> list[int]:
    cols = list(mapping.get(field_name, []))
    for key, value in mapping.items():
        if key.startswith(field_name + ":"):
            cols.extend(value)
    return sorted(cols)


def _origin_columns(mapping: dict[str, list[int]]) -> dict[str, tuple[str, str]]:
    columns: dict[str, tuple[str, str]] = {}
    for field_name, label in FIELD_LABELS.items():
        cols = _columns_of(mapping, field_name)
        if not cols:
            continue
        letters = get_column_letter(cols[0])
        if len(cols) > 1:
            letters = f"{letters}–{get_column_letter(cols[-1])}"
        columns[field_name] = (letters, label)
    columns["time_limit_rule"] = columns.get("time_limit_text", ("", ""))
    return columns


def _read_meta(rows: list[tuple[Any, ...]]) -> dict[tuple[str, str, str, str], dict[str, Any]]:
    """The hidden metadata sheet of our own exports, keyed by item name."""
    if not rows or [cell_text(v) for v in rows[0]][: len(META_COLUMNS)] != META_COLUMNS:
        return {}
    meta = {}
    for values in rows[1:]:
        record = {name: cell_text(values[i]) if i < len(values) else "" for i, name in enumerate(META_COLUMNS)}
        for name in ("extra", "time_limit_rule", "legal_basis"):
            try:
                record[name] = json.loads(record[name]) if record[name] else None
            except ValueError:
                record[name] = None
        meta[(record["domain"], record["level1"], record["level2"], record["level3"])] = record
    return meta


_MERGE_REF = re.compile(rb'<(?:\w+:)?mergeCell\b[^>]*?\bref="([A-Za-z]+[0-9]+(?::[A-Za-z]+[0-9]+)?)"')


def _merged_ranges(archive: zipfile.ZipFile, path: str) -> list[tuple[int, int, int, int]]:
    """(min_col, min_row, max_col, max_row) of every merged range, read from the sheet's XML.

    openpyxl's read-only mode (fast, streaming) does not expose merged cells, and its full mode
    spends most of its time styling the borders of merged ranges, which an import never needs.
    """
    try:
        xml = archive.read(path.lstrip("/"))
    except KeyError:
        return []
    ranges = []
    for ref in _MERGE_REF.findall(xml):
        min_col, min_row, max_col, max_row = range_boundaries(ref.decode("ascii").upper())
        ranges.append((min_col, min_row, max_col or min_col, max_row or min_row))
    return ranges


def _load(
    data: bytes, limits: Limits, result: ParseResult, progress: Progress | None = None
) -> tuple[list[_Sheet], list[tuple[Any, ...]]] | None:
    """The visible sheets (values and merges) and the rows of the metadata sheet; None after an error."""
    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds of errors on damaged files
        result.add("corrupt_xlsx", _("The workbook cannot be read (%(error)s).") % {"error": type(exc).__name__})
        return None
    allowance = limits.max_rows + HEADER_SCAN_ROWS * max(len(wb.worksheets), 1)
    row_budget = max(4 * allowance, 10_000)  # rows read at all, empty ones included
    sheets: list[_Sheet] = []
    meta_rows: list[tuple[Any, ...]] = []
    filled = 0
    read = 0
    # rows announced by the sheets' <dimension>, for the progress bar (reading is the first half)
    announced = 2 * sum(ws.max_row or 0 for ws in wb.worksheets if ws.title != META_SHEET) or 0
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        for ws in wb.worksheets:
            if ws.title != META_SHEET and ws.sheet_state != "visible":
                continue
            ws.reset_dimensions()  # some producers write a wrong <dimension>; read every row there is
            rows: list[tuple[Any, ...]] = []
            for values in ws.iter_rows(values_only=True, max_col=MAX_COLUMNS):
                rows.append(values[:MAX_COLUMNS])
                read += 1
                if progress is not None and announced and read % 200 == 0:
                    progress(min(read, announced // 2), announced)
                if any(v is not None and v != "" for v in values):
                    filled += 1
                if filled > allowance or len(rows) > row_budget:
                    result.add(
                        "too_many_rows",
                        _("The workbook has more than %(rows)s rows; at most %(limit)s items can be imported at once.")
                        % {"rows": allowance if filled > allowance else row_budget, "limit": limits.max_rows},
                    )
                    return None
            while rows and not any(v is not None and v != "" for v in rows[-1]):
                rows.pop()
            if ws.title == META_SHEET:
                meta_rows = rows
            else:
                sheets.append(_Sheet(ws.title, rows, _merged_ranges(archive, getattr(ws, "_worksheet_path", ""))))
    except _TooManyMergedCells:
        result.add("too_many_merged_cells", _("The workbook's merged cells cover too large an area."))
        return None
    except Exception as exc:  # noqa: BLE001 - damaged sheet XML surfaces while streaming
        result.add("corrupt_xlsx", _("The workbook cannot be read (%(error)s).") % {"error": type(exc).__name__})
        return None
    finally:
        wb.close()
    return sheets, meta_rows


def _read_sheet(
    sheet: _Sheet,
    result: ParseResult,
    *,
    domain: str | None,
    default_levels: list[str],
    meta: dict,
    progress: Progress | None,
    done: list[int],
    total: int,
) -> None:
    header_row = _find_header(sheet)
    if header_row is None:
        if sheet.filled_rows():
            warn(
                result,
                "no_header",
                _(
                    "No catalog header row was found (序号, 公开事项, 公开内容, 公开依据, 公开时限 …); the sheet is skipped."
                ),
                sheet=sheet.title,
            )
        return
    result.meta.setdefault("sheets_with_header", []).append(sheet.title)
    mapping, last_header_row = _map_columns(sheet, header_row, result)

    problems = False
    for field_name, cols in mapping.items():
        if len(cols) > 1:
            result.add(
                "duplicate_column",
                _("The column “%(label)s” appears more than once (columns %(columns)s).")
                % {
                    "label": FIELD_LABELS.get(field_name.split(":")[0], field_name),
                    "columns": ", ".join(get_column_letter(c) for c in cols),
                },
                sheet=sheet.title,
                row=header_row,
            )
            problems = True
    for field_name in REQUIRED_FIELDS:
        if not _columns_of(mapping, field_name):
            result.add(
                "missing_column",
                _("The column “%(label)s” is missing from the header.") % {"label": FIELD_LABELS[field_name]},
                sheet=sheet.title,
                row=header_row,
                label=FIELD_LABELS[field_name],
            )
            problems = True
    has_levels = bool(_columns_of(mapping, "levels"))
    if not has_levels:
        warn(
            result,
            "no_level_columns",
            _("The table has no 公开层级 columns; every item is given the level %(levels)s.")
            % {"levels": "、".join(LEVEL_TEXT.get(v, v) for v in default_levels)},
            sheet=sheet.title,
            row=header_row,
        )

    title_text = (
        sheet.title
        + " "
        + " ".join(sheet.text(row, col) for row in range(1, header_row) for col in range(1, sheet.width + 1))
    )
    sheet_domain = detect_domain(title_text) or domain
    if sheet_domain is None:
        result.add(
            "unknown_domain",
            _(
                "Cannot tell whether this sheet is the 安全生产 or the 救灾 catalog: name the sheet or the table title "
                "after its domain, or choose the domain when importing."
            ),
            sheet=sheet.title,
        )
        problems = True
    if problems:
        return

    origin_columns = _origin_columns(mapping)
    mapped_cols = sorted(c for cols in mapping.values() for c in cols)
    content_set = {c for f, cols in mapping.items() if f != "seq" for c in cols}
    col_of = {f: cols[0] for f, cols in mapping.items()}
    mark_cols = {
        group: [(k.split(":", 1)[1], cols[0]) for k, cols in mapping.items() if k.startswith(group + ":")]
        for group in GROUP_FIELDS
    }
    sheet_items = 0

    for row in range(last_header_row + 1, len(sheet.rows) + 1):
        done[0] += 1
        if progress is not None and done[0] % 50 == 0:
            progress(done[0], total)
        own = sheet.own_texts(row, mapped_cols)
        if not [c for c in own if c in content_set]:
            # nothing but a number in 序号 is an empty numbered row, skipped quietly; other text is a note
            if not own or cell_text(sheet.own(row, own[0])).isdigit():
                continue
            warn(
                result,
                "note_row",
                _("This row looks like a note, not an item; it is skipped."),
                sheet=sheet.title,
                row=row,
            )
            continue
        if _looks_like_note(sheet, row, own):
            warn(
                result,
                "note_row",
                _("This row looks like a note, not an item; it is skipped."),
                sheet=sheet.title,
                row=row,
            )
            continue
        values: dict[str, Any] = {"domain": sheet_domain}
        for field_name in FREE_TEXT_FIELDS:
            values[field_name] = sheet.text(row, col_of.get(field_name))
        basis_text = sheet.text(row, col_of["legal_basis"])
        values["legal_basis"] = split_legal_basis(basis_text)
        values["time_limit_text"] = normalize_time_limit_text(values["time_limit_text"])
        channels, unknown, other = parse_channels(sheet.value(row, col_of["channels"]))
        values["channels"] = channels + unknown
        for group in GROUP_FIELDS:
            chosen: list[str] = []
            if group in col_of:  # one column holding labels, e.g. 公开对象 = "全社会"
                found, unknown_labels = parse_choice_text(group, sheet.text(row, col_of[group]))
                chosen += found + unknown_labels
            for value, col in mark_cols[group]:
                mark = mark_value(sheet.value(row, col))
                if mark is None:
                    result.add(
                        "invalid_mark",
                        _("“%(value)s” is not a tick mark; write √ or leave the cell empty.")
                        % {"value": sheet.text(row, col)},
                        sheet=sheet.title,
                        row=row,
                        column=get_column_letter(col),
                        label=FIELD_LABELS[group],
                    )
                elif mark:
                    chosen.append(value)
            values[group] = chosen
        if not has_levels:
            values["levels"] = list(default_levels)

        # What the official layout has no column for comes from the metadata sheet, matched by name.
        record = meta.get((sheet_domain, values["level1"], values["level2"], values["level3"]))
        extra: dict[str, Any] = {}
        provided_rule = None
        if record:
            values["key"] = record["key"]
            values["source"] = record["source"]
            if "notes" not in col_of:
                values["notes"] = record["notes"]
            if isinstance(record["extra"], dict):
                extra = dict(record["extra"])
            if isinstance(record["legal_basis"], list) and "\n".join(record["legal_basis"]) == basis_text:
                values["legal_basis"] = record["legal_basis"]
            if record["time_limit_text"] == values["time_limit_text"]:
                provided_rule = record["time_limit_rule"]
        extra.pop(OTHER_CHANNEL_KEY, None)
        if other:
            extra[OTHER_CHANNEL_KEY] = other
        values["extra"] = extra
        values["time_limit_rule"] = reconcile_rule(values["time_limit_text"], provided_rule)
        result.items.append(new_item(**values))
        result.origins.append(Origin(sheet=sheet.title, row=row, columns=origin_columns))
        sheet_items += 1
    if not sheet_items:
        warn(
            result,
            "empty_sheet",
            _("The sheet has a header but no items; its domain is left unchanged."),
            sheet=sheet.title,
        )


def _looks_like_note(sheet: _Sheet, row: int, own: list[int]) -> bool:
    """A footnote ("注：…") or a banner merged across the table, rather than an item."""
    if len(own) != 1:
        return False
    text = cell_text(sheet.own(row, own[0]))
    return sheet.spans.get((row, own[0]), 0) >= 2 or text.startswith(("注：", "注:", "说明", "备注", "填表说明"))


def read_xlsx(
    data: bytes,
    *,
    limits: Limits,
    domain: str | None = None,
    default_levels: list[str] | None = None,
    progress: Progress | None = None,
) -> ParseResult:
    """Parse and validate a workbook; file-level checks (filecheck.check_xlsx) come first."""
    result = ParseResult(format="xlsx")
    loaded = _load(data, limits, result, progress)
    if loaded is None:
        return result
    sheets, meta_rows = loaded
    meta = _read_meta(meta_rows)
    total = sum(len(sheet.rows) for sheet in sheets)
    done = [total]  # reading the rows was the first half of the progress bar
    total *= 2
    for sheet in sheets:
        _read_sheet(
            sheet,
            result,
            domain=domain,
            default_levels=default_levels or ["county"],
            meta=meta,
            progress=progress,
            done=done,
            total=total,
        )
    if not result.meta.get("sheets_with_header") and result.ok:
        result.add(
            "no_header",
            _(
                "No sheet has the catalog header (序号, 公开事项, 公开内容, 公开依据, 公开时限, 公开主体, 公开渠道和载体, "
                "公开对象, 公开方式). Use the official table layout."
            ),
        )
    if len(result.items) > limits.max_rows:
        result.add(
            "too_many_rows",
            _("The workbook has %(rows)s items; at most %(limit)s items can be imported at once.")
            % {"rows": len(result.items), "limit": limits.max_rows},
        )
        return result
    if progress is not None:
        progress(total, total)
    return finish(result)
