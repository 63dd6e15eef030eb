"""An XLSX workbook as grids of cell values: what an import reads at all, and the guards against
hostile files (rows beyond the import limit, merged ranges covering too large an area, damaged
XML). Merged cells give their value to every cell they cover, so that a reader sees 一级事项 on
every row of its merge. Pure: bytes in, grids out; no database access.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils import range_boundaries

from .labels import cell_text
from .limits import Limits
from .report import ParseResult
from .xlsx_writer import META_SHEET

HEADER_SCAN_ROWS = 20
Progress = Callable[[int, int], None]


MAX_COLUMNS = 100  # a catalog table has about 20; cells further right are ignored
MAX_MERGED_CELLS = 500_000  # cells covered by merged ranges, a guard against hostile workbooks


class TooManyMergedCells(ValueError):
    pass


class Sheet:
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
                raise TooManyMergedCells
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


def load_sheets(
    data: bytes, limits: Limits, result: ParseResult, progress: Progress | None = None
) -> tuple[list[Sheet], list[tuple[Any, ...]]] | None:
    """The visible sheets (values and merges) and the rows of the metadata sheet; None after an error."""
    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds of errors on damaged files
        result.add("corrupt_xlsx", _("The workbook cannot be read (%(error)s).") % {"error": type(exc).__name__})
        return None
    allowance = limits.max_rows + HEADER_SCAN_ROWS * max(len(wb.worksheets), 1)
    row_budget = max(4 * allowance, 10_000)  # rows read at all, empty ones included
    sheets: list[Sheet] = []
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
                sheets.append(Sheet(ws.title, rows, _merged_ranges(archive, getattr(ws, "_worksheet_path", ""))))
    except TooManyMergedCells:
        result.add("too_many_merged_cells", _("The workbook's merged cells cover too large an area."))
        return None
    except Exception as exc:  # noqa: BLE001 - damaged sheet XML surfaces while streaming
        result.add("corrupt_xlsx", _("The workbook cannot be read (%(error)s).") % {"error": type(exc).__name__})
        return None
    finally:
        wb.close()
    return sheets, meta_rows
