"""Reads of the self-inspection's results. `latest_results()` is the function other apps (supervision's
indicators) call: the newest result of each bureau as plain data."""

from __future__ import annotations

from django.db.models import QuerySet

from gongkai.accounts import permissions

from .models import InspectionResult
from .rules import VIEW_RESULT


def as_data(result: InspectionResult) -> dict:
    """One bureau's result in the shape of `manage.py site_inspection --json`."""
    return {
        "bureau": result.bureau.code,
        "bureau_name": result.bureau.name,
        "checked_at": result.checked_at.isoformat(),
        "verdict": result.verdict,
        "score": float(result.score),
        "findings": [
            {key: finding[key] for key in ("rule", "severity", "where", "detail")} for finding in result.findings
        ],
    }


def _latest(queryset: QuerySet[InspectionResult]) -> list[InspectionResult]:
    newest: dict[int, InspectionResult] = {}
    for result in queryset.select_related("bureau").order_by("bureau_id", "-checked_at", "-pk"):
        newest.setdefault(result.bureau_id, result)
    return sorted(newest.values(), key=lambda r: (r.bureau.sort_order, r.bureau.code))


def latest_results(bureau=None) -> dict[str, dict]:
    """{bureau code: its newest result (`as_data`)} for every inspected bureau, or only `bureau`.
    No permission check: the caller (an indicator, a report) decides who sees what."""
    results = InspectionResult.objects.all()
    if bureau is not None:
        results = results.filter(bureau=bureau)
    latest_ids = _latest_ids(results)
    return {r.bureau.code: as_data(r) for r in _latest(InspectionResult.objects.filter(pk__in=latest_ids))}


def _latest_ids(results: QuerySet[InspectionResult]) -> list[int]:
    from django.db.models import Max

    newest = results.values("bureau_id").annotate(last=Max("checked_at"))
    ids = []
    for row in newest:
        pk = (
            results.filter(bureau_id=row["bureau_id"], checked_at=row["last"])
            .order_by("-pk")
            .values_list("pk", flat=True)
            .first()
        )
        ids.append(pk)
    return ids


def latest_for_staff(user) -> list[InspectionResult]:
    """The newest result of every bureau `user` may see (the bureau its own; the city all)."""
    scoped = permissions.scope(user, VIEW_RESULT, InspectionResult.objects.all())
    return _latest(InspectionResult.objects.filter(pk__in=_latest_ids(scoped)))


def latest_by_bureau(bureaus) -> dict[int, InspectionResult]:
    """{bureau id: its newest result} for the given bureaus, in one query (the evaluation's indicator)."""
    from django.db.models import OuterRef, Subquery

    newest = InspectionResult.objects.filter(bureau=OuterRef("bureau")).order_by("-checked_at", "-pk").values("pk")[:1]
    rows = InspectionResult.objects.filter(bureau__in=bureaus, pk=Subquery(newest))
    return {r.bureau_id: r for r in rows.only("pk", "bureau_id", "checked_at", "verdict", "score")}
