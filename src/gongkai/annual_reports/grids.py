"""Tables 二, 三 and 四 laid out like the 2021 template, as grids of cells with their spans: pure, from the
report's JSON document. The HTML, DOCX and PDF writers draw the same grids (`exports.py`)."""

from __future__ import annotations

from dataclasses import dataclass

from . import layout


@dataclass(frozen=True)
class Cell:
    text: str
    row: int
    col: int
    rowspan: int = 1
    colspan: int = 1
    head: bool = False
    label: bool = False  # a row label (left-aligned)


@dataclass(frozen=True)
class Grid:
    title: str
    rows: int
    cols: int
    cells: tuple[Cell, ...]
    header_rows: int = 1
    widths: tuple[float, ...] = ()  # relative column widths


def _value(value) -> str:
    if isinstance(value, float):
        return f"{value:.2f}"
    return str(value)


def table2_grid(table: dict) -> Grid:
    cells: list[Cell] = []
    row = 0
    not_applicable = set(table.get("not_applicable", []))
    for block in table["blocks"]:
        cells.append(Cell(block["heading"], row, 0, colspan=4, head=True))
        row += 1
        cells.append(Cell("信息内容", row, 0, head=True))
        span = 3 - len(block["columns"])  # a single-value block spans the three value columns
        for i, col in enumerate(block["columns"]):
            cells.append(
                Cell(
                    layout.TABLE2_COLUMN_LABELS[col],
                    row,
                    1 + i,
                    colspan=1 + (span if i == 0 and span else 0),
                    head=True,
                )
            )
        row += 1
        for key in block["rows"]:
            cells.append(Cell(layout.TABLE2_ROW_LABELS[key], row, 0, label=True))
            for i, col in enumerate(block["columns"]):
                text = "/" if key in not_applicable else _value(table["cells"][key][col])
                cells.append(Cell(text, row, 1 + i, colspan=1 + (span if i == 0 and span else 0)))
            row += 1
    return Grid(layout.TABLE2_TITLE, row, 4, tuple(cells), header_rows=0, widths=(2.2, 1, 1, 1))


def table3_grid(table: dict) -> Grid:
    columns = table["columns"]  # six applicant types + total
    cells = [
        Cell(layout.TABLE3_NOTE, 0, 0, rowspan=3, colspan=3, head=True),
        Cell("申请人情况", 0, 3, colspan=7, head=True),
        Cell(layout.TABLE3_COLUMN_LABELS[columns[0]], 1, 3, rowspan=2, head=True),
        Cell("法人或其他组织", 1, 4, colspan=5, head=True),
        Cell(layout.TABLE3_COLUMN_LABELS[columns[-1]], 1, 9, rowspan=2, head=True),
        *(Cell(layout.TABLE3_COLUMN_LABELS[c], 2, 4 + i, head=True) for i, c in enumerate(columns[1:-1])),
    ]
    rows = table["rows"]
    result_rows = rows[2:-1]  # (一) … (七)
    r = 3

    def numbers(key: str, at: int) -> None:
        for i, col in enumerate(columns):
            cells.append(Cell(str(table["cells"][key][col]), at, 3 + i))

    for key in rows[:2]:
        cells.append(Cell(layout.table3_row_label(key), r, 0, colspan=3, label=True))
        numbers(key, r)
        r += 1
    cells.append(Cell("三、本年度办理结果", r, 0, rowspan=len(result_rows), label=True))
    groups = {"r3_": "(三)不予公开", "r4_": "(四)无法提供", "r5_": "(五)不予处理", "r6_": "(六)其他处理"}
    for prefix, heading in groups.items():
        members = [k for k in result_rows if k.startswith(prefix)]
        first = r + result_rows.index(members[0])
        cells.append(Cell(heading, first, 1, rowspan=len(members), label=True))
    for key in result_rows:
        if key[:3] in groups:
            cells.append(Cell(layout.table3_row_label(key), r, 2, label=True))
        else:
            cells.append(Cell(layout.table3_row_label(key), r, 1, colspan=2, label=True))
        numbers(key, r)
        r += 1
    key = rows[-1]
    cells.append(Cell(layout.table3_row_label(key), r, 0, colspan=3, label=True))
    numbers(key, r)
    r += 1
    return Grid(layout.TABLE3_TITLE, r, 10, tuple(cells), header_rows=3, widths=(1.1, 1.1, 3.2, *([0.8] * 7)))


def table4_grid(table: dict) -> Grid:
    labels = [layout.TABLE4_COLUMN_LABELS[c] for c in layout.TABLE4_COLUMNS]
    cells = [
        Cell("行政复议", 0, 0, colspan=5, head=True),
        Cell("行政诉讼", 0, 5, colspan=10, head=True),
        *(Cell(label, 1, i, rowspan=2, head=True) for i, label in enumerate(labels)),
        Cell("未经复议直接起诉", 1, 5, colspan=5, head=True),
        Cell("复议后起诉", 1, 10, colspan=5, head=True),
        *(Cell(label, 2, 5 + i, head=True) for i, label in enumerate(labels)),
        *(Cell(label, 2, 10 + i, head=True) for i, label in enumerate(labels)),
    ]
    for g, row in enumerate(layout.TABLE4_ROWS):
        for i, col in enumerate(layout.TABLE4_COLUMNS):
            cells.append(Cell(str(table["cells"][row][col]), 3, g * 5 + i))
    return Grid(layout.TABLE4_TITLE, 4, 15, tuple(cells), header_rows=3, widths=(1,) * 15)


def grids(content: dict) -> dict[str, Grid]:
    return {
        "proactive": table2_grid(content["table2"]),
        "requests": table3_grid(content["table3"]),
        "remedies": table4_grid(content["table4"]),
    }
