"""CSV: one row per item, UTF-8 with a byte-order mark (so that Excel and WPS show the Chinese).

The header row names the columns (order free; the Chinese labels of the official table are
accepted too):

    domain, level1, level2, level3, content, legal_basis, time_limit_text, responsible_body,
    channels, audience, mode, levels, responsible_office, source, key, notes, time_limit_rule, extra

- domain: production_safety | disaster_relief (or 安全生产 / 救灾);
- legal_basis: one basis per line inside the quoted cell;
- channels: checklist labels separated by ";" (政府网站;两微一端); "其他：…" keeps its text;
- audience, mode, levels: values separated by ";" (public;specific_group), or the Chinese
  labels (全社会;特定群体 / 主动;依申请 / 县级;乡级);
- time_limit_rule, extra: JSON objects, optional (the rule is derived from the text when empty);
- level3, responsible_office, source, key, notes: optional.

On import, files saved by Excel in GB18030/GBK are read too; tab-separated files are accepted.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from typing import Any

from django.utils.translation import gettext as _

from gongkai.screening.extract import decode_chinese_text

from ..constants import ItemSource
from ..types import ELEMENT_ORDER, MACHINE_FIELDS, REQUIRED_FIELDS, CatalogItemData
from .common import finish, new_item, reconcile_rule, warn
from .labels import (
    FIELD_LABELS,
    LEVEL_TEXT,
    canonical_channel,
    domain_value,
    header_field,
    normalize_label,
    normalize_time_limit_text,
    split_list,
)
from .layout import OTHER_CHANNEL_KEY
from .limits import Limits
from .report import Origin, ParseResult

# The elements in table order, the machine-readable JSON columns last.
CSV_COLUMNS = [name for name in ELEMENT_ORDER if name not in MACHINE_FIELDS] + list(MACHINE_FIELDS)
REQUIRED = list(REQUIRED_FIELDS)
_EXTRA_HEADERS = {"领域": "domain", "来源": "source", "标识": "key", "时限规则": "time_limit_rule", "扩展": "extra"}
Progress = Callable[[int, int], None]


FORMULA_START = ("=", "+", "-", "@")


def _safe(value: str) -> str:
    """Cells that a spreadsheet would run as a formula get a leading apostrophe (undone on import)."""
    return "'" + value if value.startswith(FORMULA_START) else value


def _unsafe(value: str) -> str:
    return value[1:] if value.startswith("'") and value[1:2] in FORMULA_START else value


def export_csv(items: list[CatalogItemData]) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for item in items:
        writer.writerow(
            _safe(value)
            for value in [
                item.domain,
                item.level1,
                item.level2,
                item.level3 or "",
                item.content,
                "\n".join(item.legal_basis),
                item.time_limit_text,
                item.responsible_body,
                ";".join(item.channels),
                ";".join(item.audience),
                ";".join(item.mode),
                ";".join(item.levels),
                item.responsible_office or "",
                item.source or "",
                item.key or "",
                item.notes or "",
                json.dumps(item.time_limit_rule or {}, ensure_ascii=False, sort_keys=True),
                json.dumps(item.extra or {}, ensure_ascii=False, sort_keys=True) if item.extra else "",
            ]
        )
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _column(label: str) -> str | None:
    text = label.strip().lstrip("\ufeff")
    if text in CSV_COLUMNS:
        return text
    if normalize_label(text) in _EXTRA_HEADERS:
        return _EXTRA_HEADERS[normalize_label(text)]
    field_name = header_field(text)
    return field_name if field_name in CSV_COLUMNS else None


def _json_cell(result: ParseResult, text: str, origin: Origin, name: str) -> dict[str, Any] | None:
    if not text.strip():
        return None
    try:
        value = json.loads(text)
    except ValueError:
        value = None
    if not isinstance(value, dict):
        result.add("invalid_json_cell", _("This cell must hold a JSON object."), origin=origin, field_name=name)
        return None
    return value


def read_csv(
    data: bytes,
    *,
    limits: Limits,
    domain: str | None = None,
    default_levels: list[str] | None = None,
    progress: Progress | None = None,
) -> ParseResult:
    result = ParseResult(format="csv")
    text = decode_chinese_text(data)
    if text is None:
        result.add("bad_encoding", _("The CSV file is neither UTF-8 nor GB18030 text."))
        return result
    first_line = text.split("\n", 1)[0]
    delimiter = "\t" if "\t" in first_line and "," not in first_line else ","
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    while rows and not any(cell.strip() for cell in rows[-1]):
        rows.pop()
    if not rows:
        result.add("no_items", _("The file contains no catalog items."))
        return result
    if len(rows) - 1 > limits.max_rows:
        result.add(
            "too_many_rows",
            _("The file has %(rows)s rows; at most %(limit)s items can be imported at once.")
            % {"rows": len(rows) - 1, "limit": limits.max_rows},
        )
        return result

    header = rows[0]
    columns: dict[str, int] = {}
    for index, label in enumerate(header):
        name = _column(label)
        if name is None:
            if label.strip():
                warn(
                    result,
                    "unknown_column",
                    _("The column “%(label)s” is not known and is ignored.") % {"label": label.strip()},
                    row=1,
                    column=label.strip(),
                )
            continue
        if name in columns:
            result.add(
                "duplicate_column",
                _("The column “%(label)s” appears more than once.") % {"label": name},
                row=1,
                column=name,
            )
            continue
        columns[name] = index
    required = REQUIRED + ([] if domain else ["domain"])
    for name in required:
        if name not in columns:
            result.add(
                "missing_column",
                _("The column “%(label)s” is missing from the header.") % {"label": name},
                row=1,
                column=name,
                label=FIELD_LABELS.get(name, ""),
            )
    if not result.ok:
        return result
    if "levels" not in columns:
        warn(
            result,
            "no_level_columns",
            _("The file has no levels column; every item is given the level %(levels)s.")
            % {"levels": "、".join(LEVEL_TEXT.get(v, v) for v in default_levels or ["county"])},
            row=1,
        )

    origin_columns = {name: (name, FIELD_LABELS.get(name, "")) for name in CSV_COLUMNS}
    for number, row in enumerate(rows[1:], start=2):
        if progress is not None and number % 50 == 0:
            progress(number, len(rows))
        if not any(cell.strip() for cell in row):
            continue

        def cell(name: str, row=row) -> str:
            index = columns.get(name)
            return _unsafe(row[index].replace("\r\n", "\n").strip()) if index is not None and index < len(row) else ""

        origin = Origin(row=number, columns=origin_columns)
        domain_text = cell("domain")
        extra = _json_cell(result, cell("extra"), origin, "extra") or {}
        channels = []
        for label in split_list(cell("channels")):
            canonical, detail = canonical_channel(label)
            channels.append(canonical or label)
            if canonical == "其他" and detail:
                extra[OTHER_CHANNEL_KEY] = detail
        time_limit_text = normalize_time_limit_text(cell("time_limit_text"))
        source = cell("source")
        if source and source not in ItemSource.values:
            result.add(
                "invalid_source",
                _("Unknown item source “%(value)s”.") % {"value": source},
                origin=origin,
                field_name="source",
            )
        item = new_item(
            domain=(domain_value(domain_text) or domain_text) if domain_text else (domain or ""),
            level1=cell("level1"),
            level2=cell("level2"),
            level3=cell("level3"),
            content=cell("content"),
            legal_basis=[line.strip() for line in cell("legal_basis").split("\n") if line.strip()],
            time_limit_text=time_limit_text,
            time_limit_rule=reconcile_rule(
                time_limit_text, _json_cell(result, cell("time_limit_rule"), origin, "time_limit_rule")
            ),
            responsible_body=cell("responsible_body"),
            channels=channels,
            audience=split_list(cell("audience")),
            mode=split_list(cell("mode")),
            levels=split_list(cell("levels")) if "levels" in columns else list(default_levels or ["county"]),
            responsible_office=cell("responsible_office"),
            source=source,
            key=cell("key"),
            notes=cell("notes"),
            extra=extra,
        )
        result.items.append(item)
        result.origins.append(origin)
    return finish(result)
