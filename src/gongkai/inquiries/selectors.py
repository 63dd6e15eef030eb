"""Reads of public inquiries. Public selectors return answered, published inquiries only (never a name
or a contact); staff selectors are scoped by the permission module; the late ones feed the bureau's and
the city's home-page panels and other apps (supervision, site inspection).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from gongkai.accounts import permissions

from .models import OPEN_STATUSES, Inquiry, InquiryStatus
from .rules import VIEW_INQUIRY

# The State Council inspection's veto (国办秘函〔2019〕19号, W-V5): a valid message unanswered > 3 months.
INSPECTION_DAYS = 90


def published(bureau=None) -> QuerySet[Inquiry]:
    rows = Inquiry.objects.filter(
        status=InquiryStatus.ANSWERED, published_at__isnull=False, bureau__is_active=True
    ).select_related("bureau")
    return (rows.filter(bureau=bureau) if bureau is not None else rows).order_by("-answered_at", "-pk")


def published_get(bureau, pk: int) -> Inquiry:
    return published(bureau).get(pk=pk)


def by_topic(bureau) -> list[tuple[str, list[Inquiry]]]:
    """The bureau's published inquiries grouped by topic, in the order of the topics."""
    from .models import Topic

    rows = list(published(bureau))
    return [
        (label, [r for r in rows if r.topic == value])
        for value, label in Topic.choices
        if any(r.topic == value for r in rows)
    ]


def for_staff(user, bureau=None) -> QuerySet[Inquiry]:
    rows = permissions.scope(user, VIEW_INQUIRY, Inquiry.objects.select_related("bureau"))
    return rows.filter(bureau=bureau) if bureau is not None else rows


def overdue(queryset=None, *, today: dt.date | None = None) -> QuerySet[Inquiry]:
    """Open (valid, unanswered) inquiries past their answer date."""
    today = today or timezone.localdate()
    rows = Inquiry.objects.all() if queryset is None else queryset
    return rows.filter(status__in=OPEN_STATUSES, due_on__lt=today)


def unanswered_beyond(bureau=None, days: int = INSPECTION_DAYS, *, now: dt.datetime | None = None) -> QuerySet[Inquiry]:
    """Valid messages still unanswered more than `days` calendar days after they were received (the
    inspection's rule: `days`=90, "more than 3 months"), of `bureau` or of every bureau. Messages marked
    not valid do not count; an answer waiting for approval is not an answer yet."""
    now = now or timezone.now()
    rows = Inquiry.objects.filter(status__in=OPEN_STATUSES, submitted_at__lt=now - dt.timedelta(days=days))
    return rows.filter(bureau=bureau) if bureau is not None else rows


@dataclass
class BureauLate:
    bureau: object
    open: int
    overdue: int
    beyond_inspection: int


def late_by_bureau(user, *, today: dt.date | None = None) -> list[BureauLate]:
    """Per bureau the user sees (its own; the city supervisor its subtree): open, overdue, and unanswered
    beyond the inspection's 3 months; bureaus without open inquiries are left out."""
    today = today or timezone.localdate()
    limit = timezone.now() - dt.timedelta(days=INSPECTION_DAYS)
    rows = (
        for_staff(user)
        .filter(status__in=OPEN_STATUSES)
        .values("bureau")
        .annotate(
            open=Count("pk"),
            overdue=Count("pk", filter=Q(due_on__lt=today)),
            beyond=Count("pk", filter=Q(submitted_at__lt=limit)),
        )
    )
    from gongkai.organizations.models import Bureau

    bureaus = Bureau.objects.in_bulk([r["bureau"] for r in rows])
    result = [BureauLate(bureaus[r["bureau"]], r["open"], r["overdue"], r["beyond"]) for r in rows]
    return sorted(result, key=lambda r: (-r.overdue, r.bureau.sort_order, r.bureau.code))
