"""The daily reminder of an unpublished annual report (条例 Art. 49: published by 31 January).

From 1 January (`REMIND_FROM`) each disclosing bureau (city and county bureaus) whose report of the past
year is not published gets one e-mail a day to every editor, reviewer and leader with an address: what is
missing, the deadline, and, after 31 January, that the report is late. `ReminderLog` keeps it to once a
day per address however often the job runs. The month ends at the end of February (late reports are
also visible on the staff screen all year).
"""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from gongkai.accounts import permissions
from gongkai.core.mail import send_email
from gongkai.organizations.models import Bureau, BureauKind

from . import report
from .models import AnnualReport, ReminderLog
from .rules import CHANGE_REPORT

logger = logging.getLogger(__name__)

REMIND_FROM = (1, 1)  # month, day
REMIND_UNTIL = (2, 28)


def due_bureaus(today: dt.date) -> list[tuple[Bureau, AnnualReport | None]]:
    """The bureaus whose report of the past year is not yet published, in the reminder season."""
    if not (REMIND_FROM <= (today.month, today.day) <= REMIND_UNTIL):
        return []
    year = today.year - 1
    bureaus = Bureau.objects.disclosing().filter(kind__in=(BureauKind.CITY, BureauKind.COUNTY)).order_by("code")
    reports = {r.bureau_id: r for r in AnnualReport.objects.filter(year=year, bureau__in=bureaus)}
    return [
        (b, reports.get(b.pk)) for b in bureaus if reports.get(b.pk) is None or reports[b.pk].first_published_at is None
    ]


def recipients(bureau: Bureau):
    from gongkai.accounts.models import User

    return (
        User.objects.filter(
            is_active=True,
            memberships__bureau=bureau,
            memberships__is_active=True,
            memberships__role__in=permissions.roles_granted(CHANGE_REPORT),
        )
        .exclude(email="")
        .distinct()
        .order_by("pk")
    )


def _body(bureau: Bureau, report_obj: AnnualReport | None, year: int, today: dt.date) -> str:
    limit = report.deadline(year)
    state = report_obj.get_status_display() if report_obj else _("not started")
    lines = [
        _("The annual disclosure report %(year)s of %(bureau)s is not published yet (status: %(state)s).")
        % {"year": year, "bureau": bureau.name, "state": state},
        _("Deadline (条例 Art. 49): %(date)s.") % {"date": limit.isoformat()},
    ]
    if today > limit:
        lines.append(_("The report is late: publish it as soon as possible."))
    base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    lines.append(base + reverse("annual_reports_admin:index"))
    return "\n".join(lines)


def send_due_reminders(today: dt.date | None = None) -> int:
    today = today or timezone.localdate()
    year = today.year - 1
    sent = 0
    with translation.override(settings.LANGUAGE_CODE):
        for bureau, report_obj in due_bureaus(today):
            for user in recipients(bureau):
                try:
                    with transaction.atomic():
                        log = ReminderLog.objects.create(bureau=bureau, year=year, sent_on=today, recipient=user.email)
                except IntegrityError:
                    continue  # already reminded today
                subject = _("Annual disclosure report %(year)s of %(bureau)s: not yet published") % {
                    "year": year,
                    "bureau": bureau.short_name or bureau.name,
                }
                if send_email([user.email], subject, _body(bureau, report_obj, year, today)):
                    sent += 1
                else:
                    log.delete()
    logger.info("annual-report reminders for %s: %s sent", today, sent)
    return sent
