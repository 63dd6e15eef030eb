"""The FOI dashboard and the home-page panel: per bureau, what is open, due soon, overdue, answered on time.

A bureau's handlers see their own bureau; the city supervisor every county bureau below it (and the
city bureau's own row where it handles requests itself). "Due soon" is the one definition of
`gongkai.workdays.due.due_soon_until` (working days), "running" the reminders' (a clock that runs now).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Count, F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.accounts import permissions
from gongkai.organizations.models import Bureau, BureauKind
from gongkai.workdays.due import due_soon_until

from .admin_views import admin_calendar, render_screen
from .constants import OPEN_STATES, ReplyStatus
from .models import FoiRequest, Reply
from .reminders import RUNNING_CLOCK, reminder_calendar
from .rules import VIEW_DASHBOARD


@dataclass
class BureauFigures:
    bureau: Bureau
    open: int = 0
    due_soon: int = 0
    overdue: int = 0
    answered: int = 0
    on_time: int = 0

    @property
    def rate(self) -> float | None:
        return None if not self.answered else 100.0 * self.on_time / self.answered


def dashboard_bureaus(user):
    """The bureaus a user's dashboard has rows for: its own, or for the city supervisor every county
    bureau in its subtree (the city bureau's own row too when it handles requests itself)."""
    visible = permissions.scope(user, VIEW_DASHBOARD, Bureau.objects.disclosing())
    return visible.exclude(kind=BureauKind.REVIEW_OFFICE).order_by("sort_order", "code")


def bureau_figures(bureaus, *, today: dt.date, year: int, calendar=None) -> list[BureauFigures]:
    """Per bureau: open requests, due soon (`workdays.due.due_soon_until`), overdue, and the on-time rate
    of the requests answered in `year` (reply issued on or before the due date)."""
    bureaus = list(bureaus)
    ids = [b.pk for b in bureaus]
    horizon = due_soon_until(today, calendar or reminder_calendar(today))
    running = RUNNING_CLOCK
    counts = {
        row["bureau_id"]: row
        for row in FoiRequest.objects.filter(bureau_id__in=ids)
        .values("bureau_id")
        .annotate(
            open=Count("pk", filter=Q(state__in=OPEN_STATES)),
            due_soon=Count("pk", filter=running & Q(due_on__gte=today, due_on__lte=horizon)),
            overdue=Count("pk", filter=running & Q(due_on__lt=today)),
        )
    }
    answers = {
        row["request__bureau_id"]: row
        for row in Reply.objects.filter(request__bureau_id__in=ids, status=ReplyStatus.APPROVED, replied_on__year=year)
        .values("request__bureau_id")
        .annotate(
            answered=Count("pk"),
            on_time=Count("pk", filter=Q(request__due_on__isnull=True) | Q(replied_on__lte=F("request__due_on"))),
        )
    }
    result = []
    for bureau in bureaus:
        row = counts.get(bureau.pk, {})
        answer = answers.get(bureau.pk, {})
        result.append(
            BureauFigures(
                bureau=bureau,
                open=row.get("open", 0),
                due_soon=row.get("due_soon", 0),
                overdue=row.get("overdue", 0),
                answered=answer.get("answered", 0),
                on_time=answer.get("on_time", 0),
            )
        )
    return result


def dashboard(request):
    user = request.user
    if not permissions.can(user, VIEW_DASHBOARD):
        raise PermissionDenied
    today = timezone.localdate()
    year = request.GET.get("year", "")
    year = int(year) if year.isascii() and year.isdigit() and 2000 <= int(year) <= 2100 else today.year
    figures = bureau_figures(dashboard_bureaus(user), today=today, year=year, calendar=admin_calendar(request, today))
    totals = BureauFigures(bureau=None)
    for row in figures:
        for name in ("open", "due_soon", "overdue", "answered", "on_time"):
            setattr(totals, name, getattr(totals, name) + getattr(row, name))
    return render_screen(
        request,
        "foi_requests/admin/dashboard.html",
        _("FOI requests: due dates and timeliness"),
        {"figures": figures, "totals": totals, "year": year, "today": today, "several": len(figures) > 1},
    )


def overdue_requests(bureau, *, today: dt.date):
    """The bureau's requests whose running answer clock has passed its due date (the supervision drill-down)."""
    return FoiRequest.objects.filter(RUNNING_CLOCK, bureau=bureau, due_on__lt=today).order_by("due_on")
