"""Read a catalog from an XLSX workbook in the official layout (or a local variant of it).

Per sheet: the header row is found by its labels (not by position), over one or two rows
(序号 | 公开事项: 一级事项 / 二级事项 [/ 三级事项] | 公开内容（要素）| 公开依据 | 公开时限 | 公开主体 |
公开渠道和载体 | 公开对象: 全社会 / 特定群体 | 公开方式: 主动 / 依申请 | 公开层级: 县级 / 乡级 [| 责任科室]).
Variants tolerated (variants.md): 特定群众, 乡、村级 / 镇级, no 公开层级 columns, only one level
column, reordered columns, single-column 公开对象/公开方式 with text, extra local columns (ignored
with a warning). Merged cells (一级事项 over several rows, or any other column) give their value
to every row they cover. The domain comes from the sheet name or the table title (安全生产 /
救灾), unless the caller forces one.

This module owns the rows: which rows under the header are items, notes or continuations, and
how their cells become item fields. The workbook is read into grids by xlsx_grid.py (limits,
merged cells) and the header mapped to fields by xlsx_header.py.

Pure: bytes in, ParseResult out; no database access.
"""

from __future__ import annotations

import json
from typing import Any

from django.utils.translation import gettext as _
from openpyxl.utils import get_column_letter

from ..types import FREE_TEXT_FIELDS, REQUIRED_FIELDS
from .common import finish, new_item, reconcile_rule, warn
from .labels import (
    FIELD_LABELS,
    GROUP_FIELDS,
    LEVEL_TEXT,
    cell_text,
    detect_domain,
    mark_value,
    normalize_time_limit_text,
    parse_channels,
    parse_choice_text,
    split_legal_basis,
)
from .layout import OTHER_CHANNEL_KEY
from .limits import Limits
from .report import Origin, ParseResult
from .xlsx_grid import Progress, Sheet, load_sheets
from .xlsx_header import columns_of, find_header, map_columns, origin_columns
from .xlsx_writer import META_COLUMNS


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


def _read_sheet(
    sheet: Sheet,
    result: ParseResult,
    *,
    domain: str | None,
    default_levels: list[str],
    meta: dict,
    progress: Progress | None,
    done: list[int],
    total: int,
) -> None:
    header_row = find_header(sheet)
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
    mapping, last_header_row = map_columns(sheet, header_row, result)

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
        if not columns_of(mapping, field_name):
            result.add(
                "missing_column",
                _("The column “%(label)s” is missing from the header.") % {"label": FIELD_LABELS[field_name]},
                sheet=sheet.title,
                row=header_row,
                label=FIELD_LABELS[field_name],
            )
            problems = True
    has_levels = bool(columns_of(mapping, "levels"))
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

    columns_by_field = origin_columns(mapping)
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
        no_content = not [c for c in own if c in content_set]
        # nothing but a number in 序号 is an empty numbered row, skipped quietly; other text is a note
        if no_content and (not own or cell_text(sheet.own(row, own[0])).isdigit()):
            continue
        if no_content or _looks_like_note(sheet, row, own):
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
        result.origins.append(Origin(sheet=sheet.title, row=row, columns=columns_by_field))
        sheet_items += 1
    if not sheet_items:
        warn(
            result,
            "empty_sheet",
            _("The sheet has a header but no items; its domain is left unchanged."),
            sheet=sheet.title,
        )


def _looks_like_note(sheet: Sheet, row: int, own: list[int]) -> bool:
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
    loaded = load_sheets(data, limits, result, progress)
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
