"""Demo annual disclosure reports: 温县's report of 2026 (and the 2025 reports of 温县 and 修武县), built
through `annual_reports.services` as on the staff screen: the bureau's editor opens the report (tables
二 and 三 counted from the demo records and requests), enters table 四 and edits part 六, submits; the
bureau's reviewer approves it with the confidentiality check (four eyes), which publishes it to the
bureau's 信息公开年报 part. The 2025 reports are published first, so 2026 is checked against them
(carried-in requests, normative documents in force). Idempotent: a published report is left as it is.
"""

from __future__ import annotations

from django.utils import timezone

from gongkai.accounts.roles import Role
from gongkai.annual_reports import report as annual_report
from gongkai.annual_reports import services
from gongkai.annual_reports.models import ReportStatus
from gongkai.organizations.models import Bureau

from .portal import _staff

# (bureau code, year, table 四, an addition to part 六)
REPORTS = [
    ("xiuwu", 2025, {}, ""),
    ("wenxian", 2025, {"reconsideration": {"upheld": 1, "corrected": 0, "other": 0, "pending": 0}}, ""),
    (
        "wenxian",
        2026,
        {
            "reconsideration": {"upheld": 1, "corrected": 0, "other": 0, "pending": 1},
            "litigation_direct": {"upheld": 1, "corrected": 0, "other": 0, "pending": 0},
        },
        "本年度按照上级部署，完成了标准化规范化政务公开目录的修订和公开，并对人大代表建议、政协委员提案办理情况予以公开。",
    ),
]


def load_demo(stdout=None) -> int:
    published = 0
    this_year = timezone.localdate().year
    for code, year, table4, other in REPORTS:
        bureau = Bureau.objects.filter(code=code).first()
        editor, reviewer = (_staff(bureau, Role.EDITOR), _staff(bureau, Role.REVIEWER)) if bureau else (None, None)
        if editor is None or reviewer is None or year > this_year:
            continue
        report = services.report_open(bureau=bureau, year=year, acting_user=editor)
        if report.status == ReportStatus.PUBLISHED:
            continue
        texts = None
        if other:
            default = annual_report.build(bureau, year, report=report).defaults["other"]
            texts = {"other": default + other}
        report = services.report_save(report_obj=report, acting_user=editor, texts=texts, table4=table4)
        report = services.report_submit(report_obj=report, acting_user=editor)
        services.report_approve(report_obj=report, acting_user=reviewer, confidentiality_result="passed")
        published += 1
    if stdout is not None:
        stdout.write(f"Annual reports: {published} published.")
    return published
