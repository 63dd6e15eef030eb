"""Daily reminders to a bureau's handlers: what is due soon, overdue, or waiting for staff to close.

Kinds (one `ReminderLog` row per request, kind, day, channel and recipient, so a reminder goes out
once a day however often the job runs):

- `unconfirmed`: submitted but receipt not yet confirmed (条例 Art. 31: unsigned post must be
  confirmed with the applicant on the day it arrives; internet and fax need both sides' confirmation);
- `due_soon`: the answer is due soon (`gongkai.workdays.due.due_soon_until`, in working days); `overdue`: past due;
- `supplement_expired`, `fee_expired`, `consultation_expired`: a period has passed and staff must
  close the request (Art. 30; 费用办法) or record the consultation's end (Arts 32, 34).

Each handler (who holds `foi_requests.handle_request` at the bureau in the permission module, with an
email or a phone on the account) gets
one email and one SMS per run listing their new reminders. Reminders carry tracking numbers and due
dates only, never the applicant's personal data.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from gongkai.accounts import permissions
from gongkai.workdays.due import due_soon_until
from gongkai.workdays.services import calendar_for

from .constants import State
from .models import Consultation, FeeNotice, FoiRequest, ReminderLog, SupplementRequest
from .rules import HANDLE_REQUEST

logger = logging.getLogger(__name__)

# States whose answer clock runs: a due date that can pass.
CLOCK_STATES = (State.RECEIVED, State.IN_PROGRESS, State.EXTENDED, State.CONSULTING, State.FEE_NOTIFIED)

# Requests whose answer clock is running now (not paused, due date known).
RUNNING_CLOCK = Q(state__in=CLOCK_STATES, clock_paused=False, due_on__isnull=False)

KIND_ORDER = ("overdue", "due_soon", "unconfirmed", "supplement_expired", "fee_expired", "consultation_expired")


@dataclass(frozen=True)
class Reminder:
    request: FoiRequest
    kind: str
    date: dt.date | None  # the due date or the end of the period


def reminder_calendar(today: dt.date):
    """The working-day calendar (with overrides) for today's reminders and lists."""
    return calendar_for([today.year, today.year + 1])


def collect(today: dt.date, *, bureau_ids=None) -> list[Reminder]:
    """Every reminder due on `today` (optionally only for some bureaus)."""

    def scoped(qs, path="bureau_id"):
        return qs if bureau_ids is None else qs.filter(**{f"{path}__in": bureau_ids})

    horizon = due_soon_until(today, reminder_calendar(today))
    requests = scoped(FoiRequest.objects.select_related("bureau"))
    found: list[Reminder] = []
    running = requests.filter(RUNNING_CLOCK)
    found += [Reminder(r, "overdue", r.due_on) for r in running.filter(due_on__lt=today)]
    found += [Reminder(r, "due_soon", r.due_on) for r in running.filter(due_on__gte=today, due_on__lte=horizon)]
    found += [Reminder(r, "unconfirmed", None) for r in requests.filter(state=State.SUBMITTED)]
    supplements = scoped(
        SupplementRequest.objects.select_related("request__bureau").filter(
            request__state=State.SUPPLEMENT_REQUESTED, supplied_on__isnull=True, supply_due_on__lt=today
        ),
        "request__bureau_id",
    )
    found += [Reminder(s.request, "supplement_expired", s.supply_due_on) for s in supplements]
    fees = scoped(
        FeeNotice.objects.select_related("request__bureau").filter(
            request__state=State.FEE_NOTIFIED, paid_on__isnull=True, pay_due_on__lt=today
        ),
        "request__bureau_id",
    )
    found += [Reminder(f.request, "fee_expired", f.pay_due_on) for f in fees]
    consultations = scoped(
        Consultation.objects.select_related("request__bureau").filter(
            request__state=State.CONSULTING, ended_on__isnull=True, reply_due_on__lt=today
        ),
        "request__bureau_id",
    )
    found += [Reminder(c.request, "consultation_expired", c.reply_due_on) for c in consultations]
    return found


def handlers(bureau_id: int):
    from gongkai.accounts.models import User

    return (
        User.objects.filter(
            is_active=True,
            memberships__bureau_id=bureau_id,
            memberships__is_active=True,
            memberships__role__in=permissions.roles_granted(HANDLE_REQUEST),
        )
        .distinct()
        .order_by("pk")
    )


def _claim(reminders: list[Reminder], today: dt.date, channel: str, recipient: str) -> list[Reminder]:
    """Write the log rows first: a reminder another run already claimed is skipped (unique row)."""
    claimed = []
    for reminder in reminders:
        try:
            with transaction.atomic():
                ReminderLog.objects.create(
                    request=reminder.request, kind=reminder.kind, on=today, channel=channel, recipient=recipient
                )
        except IntegrityError:
            continue
        claimed.append(reminder)
    return claimed


