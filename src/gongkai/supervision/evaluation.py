"""The evaluation of a year: every indicator of every bureau, the points by the scheme, the total and the ranking.

Points of an automatic indicator = its score (0 … 1) × the scheme's weight; of a manual one, the points the city
entered (None where not entered yet, counted as 0 in the total). Without a scheme for the year the registry's
default weights apply. Counties are ranked by total (ties share a rank); the city bureau is listed unranked.
`as_json` is the document of `manage.py indicators --json` (docs/supervision.md).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from gongkai.organizations.models import Bureau, BureauKind

from . import indicators
from .models import EvaluationScheme, ManualScore

TWO = Decimal("0.01")
PRAISE_AT = Decimal("90")  # share of the maximum (in %) from which a county is praised
CRITICISE_BELOW = Decimal("60")  # … below which it is criticised (the inspection rules' pass mark)


@dataclass
class Cell:
    code: str
    label: str
    kind: str
    weight: Decimal
    value: object = None
    score: float | None = None
    points: Decimal | None = None
    detail: dict = field(default_factory=dict)


@dataclass
class BureauResult:
    bureau: Bureau
    cells: list[Cell]
    rank: int | None = None

    @property
    def total(self) -> Decimal:
        return sum((c.points or Decimal(0) for c in self.cells), Decimal(0)).quantize(TWO)

    def cell(self, code: str) -> Cell | None:
        return next((c for c in self.cells if c.code == code), None)


@dataclass
class Evaluation:
    city: Bureau
    year: int
    scheme: EvaluationScheme | None
    weights: dict[str, Decimal]
    results: list[BureauResult]

    @property
    def maximum(self) -> Decimal:
        return sum(self.weights.values(), Decimal(0)).quantize(TWO)

    def percent(self, result: BureauResult) -> Decimal:
        return (result.total * 100 / self.maximum).quantize(TWO) if self.maximum else Decimal(0)

    @property
    def ranking(self) -> list[BureauResult]:
        return sorted((r for r in self.results if r.rank is not None), key=lambda r: (r.rank, r.bureau.sort_order))

    def praised(self) -> list[BureauResult]:
        return [r for r in self.ranking if self.percent(r) >= PRAISE_AT]

    def criticised(self) -> list[BureauResult]:
        return [r for r in self.ranking if self.percent(r) < CRITICISE_BELOW]


def weights_for(city, year: int) -> tuple[EvaluationScheme | None, dict[str, Decimal]]:
    scheme = EvaluationScheme.objects.filter(city=city, year=year).prefetch_related("entries").first()
    if scheme is not None:
        return scheme, {e.indicator: e.weight for e in scheme.entries.all() if indicators.get(e.indicator)}
    return None, {i.code: Decimal(str(i.default_weight)) for i in indicators.all_indicators()}


def evaluate(city, year: int, *, bureaus=None) -> Evaluation:
    """Compute every registered indicator for the city's county-level bureaus and the city bureau."""
    if bureaus is None:
        bureaus = Bureau.objects.disclosing().filter(pk=city.pk) | Bureau.objects.disclosing().filter(
            parent=city, kind=BureauKind.COUNTY
        )
        bureaus = list(bureaus.select_related("parent").order_by("sort_order", "code"))
    scheme, weights = weights_for(city, year)
    manual: dict[tuple[str, int], Decimal] = {}
    if scheme is not None:
        for row in ManualScore.objects.filter(entry__scheme=scheme).select_related("entry"):
            manual[(row.entry.indicator, row.bureau_id)] = row.points
    values = {i.code: i.values(bureaus, year) for i in indicators.all_indicators()}
    results = []
    for bureau in bureaus:
        cells = []
        for indicator in indicators.all_indicators():
            weight = weights.get(indicator.code, Decimal(0))
            cell = Cell(indicator.code, str(indicator.label), indicator.kind, weight)
            if indicator.is_manual:
                points = manual.get((indicator.code, bureau.pk))
                cell.value = None if points is None else float(points)
                cell.points = points
                cell.score = None if points is None or not weight else float(points / weight)
            else:
                measured = values[indicator.code].get(bureau.pk)
                if measured is not None:
                    cell.value, cell.score, cell.detail = measured.value, measured.score, measured.detail
                    if measured.score is not None:
                        cell.points = (weight * Decimal(str(measured.score))).quantize(TWO, ROUND_HALF_UP)
            cells.append(cell)
        results.append(BureauResult(bureau, cells))
    _rank([r for r in results if r.bureau.kind == BureauKind.COUNTY])
    return Evaluation(city, year, scheme, weights, results)


def _rank(results: list[BureauResult]) -> None:
    ordered = sorted(results, key=lambda r: -r.total)
    previous, rank = None, 0
    for position, result in enumerate(ordered, start=1):
        if result.total != previous:
            rank, previous = position, result.total
        result.rank = rank


def _plain(value):
    if isinstance(value, Decimal):
        return float(value)
    return value


def as_json(evaluation: Evaluation) -> dict:
    return {
        "year": evaluation.year,
        "city": evaluation.city.code,
        "scheme": evaluation.scheme.name if evaluation.scheme else None,
        "maximum": float(evaluation.maximum),
        "indicators": [
            {"code": i.code, "label": str(i.label), "kind": i.kind, "weight": float(evaluation.weights.get(i.code, 0))}
            for i in indicators.all_indicators()
        ],
        "bureaus": [
            {
                "code": r.bureau.code,
                "name": r.bureau.name,
                "kind": r.bureau.kind,
                "rank": r.rank,
                "total": float(r.total),
                "indicators": {
                    c.code: {
                        "kind": c.kind,
                        "value": _plain(c.value),
                        "score": c.score,
                        "points": _plain(c.points),
                        "weight": float(c.weight),
                    }
                    for c in r.cells
                },
            }
            for r in evaluation.results
        ],
    }
