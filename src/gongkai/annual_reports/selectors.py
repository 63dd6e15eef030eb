"""Reads of annual reports: the published ones of a bureau (public), the reports staff may see."""

from __future__ import annotations

from gongkai.accounts import permissions

from .models import AnnualReport
from .rules import VIEW_REPORT


def published_for_bureau(bureau):
    return AnnualReport.objects.filter(bureau=bureau, published_content__isnull=False).order_by("-year")


def published_get(bureau, year: int) -> AnnualReport:
    """The published report (raises AnnualReport.DoesNotExist)."""
    return published_for_bureau(bureau).get(year=year)


def reports_for_staff(user):
    return permissions.scope(user, VIEW_REPORT, AnnualReport.objects.select_related("bureau")).order_by(
        "bureau__sort_order", "bureau__code", "-year"
    )
