"""The indicator registry (pure: it imports nothing of gongkai, so any app may register from its AppConfig.ready()).

An indicator is something the evaluation scores a bureau on for a year. Automatic ones are computed from the
data by a function the owning app registers; manual ones are entered by the city supervisor (no function).

    from gongkai.supervision.indicators import IndicatorValue, register

    def feedback_rate(bureau, year):
        answered, total = ...
        rate = answered / total if total else None
        return IndicatorValue(value=rate, score=1.0 if rate is None else rate, detail={"total": total})

    register("consultation_feedback", _("Consultation feedback rate"), compute=feedback_rate, order=60)

`compute(bureau, year) -> IndicatorValue`: `value` is what was measured (a number, a string or None when there
was nothing to measure) and `score` the share of the indicator's points earned, from 0 to 1 (None: not scored).
`compute_many(bureaus, year) -> {bureau.pk: IndicatorValue}` may be given instead of or next to `compute` when
one query for all bureaus is cheaper; the evaluation uses it when present. Registering a code twice replaces the
first (a test or a later app may override a built-in).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

AUTO = "auto"
MANUAL = "manual"


@dataclass(frozen=True)
class IndicatorValue:
    value: Any = None
    score: float | None = None
    detail: dict = field(default_factory=dict)

    def __post_init__(self):
        if self.score is not None and not 0.0 <= self.score <= 1.0:
            raise ValueError(f"score must be between 0 and 1, got {self.score!r}")


@dataclass(frozen=True)
class Indicator:
    code: str
    label: Any  # a (lazy) translatable string
    kind: str = AUTO
    compute: Callable[[Any, int], IndicatorValue] | None = None
    compute_many: Callable[[list, int], dict[int, IndicatorValue]] | None = None
    description: Any = ""
    unit: str = ""  # "rate" (0..1), "count", "date", "" (text)
    order: int = 100
    default_weight: float = 0.0

    @property
    def is_manual(self) -> bool:
        return self.kind == MANUAL

    def values(self, bureaus: list, year: int) -> dict[int, IndicatorValue]:
        """The value of every bureau (manual indicators: nothing here, the evaluation reads the entries)."""
        if self.is_manual:
            return {}
        if self.compute_many is not None:
            return self.compute_many(bureaus, year)
        return {b.pk: self.compute(b, year) for b in bureaus}


_REGISTRY: dict[str, Indicator] = {}


def register(
    code: str,
    label,
    compute: Callable | None = None,
    *,
    compute_many: Callable | None = None,
    manual: bool = False,
    description="",
    unit: str = "",
    order: int = 100,
    default_weight: float = 0.0,
) -> Indicator:
    """Add (or replace) an indicator. Automatic ones need `compute` or `compute_many`; manual ones neither."""
    if not code or not code.replace("_", "").isalnum():
        raise ValueError(f"indicator code must be letters, digits and underscores: {code!r}")
    if manual and (compute or compute_many):
        raise ValueError("a manual indicator is entered, not computed")
    if not manual and compute is None and compute_many is None:
        raise ValueError("an automatic indicator needs compute or compute_many")
    indicator = Indicator(
        code=code,
        label=label,
        kind=MANUAL if manual else AUTO,
        compute=compute,
        compute_many=compute_many,
        description=description,
        unit=unit,
        order=order,
        default_weight=default_weight,
    )
    _REGISTRY[code] = indicator
    return indicator


def unregister(code: str) -> None:
    _REGISTRY.pop(code, None)


def get(code: str) -> Indicator | None:
    return _REGISTRY.get(code)


def all_indicators() -> list[Indicator]:
    return sorted(_REGISTRY.values(), key=lambda i: (i.order, i.code))


def ratio_score(count: int, limit: int) -> float:
    """1 with none, 0 at `limit` or more, linear between (deductions never exceed the indicator's points)."""
    if limit <= 0:
        return 1.0 if count <= 0 else 0.0
    return max(0.0, 1.0 - count / limit)
