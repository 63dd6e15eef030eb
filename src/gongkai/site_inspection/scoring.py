"""The verdict of one bureau from its findings (pure; 检查指标 指标说明):

1. any single-veto finding ⇒ 不合格;
2. otherwise 100 minus the deductions, each rule deducting at most its `max_points` ⇒ 不合格 below the
   pass mark (60).

The score is reported in both cases (it is what the deductions leave); the verdict decides.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from decimal import Decimal

PASS, FAIL = "合格", "不合格"
VETO, DEDUCTION, WARNING = "veto", "deduction", "warning"
FULL_SCORE = Decimal(100)


@dataclass(frozen=True)
class Finding:
    rule: str
    severity: str  # veto, deduction, warning
    where: str  # a URL path, a column, an account, a message number
    detail: str
    points: Decimal = Decimal(0)

    def as_dict(self) -> dict:
        data = asdict(self)
        data["points"] = float(self.points)
        return data


def score(findings: list[Finding], caps: dict[str, Decimal]) -> Decimal:
    deducted: dict[str, Decimal] = {}
    for finding in findings:
        if finding.severity == DEDUCTION:
            deducted[finding.rule] = deducted.get(finding.rule, Decimal(0)) + finding.points
    total = sum((min(points, caps.get(rule, points)) for rule, points in deducted.items()), Decimal(0))
    return max(FULL_SCORE - total, Decimal(0))


def verdict(findings: list[Finding], caps: dict[str, Decimal], pass_mark: Decimal) -> tuple[str, Decimal]:
    result = score(findings, caps)
    if any(f.severity == VETO for f in findings) or result < pass_mark:
        return FAIL, result
    return PASS, result
