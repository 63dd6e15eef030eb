"""Reads of public concerns: the public sees concerns with at least one published response, and only the
published responses; staff selectors are scoped by the permission module."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from gongkai.accounts import permissions

from .models import Concern, ConcernResponse, ResponseStatus
from .rules import VIEW_CONCERN


def published(bureau=None) -> QuerySet[Concern]:
    responses = ConcernResponse.objects.filter(status=ResponseStatus.PUBLISHED).order_by("occurred_at", "pk")
    rows = (
        Concern.objects.filter(published_at__isnull=False, bureau__is_active=True)
        .select_related("bureau")
        .prefetch_related(Prefetch("responses", queryset=responses, to_attr="published_responses"))
    )
    return (rows.filter(bureau=bureau) if bureau is not None else rows).order_by("-detected_at", "-pk")


def for_staff(user) -> QuerySet[Concern]:
    return permissions.scope(user, VIEW_CONCERN, Concern.objects.select_related("bureau")).prefetch_related("responses")
