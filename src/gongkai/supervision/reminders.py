"""Reminders of supervision steps: a county's work plan and quarterly reports, from 5 days before the due date
until submitted (late ones every day), by email to the bureau's editors, reviewers and leader. One reminder per
bureau, step and day (`ReminderLog`), so the cron command and the worker's task may both run.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from gongkai.organizations.models import Bureau, BureauKind

from . import schedule, selectors, services
from .models import ReminderLog

logger = logging.getLogger(__name__)


def due_reminders(*, today: dt.date) -> list[tuple[Bureau, schedule.Step]]:
    """(bureau, step) for every work plan or quarterly report step to remind of today."""
    found = []
    counties = Bureau.objects.disclosing().filter(kind=BureauKind.COUNTY).select_related("parent")
    for year in sorted({today.year - 1, today.year}):
        for status in selectors.statuses(counties, year=year, today=today):
            found.extend(
                (status.bureau, s)
                for s in status.steps
                if s.key.startswith(("work_plan:", "quarterly_report:"))
                and schedule.needs_reminder(s.due, s.reached, today)
            )
    return found


def send_reminders(*, today: dt.date | None = None) -> int:
    today = today or timezone.localdate()
    sent = 0
    for bureau, s in due_reminders(today=today):
        recipients = [u.email for u in services.filers_of(bureau)]
        if not recipients:
            continue
        try:
            with transaction.atomic():
                ReminderLog.objects.create(bureau=bureau, subject=s.key, sent_on=today, recipients=len(recipients))
        except IntegrityError:
            continue  # already reminded today
        with translation.override("zh-hans"):
            late = s.due < today
            subject = _("Overdue: %(step)s") if late else _("Due soon: %(step)s")
            body = _("%(bureau)s: %(step)s is due on %(due)s. Please submit it in Gongkai (督查考核).")
            message = EmailMessage(
                subject=subject % {"step": s.label},
                body=body % {"bureau": bureau.name, "step": s.label, "due": s.due.isoformat()},
                to=recipients,
            )
        try:
            message.send()
            sent += 1
        except OSError:
            logger.exception("supervision reminder to %s failed", bureau.code)
    return sent
