"""Build the annual report of a bureau and year: the six parts, tables 二, 三 and 四, and the sum checks.

`build(bureau, year)` reads the working `AnnualReport` (edited texts, hand-entered figures, table 四)
when there is one; table 二 comes from the records (`table2`), table 三 is `foi_requests.reporting.table3`
cell for cell (never recounted here), table 四 is entered by hand. Every part has a text generated from the
data (`default_texts`) that the edited text replaces. `ReportData.as_dict()` is the JSON document of
`manage.py annual_report --format json`: `sections`, `table2`, `table3`, `table4`, `problems`, `ok`.

The city's report (`--city`) is the city bureau's own report: under 条例 Art. 49 every department reports
its own work, and each county bureau reports to its own county government, so no figures are summed over
the counties (that would count them twice in the governments' reports). The city's part 一 says how many
county bureaus have published their report of the year.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.utils import timezone

from gongkai.foi_requests import reporting
from gongkai.foi_requests.models import FeeNotice
from gongkai.organizations.models import Bureau, BureauKind
from gongkai.records.constants import PUBLIC_STATUSES, Genre
from gongkai.records.models import Record

from . import checks, layout, table2
from .models import AnnualReport

DEFAULT_NOT_APPLICABLE = ("rules",)


@dataclass
class ReportData:
    bureau: Bureau
    year: int
    texts: dict[str, str]
    defaults: dict[str, str]
    table2: table2.Table2Counts
    table2_not_applicable: list[str]
    table3: reporting.Table3
    table4: dict[str, dict[str, int]]
    problems: list[checks.Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not any(p.severity == checks.ERROR for p in self.problems)

    @property
    def title(self) -> str:
        return f"{self.bureau.name}{self.year}年政府信息公开工作年度报告"

    def text(self, key: str) -> str:
        edited = (self.texts.get(key) or "").strip()
        return edited or self.defaults[key]

    def as_dict(self) -> dict:
        return {
            "sections": [
                {"key": key, "title": layout.section_title(key), "text": self.text(key)} for key in layout.SECTION_KEYS
            ],
            "table2": {
                "table": layout.TABLE2_TITLE,
                "columns": list(layout.TABLE2_COLUMNS),
                "rows": list(layout.TABLE2_ROWS),
                "cells": {
                    row: {col: _json_number(v) for col, v in cols.items()} for row, cols in self.table2.cells.items()
                },
                "sources": self.table2.sources,
                "not_applicable": list(self.table2_not_applicable),
                "blocks": [
                    {"heading": b.heading, "columns": list(b.columns), "rows": list(b.rows)}
                    for b in layout.TABLE2_BLOCKS
                ],
            },
            "table3": {
                "table": layout.TABLE3_TITLE,
                "columns": list(reporting.ALL_COLUMNS),
                "rows": list(reporting.ROWS),
                "cells": self.table3.cells,
            },
            "table4": {
                "table": layout.TABLE4_TITLE,
                "columns": list(layout.TABLE4_COLUMNS),
                "rows": list(layout.TABLE4_ROWS),
                "cells": self.table4,
            },
            "problems": [p.as_dict() for p in self.problems],
            "ok": self.ok,
        }

    def export_content(self) -> dict:
        """`as_dict()` with what the documents print around it (title, bureau, year)."""
        return {
            **self.as_dict(),
            "meta": {
                "title": self.title,
                "bureau": self.bureau.code,
                "bureau_name": self.bureau.name,
                "year": self.year,
            },
        }


def _json_number(value):
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return value
    try:
        number = Decimal(str(value))
    except Exception:  # noqa: BLE001 - an invalid entry is shown as entered (T2-INT reports it)
        return value
    return int(number) if number == number.to_integral_value() and "." not in str(value) else float(round(number, 4))


def bureau_of(code_or_bureau) -> Bureau:
    if isinstance(code_or_bureau, Bureau):
        return code_or_bureau
    return Bureau.objects.get(code=code_or_bureau)


def city_bureau(code: str | None = None) -> Bureau:
    """The city bureau (`code`, or the only active city bureau)."""
    qs = Bureau.objects.filter(kind=BureauKind.CITY, is_active=True)
    if code:
        return qs.get(code=code)
    return qs.order_by("sort_order", "code").get() if qs.count() == 1 else qs.order_by("sort_order", "code")[0]


def published_report(bureau, year: int) -> dict | None:
    return (
        AnnualReport.objects.filter(bureau=bureau, year=year, published_content__isnull=False)
        .values_list("published_content", flat=True)
        .first()
    )


def _table4(stored: dict) -> dict[str, dict[str, int]]:
    cells = layout.empty_table4()
    for row in layout.TABLE4_ROWS:
        for col in layout.TABLE4_COLUMNS:
            value = (stored.get(row) or {}).get(col)
            if value is not None:
                cells[row][col] = value
    return cells


def _previous_table2(bureau, year: int, previous_in_force: int) -> tuple[dict, list]:
    """Last year's table 二 for T2-FORCE: its published report, else its figures from the data (现行有效
    at the end of last year, counted with this year's) with last year's hand-entered ones."""
    published = published_report(bureau, year - 1)
    if published:
        t2 = published["table2"]
        return t2["cells"], t2.get("not_applicable", [])
    previous = AnnualReport.objects.filter(bureau=bureau, year=year - 1).first()
    manual = previous.table2_manual if previous else {}
    not_applicable = previous.table2_not_applicable if previous else list(DEFAULT_NOT_APPLICABLE)
    from_data = {"normative_documents": {"issued": 0, "repealed": 0, "in_force": previous_in_force}}
    return table2.merge(from_data, manual, not_applicable).cells, not_applicable


def build(bureau, year: int, *, report: AnnualReport | None = None) -> ReportData:
    """The report of `bureau` (a Bureau or its code) for `year`, with the stored edits of its working version."""
    bureau = bureau_of(bureau)
    if report is None:
        report = AnnualReport.objects.filter(bureau=bureau, year=year).first()
    texts = dict(report.texts) if report else {}
    manual = dict(report.table2_manual) if report else {}
    not_applicable = list(report.table2_not_applicable) if report else list(DEFAULT_NOT_APPLICABLE)
    figures = table2.counts(bureau, year)
    t2 = table2.merge(table2.cells_from(figures), manual, not_applicable)
    previous3 = published_report(bureau, year - 1)
    t3 = reporting.table3(bureau, year, previous=previous3["table3"]["cells"] if previous3 else None)
    t4 = _table4(report.table4 if report else {})
    previous2, previous_na = _previous_table2(bureau, year, figures["previous_in_force"])
    problems = [
        *checks.table2_problems(t2.cells, previous=previous2, not_applicable=set(not_applicable) | set(previous_na)),
        *(checks.from_table3(p) for p in t3.problems),
        *checks.table4_problems(t4),
    ]
    data = ReportData(bureau, year, texts, {}, t2, not_applicable, t3, t4, problems)
    data.defaults = default_texts(data)
    return data


# ---- the generated texts (official Chinese) ----


def _record_figures(bureau, year: int) -> dict[str, int]:
    start = timezone.make_aware(dt.datetime(year, 1, 1))
    end = timezone.make_aware(dt.datetime(year + 1, 1, 1))
    public = Record.objects.filter(bureau=bureau, status__in=PUBLIC_STATUSES)
    return public.filter(published_at__gte=start, published_at__lt=end).aggregate(
        total=Count("pk"),
        interpretations=Count("pk", filter=Q(genre=Genre.INTERPRETATION)),
    )


def _fees(bureau, year: int) -> tuple[int, int]:
    paid = FeeNotice.objects.filter(request__bureau=bureau, paid_on__year=year).aggregate(
        n=Count("pk"), amount=Sum("amount_yuan")
    )
    return paid["n"] or 0, paid["amount"] or 0


def _county_status(city: Bureau, year: int) -> tuple[int, int]:
    counties = Bureau.objects.filter(parent=city, kind=BureauKind.COUNTY, is_active=True)
    published = AnnualReport.objects.filter(bureau__in=counties, year=year, published_content__isnull=False).count()
    return counties.count(), published


def default_texts(data: ReportData) -> dict[str, str]:
    bureau, year = data.bureau, data.year
    records = _record_figures(bureau, year)
    c2 = data.table2.cells
    c3 = {row: data.table3.cells[row]["total"] for row in reporting.ROWS}
    c4 = data.table4
    overview = (
        f"{year}年，{bureau.name}深入贯彻落实《中华人民共和国政府信息公开条例》，坚持以公开为常态、不公开为例外，"
        f"按照本级政府和上级部门关于政务公开工作的部署，围绕安全生产、防灾减灾救灾和应急救援等重点领域，"
        f"推进决策、执行、管理、服务、结果公开，不断提升政务公开标准化规范化水平。"
        f"全年通过政府信息公开平台主动公开政府信息{records['total']}条，其中政策解读{records['interpretations']}条；"
        f"新收政府信息公开申请{c3['new_received']}件，办结{c3['r7_total']}件。"
        "信息发布严格执行“先审后发”和保密审查制度，发布前逐条进行个人信息筛查。"
    )
    if bureau.kind == BureauKind.CITY:
        counties, published = _county_status(bureau, year)
        overview += f"加强对全市{counties}个县（市、区）应急管理部门政务公开工作的指导监督，截至目前已有{published}个发布本年度政府信息公开工作年度报告。"
    overview += f"本报告中所列数据的统计期限为{year}年1月1日至12月31日。"
    normative = c2["normative_documents"]
    proactive = (
        f"本年制发行政规范性文件{normative['issued']}件，废止{normative['repealed']}件，现行有效{normative['in_force']}件；"
        f"作出行政许可决定{c2['administrative_licensing']['decisions']}件、行政处罚决定{c2['administrative_penalty']['decisions']}件、"
        f"行政强制决定{c2['administrative_coercion']['decisions']}件。具体情况见下表。"
    )
    requests = (
        f"本年新收政府信息公开申请{c3['new_received']}件，上年结转{c3['carried_in']}件；"
        f"本年度办结{c3['r7_total']}件，其中予以公开{c3['r1_granted']}件、部分公开{c3['r2_partial']}件，"
        f"结转下年度继续办理{c3['carried_out']}件。具体情况见下表。"
    )
    reconsideration = c4["reconsideration"]["total"]
    litigation = c4["litigation_direct"]["total"] + c4["litigation_after_reconsideration"]["total"]
    if reconsideration or litigation:
        remedies = (
            f"本年因政府信息公开工作被申请行政复议{reconsideration}件、被提起行政诉讼{litigation}件。具体情况见下表。"
        )
    else:
        remedies = "本年未发生因政府信息公开工作被申请行政复议、提起行政诉讼的情况。具体情况见下表。"
    issues = (
        "存在的主要问题：一是部分栏目信息更新不够及时；二是政策解读形式还不够丰富；三是基层工作人员业务能力有待提升。"
        "改进措施：一是严格落实信息发布时限要求，加强日常监测；二是丰富图解、视频等解读形式；三是加强业务培训，提升工作人员能力水平。"
    )
    last = published_report(bureau, year - 1)
    if last:
        before = next((s["text"] for s in last["sections"] if s.get("key") == "issues"), "")
        if before:
            issues += f"上一年度报告所列问题的整改情况：对照{year - 1}年度报告提出的问题逐项整改，已全部落实。"
    fee_count, fee_amount = _fees(bureau, year)
    if fee_count:
        fees = f"本年依据《政府信息公开信息处理费管理办法》收取信息处理费{fee_count}笔，共计{fee_amount}元。"
    else:
        fees = "本年未收取政府信息公开信息处理费。"
    other = fees + "本年无其他需要报告的事项。"
    return {
        "overview": overview,
        "proactive": proactive,
        "requests": requests,
        "remedies": remedies,
        "issues": issues,
        "other": other,
    }


def deadline(year: int) -> dt.date:
    """The publication deadline of the report of `year` (条例 Art. 49): 31 January of the next year."""
    return dt.date(year + 1, 1, 31)


def is_late(report: AnnualReport | None, year: int, today: dt.date) -> bool:
    """Not published by the deadline (published late, or still unpublished after it)."""
    limit = deadline(year)
    if report is not None and report.first_published_at is not None:
        return timezone.localdate(report.first_published_at) > limit
    return today > limit
