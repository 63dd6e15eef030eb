"""Escalation of public-concern deadlines (the worker runs it): when a deadline nears (80 % of its time
gone) or passes without a published response of its kind, the leaders of the bureau are emailed, once
per deadline and stage (`Concern.escalations`), and the step is audited (`concerns.concern.escalated`).

Recording a concern queues a run at each deadline's "near" time and just after its due time (backends
that cannot defer a task run nothing); `manage.py concern_escalations` runs the same sweep (cron).
"""

from __future__ import annotations

import datetime as dt
import logging

from django.core.mail import send_mail
from django.db import transaction
from django.tasks import task
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from gongkai.accounts.models import Membership
from gongkai.accounts.roles import Role
from gongkai.core import audit
from gongkai.participation.rules import concern_deadlines

from .deadlines import NEAR_SHARE, deadline_states
from .models import Concern

logger = logging.getLogger(__name__)

WATCH_DAYS = 7  # concerns detected longer ago than this are not swept any more


def leader_emails(bureau) -> list[str]:
    return sorted(
        {
            m.user.email
            for m in Membership.objects.filter(
                bureau=bureau, role=Role.LEADER, is_active=True, user__is_active=True
            ).select_related("user")
            if m.user.email
        }
    )


def _message(concern, state) -> tuple[str, str]:
    with translation.override("zh-hans"):
        due = timezone.localtime(state.due).strftime("%Y-%m-%d %H:%M")
        if state.state == "overdue":
            subject = _("Overdue: %(deadline)s for “%(title)s”") % {"deadline": state.label, "title": concern.title}
        else:
            subject = _("Due soon: %(deadline)s for “%(title)s”") % {"deadline": state.label, "title": concern.title}
        body = _(
            "%(bureau)s: the public concern “%(title)s” was detected at %(detected)s.\n"
            "%(deadline)s is due at %(due)s and no response of this kind has been published."
        ) % {
            "bureau": concern.bureau.name,
            "title": concern.title,
            "detected": timezone.localtime(concern.detected_at).strftime("%Y-%m-%d %H:%M"),
            "deadline": state.label,
            "due": due,
        }
    return subject, body


def escalate(now: dt.datetime | None = None) -> int:
    """Send the escalations due now; returns how many deadline stages were escalated."""
    now = now or timezone.now()
    sent = 0
    concerns = Concern.objects.filter(detected_at__gte=now - dt.timedelta(days=WATCH_DAYS)).select_related("bureau")
    for concern in concerns.prefetch_related("responses"):
        for state in deadline_states(concern, now=now):
            if state.state not in ("near", "overdue"):
                continue
            with transaction.atomic():
                locked = Concern.objects.select_for_update().get(pk=concern.pk)
                done = locked.escalations.get(state.code, [])
                if state.state in done:
                    continue
                locked.escalations = {**locked.escalations, state.code: [*done, state.state]}
                locked.save(update_fields=["escalations", "updated_at"])
                recipients = leader_emails(concern.bureau)
                audit.record(
                    "concerns.concern.escalated",
                    instance=locked,
                    data={"deadline": state.code, "stage": state.state, "recipients": len(recipients)},
                )
            subject, body = _message(concern, state)
            if recipients:
                try:
                    send_mail(subject, body, None, recipients)
                except Exception:
                    logger.exception("Escalation mail for concern %s could not be sent", concern.pk)
            sent += 1
    return sent


@task()
def run_escalations() -> int:
    return escalate()


def schedule_escalations(concern: Concern) -> int:
    """Queue a sweep at each deadline's near time and just after its due time; returns how many."""
    backend = run_escalations.get_backend()
    if not getattr(backend, "supports_defer", False):
        return 0
    queued = 0
    for deadline in concern_deadlines(level=concern.level, detected_at=concern.detected_at):
        near = concern.detected_at + (deadline.due - concern.detected_at) * NEAR_SHARE
        for at in (near, deadline.due + dt.timedelta(minutes=1)):
            if at > timezone.now():
                run_escalations.using(run_after=at).enqueue()
                queued += 1
    return queued
