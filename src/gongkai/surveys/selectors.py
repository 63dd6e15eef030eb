"""Reads of surveys: public selectors return published surveys only; staff selectors are scoped."""

from __future__ import annotations

from django.db.models import Count, QuerySet

from gongkai.accounts import permissions

from .models import Survey, SurveyStatus
from .rules import VIEW_SURVEY


def published(bureau=None) -> QuerySet[Survey]:
    rows = (
        Survey.objects.filter(status=SurveyStatus.PUBLISHED, bureau__is_active=True)
        .select_related("bureau")
        .annotate(response_count=Count("responses"))
        .order_by("-opens_on", "-pk")
    )
    return rows.filter(bureau=bureau) if bureau is not None else rows


def published_get(bureau, pk: int) -> Survey:
    return published(bureau).prefetch_related("questions").get(pk=pk)


def for_staff(user) -> QuerySet[Survey]:
    return (
        permissions.scope(user, VIEW_SURVEY, Survey.objects.select_related("bureau"))
        .annotate(response_count=Count("responses"))
        .order_by("-opens_on", "-pk")
    )
