"""Table 二 (主动公开政府信息情况) of a bureau and year, counted from its public records with one aggregate
query (one pass, whatever the number of records) and a short list of the repealed normative documents
(see bench/annual_report_bench.py).

The mapping (documented in docs/annual-report.md; a figure the data cannot give is entered by hand):

- 行政规范性文件 (Art. 20(1)): public records of genre "regulation" (规章、规范性文件; not interpretations).
  本年制发 = written (成文日期) in the year; 本年废止 = marked repealed, the repeal dated by the record that
  replaces it (its 成文日期) or else by the record's last change, within the year; 现行有效 = written by
  31 December and not repealed by then.
- 规章: an emergency-management bureau makes no rules (规章); the row is reported as “/” (0) unless staff
  enter figures.
- 行政许可 (Art. 20(5)), 行政处罚 and 行政强制 (Art. 20(6)), 本年处理决定数量: public records of the year
  (decision date = 成文日期, else the event date, else the publication day) under the catalog items named
  行政许可 / 行政处罚 / 行政强制 (level 2 or 3), plus for 行政处罚 every record of genre "penalty decision";
  one record is one decision. Interpretations are never counted.
- 行政事业性收费 (Art. 20(8)), 本年收费金额(万元): not in the data; entered by hand (0 by default).

"Public" is published or withdrawn (a withdrawn penalty decision was still decided that year).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, DateField, Q
from django.db.models.functions import Cast, Coalesce
from django.db.models.lookups import GreaterThanOrEqual, LessThanOrEqual
from django.utils import timezone

from gongkai.catalogs.models import CatalogItem
from gongkai.records.constants import PUBLIC_STATUSES, Genre, Validity
from gongkai.records.models import Record

from . import layout

DATA = "data"
MANUAL = "manual"
NOT_APPLICABLE = "not_applicable"

# Catalog items whose records are decisions of a table 二 row: the words in their level-2 or level-3 name.
ITEM_WORDS = {
    "administrative_licensing": "行政许可",
    "administrative_penalty": "行政处罚",
    "administrative_coercion": "行政强制",
}
# Cells the data never gives (entered by hand, 0 until then).
MANUAL_ONLY = frozenset(
    {("rules", "issued"), ("rules", "repealed"), ("rules", "in_force"), ("administrative_fees", "amount_wan")}
)


@dataclass
class Table2Counts:
    cells: dict[str, dict[str, object]]
    sources: dict[str, dict[str, str]] = field(default_factory=dict)


def _items_by_row(bureau) -> dict[str, list[int]]:
    rows: dict[str, list[int]] = {}
    items = CatalogItem.objects.filter(catalog__bureau=bureau).values_list("pk", "level2", "level3")
    for pk, level2, level3 in items:
        for row, word in ITEM_WORDS.items():
            if word in level2 or word in (level3 or ""):
                rows.setdefault(row, []).append(pk)
    return rows


def _between(expression, start: dt.date, end: dt.date) -> Q:
    return Q(GreaterThanOrEqual(expression, start)) & Q(LessThanOrEqual(expression, end))


def counts(bureau, year: int) -> dict[str, int]:
    """Every figure the data gives for `year`, and 现行有效 at the end of the year before (for T2-FORCE).

    One aggregate query over the bureau's public records (one pass, no join, whatever their number), and
    one query listing the repealed normative documents with the date of their repeal (a handful: each
    is dated in Python; a join or a sub-query over every record would cost the whole table).
    """
    items = _items_by_row(bureau)
    start, end, previous_end = dt.date(year, 1, 1), dt.date(year, 12, 31), dt.date(year - 1, 12, 31)
    # The day of a decision or document: 成文日期, else the event date, else the publication day.
    day = Coalesce("date_written", "event_date", Cast("published_at", DateField()))
    regulation = Q(genre=Genre.REGULATION)
    in_year = _between(day, start, end)
    figures = {
        "issued": regulation & in_year,
        "written_by_end": regulation & Q(LessThanOrEqual(day, end)),
        "written_by_previous_end": regulation & Q(LessThanOrEqual(day, previous_end)),
        "administrative_licensing": in_year & Q(catalog_item_id__in=items.get("administrative_licensing", [])),
        "administrative_penalty": in_year
        & (Q(genre=Genre.PENALTY_DECISION) | Q(catalog_item_id__in=items.get("administrative_penalty", []))),
        "administrative_coercion": in_year & Q(catalog_item_id__in=items.get("administrative_coercion", [])),
    }
    public = Record.objects.filter(bureau=bureau, status__in=PUBLIC_STATUSES)
    result = public.exclude(genre=Genre.INTERPRETATION).aggregate(
        **{name: Count("pk", filter=condition) for name, condition in figures.items()}
    )
    repealed_in_year = repealed_by_end = repealed_by_previous_end = 0
    rows = list(
        public.filter(regulation, validity=Validity.REPEALED)
        .annotate(day=day)
        .order_by()
        .values_list("day", "replaced_by_id", "updated_at")
    )
    replacing = dict(
        Record.objects.filter(pk__in={pk for _d, pk, _u in rows if pk}).values_list("pk", "date_written").order_by()
    )
    for written, replaced_by, updated_at in rows:
        # Dated by the replacing record's 成文日期 (else the last change), never before the document itself.
        repealed_on = max(written, replacing.get(replaced_by) or timezone.localdate(updated_at))
        if written <= end and start <= repealed_on <= end:
            repealed_in_year += 1
        repealed_by_end += written <= end and repealed_on <= end
        repealed_by_previous_end += written <= previous_end and repealed_on <= previous_end
    result["repealed"] = repealed_in_year
    result["in_force"] = result.pop("written_by_end") - repealed_by_end
    result["previous_in_force"] = result.pop("written_by_previous_end") - repealed_by_previous_end
    return result


def cells_from(figures: dict[str, int]) -> dict[str, dict[str, int]]:
    """The table 二 cells of `counts(…)`: 行政规范性文件 (three columns) and the three decision counts."""
    return {
        "normative_documents": {key: figures[key] for key in ("issued", "repealed", "in_force")},
        **{row: {"decisions": figures[row]} for row in ITEM_WORDS},
    }


def table2_from_data(bureau, year: int) -> dict[str, dict[str, int]]:
    return cells_from(counts(bureau, year))


def merge(from_data: dict, manual: dict, not_applicable=()) -> Table2Counts:
    """The full table: hand-entered figures over the data; rows not applicable are 0 and marked."""
    cells: dict[str, dict[str, object]] = {}
    sources: dict[str, dict[str, str]] = {}
    for block in layout.TABLE2_BLOCKS:
        for row in block.rows:
            cells[row], sources[row] = {}, {}
            for col in block.columns:
                entered = (manual.get(row) or {}).get(col)
                if row in not_applicable and entered in (None, ""):
                    value, source = 0, NOT_APPLICABLE
                elif entered not in (None, ""):
                    value, source = entered, MANUAL
                elif (row, col) in MANUAL_ONLY:
                    value, source = ("0.00" if (row, col) in layout.AMOUNT_CELLS else 0), MANUAL
                else:
                    value, source = from_data.get(row, {}).get(col, 0), DATA
                cells[row][col], sources[row][col] = value, source
    return Table2Counts(cells, sources)