def _release(reminders: list[Reminder], today: dt.date, channel: str, recipient: str) -> None:
    """Sending failed: forget the claims so that the next run tries again."""
    which = Q()
    for reminder in reminders:
        which |= Q(request=reminder.request, kind=reminder.kind)
    ReminderLog.objects.filter(which, on=today, channel=channel, recipient=recipient).delete()


def _line(reminder: Reminder, today: dt.date, calendar) -> str:
    number = reminder.request.tracking_number
    date = reminder.date.isoformat() if reminder.date else ""
    if reminder.kind == "overdue":
        return _("%(number)s: overdue since %(date)s") % {"number": number, "date": date}
    if reminder.kind == "due_soon":
        left = calendar.count_working_days(today, reminder.date)
        return _("%(number)s: due on %(date)s (%(left)s working days left)") % {
            "number": number,
            "date": date,
            "left": left,
        }
    if reminder.kind == "unconfirmed":
        return _("%(number)s: receipt not yet confirmed with the applicant") % {"number": number}
    if reminder.kind == "supplement_expired":
        return _("%(number)s: the supplement period ended on %(date)s; close the request or record the supplement") % {
            "number": number,
            "date": date,
        }
    if reminder.kind == "fee_expired":
        return _("%(number)s: the fee was due by %(date)s; close the request or record the payment") % {
            "number": number,
            "date": date,
        }
    return _("%(number)s: the consultation period ended on %(date)s; record its end") % {
        "number": number,
        "date": date,
    }


def _admin_url(reminder: Reminder) -> str:
    base = getattr(settings, "WAGTAILADMIN_BASE_URL", "").rstrip("/")
    try:
        return base + reverse("foi_admin:detail", args=[reminder.request.pk])
    except Exception:  # URLs not loaded (should not happen): the tracking number is enough
        return ""


def _email_body(bureau, reminders: list[Reminder], today: dt.date, calendar) -> str:
    lines = [
        _("FOI requests of %(bureau)s that need attention on %(date)s:") % {"bureau": bureau.name, "date": today},
        "",
    ]
    for reminder in reminders:
        lines.append("- " + _line(reminder, today, calendar))
        if url := _admin_url(reminder):
            lines.append("  " + url)
    lines += ["", _("This reminder is sent once a day by Gongkai.")]
    return "\n".join(lines)


def _sms_text(bureau, reminders: list[Reminder]) -> str:
    overdue = sum(1 for r in reminders if r.kind == "overdue")
    return _("%(bureau)s: %(count)s FOI requests need attention (%(overdue)s overdue). Please sign in to Gongkai.") % {
        "bureau": bureau.short_name or bureau.name,
        "count": len({r.request.pk for r in reminders}),
        "overdue": overdue,
    }


def send_due_reminders(today: dt.date | None = None) -> int:
    """Send today's reminders by email (SMTP) and SMS to each bureau's handlers. Returns the number of
    messages sent; a second run on the same day sends nothing new."""
    from gongkai.core import messaging

    today = today or timezone.localdate()
    calendar = reminder_calendar(today)
    by_bureau: dict[int, list[Reminder]] = defaultdict(list)
    for reminder in collect(today):
        by_bureau[reminder.request.bureau_id].append(reminder)
    sent = 0
    with translation.override(settings.LANGUAGE_CODE):
        for bureau_id, reminders in by_bureau.items():
            reminders.sort(key=lambda r: (KIND_ORDER.index(r.kind), r.date or today, r.request.tracking_number))
            bureau = reminders[0].request.bureau
            for user in handlers(bureau_id):
                if user.email:
                    claimed = _claim(reminders, today, "email", user.email)
                    if claimed:
                        subject = _("FOI requests due at %(bureau)s: %(count)s reminders") % {
                            "bureau": bureau.short_name or bureau.name,
                            "count": len(claimed),
                        }
                        if messaging.send_email([user.email], subject, _email_body(bureau, claimed, today, calendar)):
                            sent += 1
                        else:
                            _release(claimed, today, "email", user.email)
                if user.phone:
                    claimed = _claim(reminders, today, "sms", user.phone)
                    if claimed:
                        if messaging.send_sms(user.phone, _sms_text(bureau, claimed)):
                            sent += 1
                        else:
                            _release(claimed, today, "sms", user.phone)
    logger.info("FOI reminders for %s: %s messages sent", today, sent)
    return sent
