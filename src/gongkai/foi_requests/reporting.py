"""Annual-report table 三 (收到和处理政府信息公开申请情况, 国办公开办函〔2021〕30号) from the requests.

Reference §4.5 and §4.8: a request counts from its receipt (`received_on`; requests never received
are not counted). Row 一 = received in the year; 二 = received before the year and not closed before
1 January; 三 = closed in the year, once, under its final outcome (the row key is `FoiRequest.outcome`);
(七) = all closed in the year; 四 = received by 31 December and not closed by then. Columns: the six
applicant types and the total. Checks: T3-ROW, T3-R7, T3-BAL, T3-INT (errors), T3-PREV (warning).

Totals and (七) are counted independently of the cells they must equal, so the checks catch data
that does not fit the table (an unknown applicant type, a closed request without an outcome).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count
from django.db.models.functions import ExtractMonth
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .constants import ApplicantType, Outcome, ReplyStatus
from .models import FoiRequest, Reply

COLUMNS: tuple[str, ...] = tuple(ApplicantType.values)
TOTAL = "total"
ALL_COLUMNS: tuple[str, ...] = (*COLUMNS, TOTAL)
RESULT_ROWS: tuple[str, ...] = tuple(Outcome.values)
ROWS: tuple[str, ...] = ("new_received", "carried_in", *RESULT_ROWS, "r7_total", "carried_out")

ROW_LABELS = {
    "new_received": gettext_lazy("1. New FOI requests received this year"),
    "carried_in": gettext_lazy("2. FOI requests carried over from last year"),
    "r7_total": gettext_lazy("(7) Total"),
    "carried_out": gettext_lazy("4. Carried forward to next year"),
}
# Row groups of 三、本年度办理结果: (heading, first outcome of the group); (三)–(六) have no numbers of their own.
GROUP_HEADINGS = {
    Outcome.R1_GRANTED.value: gettext_lazy("3. Results this year"),
    Outcome.R3_1_STATE_SECRET.value: gettext_lazy("(3) Not disclosed"),
    Outcome.R4_1_NOT_HELD.value: gettext_lazy("(4) Cannot be provided"),
    Outcome.R5_1_PETITION.value: gettext_lazy("(5) Not handled"),
    Outcome.R6_1_NO_SUPPLEMENT.value: gettext_lazy("(6) Other handling"),
}

ERROR = "error"
WARNING = "warning"


def row_label(key: str) -> str:
    if key in ROW_LABELS:
        return str(ROW_LABELS[key])
    return str(Outcome(key).label)


def column_label(key: str) -> str:
    return _("Total") if key == TOTAL else str(ApplicantType(key).label)


@dataclass(frozen=True)
class Problem:
    check: str  # T3-ROW, T3-R7, T3-BAL, T3-PREV, T3-INT
    severity: str  # "error" or "warning"
    message: str
    row: str = ""
    column: str = ""


@dataclass
class Table3:
    bureau_code: str
    year: int
    cells: dict[str, dict[str, int]]
    problems: list[Problem] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == ERROR]

    @property
    def ok(self) -> bool:
        return not self.errors

    def cell(self, row: str, column: str = TOTAL) -> int:
        return self.cells[row][column]

    def as_dict(self) -> dict:
        return {
            "table": "三、收到和处理政府信息公开申请情况",
            "bureau": self.bureau_code,
            "year": self.year,
            "columns": list(ALL_COLUMNS),
            "rows": list(ROWS),
            "cells": self.cells,
            "problems": [vars(p) for p in self.problems],
            "ok": self.ok,
        }


def _bureau(bureau):
    from gongkai.organizations.models import Bureau

    if isinstance(bureau, Bureau):
        return bureau
    return Bureau.objects.get(code=bureau)


def _count(rows, year: int) -> dict[str, dict[str, int]]:
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    by_type: dict[str, Counter] = {key: Counter() for key in ROWS}
    for applicant_type, received_on, closed_on, outcome in rows:
        if received_on is None or received_on > end:
            continue
        closed_before = closed_on is not None and closed_on < start
        closed_in_year = closed_on is not None and start <= closed_on <= end
        keys: list[str] = []
        if received_on >= start:
            keys.append("new_received")
        elif not closed_before:
            keys.append("carried_in")
        if closed_in_year:
            keys.append("r7_total")
            if outcome in RESULT_ROWS:
                keys.append(outcome)
        if closed_on is None or closed_on > end:
            keys.append("carried_out")
        for key in keys:
            by_type[key][applicant_type] += 1
            by_type[key][TOTAL] += 1
    return {row: {col: by_type[row][col] for col in ALL_COLUMNS} for row in ROWS}


def _fetch(bureau, year: int):
    return (
        FoiRequest.objects.filter(bureau=bureau, received_on__isnull=False, received_on__lte=dt.date(year, 12, 31))
        .exclude(closed_on__lt=dt.date(year - 1, 1, 1))
        .values_list("applicant_type", "received_on", "closed_on", "outcome")
    )


def _checks(cells: dict[str, dict[str, int]], previous: dict[str, dict[str, int]] | None) -> list[Problem]:
    problems: list[Problem] = []
    for row in ROWS:
        problems.extend(
            Problem("T3-INT", ERROR, _("Every cell must be a whole number ≥ 0."), row, col)
            for col in ALL_COLUMNS
            if not isinstance(cells[row][col], int) or cells[row][col] < 0
        )
        parts = sum(cells[row][col] for col in COLUMNS)
        if parts != cells[row][TOTAL]:
            problems.append(
                Problem(
                    "T3-ROW",
                    ERROR,
                    _("Row “%(row)s”: the total %(total)d is not the sum of the applicant columns (%(sum)d).")
                    % {"row": row_label(row), "total": cells[row][TOTAL], "sum": parts},
                    row,
                    TOTAL,
                )
            )
    for col in ALL_COLUMNS:
        results = sum(cells[row][col] for row in RESULT_ROWS)
        if results != cells["r7_total"][col]:
            problems.append(
                Problem(
                    "T3-R7",
                    ERROR,
                    _("Column “%(col)s”: (7) total %(total)d is not the sum of the result rows (%(sum)d).")
                    % {"col": column_label(col), "total": cells["r7_total"][col], "sum": results},
                    "r7_total",
                    col,
                )
            )
        left = cells["new_received"][col] + cells["carried_in"][col]
        right = cells["r7_total"][col] + cells["carried_out"][col]
        if left != right:
            problems.append(
                Problem(
                    "T3-BAL",
                    ERROR,
                    _(
                        "Column “%(col)s”: new %(new)d + carried in %(in)d = %(left)d, "
                        "but handled %(handled)d + carried forward %(out)d = %(right)d."
                    )
                    % {
                        "col": column_label(col),
                        "new": cells["new_received"][col],
                        "in": cells["carried_in"][col],
                        "left": left,
                        "handled": cells["r7_total"][col],
                        "out": cells["carried_out"][col],
                        "right": right,
                    },
                    "carried_out",
                    col,
                )
            )
        if previous is not None and previous["carried_out"][col] != cells["carried_in"][col]:
            problems.append(
                Problem(
                    "T3-PREV",
                    WARNING,
                    _("Column “%(col)s”: carried in %(in)d, but last year's table carried forward %(out)d.")
                    % {"col": column_label(col), "in": cells["carried_in"][col], "out": previous["carried_out"][col]},
                    "carried_in",
                    col,
                )
            )
    return problems


def table3(bureau, year: int, *, previous: dict[str, dict[str, int]] | None = None) -> Table3:
    """Table 三 of `bureau` (a Bureau or its code) for `year`, with its checks in `problems`.

    `previous`: last year's cells as reported (e.g. the published report); by default last year's
    table is computed from the same data.
    """
    bureau = _bureau(bureau)
    cells = _count(_fetch(bureau, year), year)
    if previous is None:
        previous = _count(_fetch(bureau, year - 1), year - 1)
    return Table3(bureau.code, year, cells, _checks(cells, previous))


def monthly_volumes(bureaus, year: int) -> dict:
    """Requests of `bureaus` in `year`: {"received": {month: n}, "replies": {reply type: n}} (received by
    submission date; replies approved in the year by type), for the supervision dashboard's charts."""
    ids = [b.pk for b in bureaus]
    received = (
        FoiRequest.objects.filter(bureau_id__in=ids, submitted_at__year=year)
        .annotate(month=ExtractMonth("submitted_at"))
        .values("month")
        .annotate(n=Count("pk"))
    )
    replies = (
        Reply.objects.filter(request__bureau_id__in=ids, status=ReplyStatus.APPROVED, replied_on__year=year)
        .values("reply_type")
        .annotate(n=Count("pk"))
    )
    return {
        "received": {row["month"]: row["n"] for row in received},
        "replies": {row["reply_type"]: row["n"] for row in replies},
    }
