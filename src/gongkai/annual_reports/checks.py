"""The sum checks of the annual report (reference §4.4–§4.6), on plain cells: pure, no database.

Table 二: T2-INT (every cell a number ≥ 0, counts whole; error), T2-FORCE (现行有效 = last year's 现行有效 +
本年制发 − 本年废止; a warning, as the reference says revisions break it). Table 三's checks (T3-ROW, T3-R7,
T3-BAL, T3-INT errors, T3-PREV warning) are the FOI app's and are passed through unchanged. Table 四:
T4-INT (error), T4-RECON, T4-DIRECT, T4-AFTER (each group's 总计 = 维持 + 纠正 + 其他 + 尚未审结; errors).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from . import layout

ERROR = "error"
WARNING = "warning"

T4_CHECK_OF_ROW = {
    "reconsideration": "T4-RECON",
    "litigation_direct": "T4-DIRECT",
    "litigation_after_reconsideration": "T4-AFTER",
}


@dataclass(frozen=True)
class Problem:
    check: str
    severity: str
    message: str
    table: str = ""
    row: str = ""
    column: str = ""

    def as_dict(self) -> dict:
        return asdict(self)


def is_count(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def is_amount(value) -> bool:
    if isinstance(value, bool) or value is None:
        return False
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return False
    return amount.is_finite() and amount >= 0


def table2_problems(cells: dict, *, previous: dict | None = None, not_applicable=()) -> list[Problem]:
    problems: list[Problem] = []
    for row, col in layout.table2_cells():
        value = cells.get(row, {}).get(col)
        valid = is_amount(value) if (row, col) in layout.AMOUNT_CELLS else is_count(value)
        if not valid:
            problems.append(
                Problem(
                    "T2-INT",
                    ERROR,
                    _("Table 2, %(row)s / %(column)s: %(value)s is not a number ≥ 0%(whole)s.")
                    % {
                        "row": layout.TABLE2_ROW_LABELS[row],
                        "column": layout.TABLE2_COLUMN_LABELS[col],
                        "value": value,
                        "whole": "" if (row, col) in layout.AMOUNT_CELLS else _(" (a whole number)"),
                    },
                    "table2",
                    row,
                    col,
                )
            )
    if previous is None or problems:
        return problems
    for row in ("rules", "normative_documents"):
        if row in not_applicable:
            continue
        now, before = cells[row], previous.get(row, {})
        if not is_count(before.get("in_force")):
            continue
        expected = before["in_force"] + now["issued"] - now["repealed"]
        if now["in_force"] != expected:
            problems.append(
                Problem(
                    "T2-FORCE",
                    WARNING,
                    _(
                        "Table 2, %(row)s: in force %(now)d, but last year's %(before)d + issued %(issued)d − "
                        "repealed %(repealed)d = %(expected)d."
                    )
                    % {
                        "row": layout.TABLE2_ROW_LABELS[row],
                        "now": now["in_force"],
                        "before": before["in_force"],
                        "issued": now["issued"],
                        "repealed": now["repealed"],
                        "expected": expected,
                    },
                    "table2",
                    row,
                    "in_force",
                )
            )
    return problems


def table4_problems(cells: dict) -> list[Problem]:
    problems: list[Problem] = []
    for row in layout.TABLE4_ROWS:
        values = cells.get(row, {})
        bad = [col for col in layout.TABLE4_COLUMNS if not is_count(values.get(col))]
        problems.extend(
            Problem(
                "T4-INT",
                ERROR,
                _("Table 4, %(group)s / %(column)s: %(value)s is not a whole number ≥ 0.")
                % {"group": _group_label(row), "column": layout.TABLE4_COLUMN_LABELS[col], "value": values.get(col)},
                "table4",
                row,
                col,
            )
            for col in bad
        )
        if bad:
            continue
        parts = sum(values[col] for col in layout.TABLE4_PARTS)
        if parts != values["total"]:
            problems.append(
                Problem(
                    T4_CHECK_OF_ROW[row],
                    ERROR,
                    _("Table 4, %(group)s: the total %(total)d is not 维持 + 纠正 + 其他 + 尚未审结 = %(sum)d.")
                    % {"group": _group_label(row), "total": values["total"], "sum": parts},
                    "table4",
                    row,
                    "total",
                )
            )
    return problems


def _group_label(row: str) -> str:
    _key, group, sub = next(g for g in layout.TABLE4_GROUPS if g[0] == row)
    return f"{group}（{sub}）" if sub else group


def from_table3(problem) -> Problem:
    """A problem of `foi_requests.reporting` (T3-*), as it is: check, severity, message, row and column."""
    return Problem(problem.check, problem.severity, problem.message, "table3", problem.row, problem.column)
