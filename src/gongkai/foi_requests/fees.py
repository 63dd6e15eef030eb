"""信息处理费 (政府信息公开信息处理费管理办法, 国办函〔2020〕109号): the brackets, as pure functions.

Art. 3: per item (按件) or per page (按量), each progressive on the excess; one method per request,
never both. Art. 4, per item: the same applicant's items in one calendar month, 1–10 free, 11–30 at
100 yuan, then tiers of 10 items each 100 yuan dearer (31–40 at 200, 41–50 at 300, …; reading [P]).
Art. 5, per page within one request: 1–30 free, 31–100 at 10, 101–200 at 20, from 201 at 40 yuan.
Source: ../shared/reference/foi-and-annual-report.md §3 (its worked checks are in tests/foi_requests/test_fees.py).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from .constants import FeeMethod

ITEMS_FREE = 10
ITEMS_FIRST_TIER_END = 30
ITEMS_FIRST_TIER_RATE = 100
ITEMS_TIER_SIZE = 10
ITEMS_TIER_STEP = 100

# (first page, last page or None, yuan per page)
PAGE_BRACKETS: tuple[tuple[int, int | None, int], ...] = (
    (1, 30, 0),
    (31, 100, 10),
    (101, 200, 20),
    (201, None, 40),
)


@dataclass(frozen=True)
class FeeLine:
    """One bracket as applied: units `first`..`last` (inclusive) at `rate` yuan each."""

    first: int
    last: int
    rate: int

    @property
    def count(self) -> int:
        return self.last - self.first + 1

    @property
    def subtotal(self) -> int:
        return self.count * self.rate


@dataclass(frozen=True)
class FeeBreakdown:
    method: str
    quantity: int
    lines: tuple[FeeLine, ...] = field(default_factory=tuple)

    @property
    def total_yuan(self) -> int:
        return sum(line.subtotal for line in self.lines)

    def as_dict(self) -> dict:
        return {
            "method": str(self.method),
            "quantity": self.quantity,
            "total_yuan": self.total_yuan,
            "lines": [dict(asdict(line), count=line.count, subtotal=line.subtotal) for line in self.lines],
        }


def _check(quantity: int) -> int:
    if isinstance(quantity, bool) or not isinstance(quantity, int):
        raise TypeError("quantity must be an int")
    if quantity < 0:
        raise ValueError("quantity must not be negative")
    return quantity


def _item_rate(n: int) -> int:
    """Yuan for the n-th item of the month (费用办法 Art. 4)."""
    if n <= ITEMS_FREE:
        return 0
    if n <= ITEMS_FIRST_TIER_END:
        return ITEMS_FIRST_TIER_RATE
    tier = (n - ITEMS_FIRST_TIER_END - 1) // ITEMS_TIER_SIZE + 1
    return ITEMS_FIRST_TIER_RATE + ITEMS_TIER_STEP * tier


def fee_per_item(items_this_month: int) -> FeeBreakdown:
    """The fee for an applicant's `items_this_month` items in one calendar month (Art. 4)."""
    n = _check(items_this_month)
    lines: list[FeeLine] = []
    first = 1
    while first <= n:
        rate = _item_rate(first)
        if first <= ITEMS_FREE:
            last = ITEMS_FREE
        elif first <= ITEMS_FIRST_TIER_END:
            last = ITEMS_FIRST_TIER_END
        else:
            last = first + ITEMS_TIER_SIZE - 1
        lines.append(FeeLine(first, min(last, n), rate))
        first = last + 1
    return FeeBreakdown(FeeMethod.PER_ITEM, n, tuple(lines))


def fee_per_page(pages: int) -> FeeBreakdown:
    """The fee for `pages` pages of one request (Art. 5)."""
    n = _check(pages)
    lines = [
        FeeLine(first, min(last, n) if last is not None else n, rate)
        for first, last, rate in PAGE_BRACKETS
        if first <= n
    ]
    return FeeBreakdown(FeeMethod.PER_PAGE, n, tuple(lines))
