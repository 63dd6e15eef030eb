"""Reads of the new-media registry: public selectors return active accounts of active bureaus only; staff
selectors are scoped by the permission module."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q, QuerySet
from django.utils import timezone

from gongkai.accounts import permissions

from .models import AccountApplication, AccountStatus, ApplicationStatus, NewMediaAccount
from .rules import STAGE_ACTIONS, VIEW_ACCOUNT

# 检查指标 N-V2: no update in the 2 weeks before the monitoring point (site_inspection keeps the editable rule).
SILENT_AFTER_DAYS = 14


def accounts_public(bureau=None) -> QuerySet[NewMediaAccount]:
    """Accounts in operation (of `bureau`, else of every active bureau), as the public registry lists them."""
    accounts = NewMediaAccount.objects.filter(status=AccountStatus.ACTIVE, bureau__is_active=True).select_related(
        "bureau"
    )
    accounts = accounts.order_by("bureau__sort_order", "bureau__code", "platform", "name")
    return accounts.filter(bureau=bureau) if bureau is not None else accounts


def accounts_for_staff(user, bureau=None) -> QuerySet[NewMediaAccount]:
    accounts = permissions.scope(user, VIEW_ACCOUNT, NewMediaAccount.objects.select_related("bureau"))
    accounts = accounts.order_by("bureau__sort_order", "status", "platform", "name")
    return accounts.filter(bureau=bureau) if bureau is not None else accounts


def applications_for_staff(user) -> QuerySet[AccountApplication]:
    return permissions.scope(
        user, VIEW_ACCOUNT, AccountApplication.objects.select_related("bureau", "account", "submitted_by")
    )


def applications_waiting_for(user) -> QuerySet[AccountApplication]:
    """Pending applications whose current step `user` may decide (by role and reach)."""
    pending = AccountApplication.objects.filter(status=ApplicationStatus.PENDING).select_related("bureau")
    condition = Q(pk__in=[])
    for stage, action in STAGE_ACTIONS.items():
        reach = permissions.bureau_ids(user, action)
        if reach is permissions.ALL:
            condition |= Q(stage=stage)
        elif reach:
            condition |= Q(stage=stage, bureau_id__in=list(reach))
    return pending.filter(condition)


def silent_accounts(*, days: int = SILENT_AFTER_DAYS, now: dt.datetime | None = None, bureau=None) -> list:
    """Accounts in operation with no post in the last `days` days (none at all: opened more than `days` ago)."""
    now = now or timezone.now()
    limit = now - dt.timedelta(days=days)
    accounts = accounts_public(bureau).filter(
        Q(last_post_at__lt=limit) | Q(last_post_at__isnull=True, opened_on__lt=timezone.localdate(limit))
    )
    return list(accounts)
