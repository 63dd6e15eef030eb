"""Notices to a staff member about their own account (OWASP ASVS 2.2.3): an email after the account
was paused by failed logins and after its password was changed (by the user or set by an administrator),
so that someone who did not do it can react (tell the security administrator).

The message goes out after the change commits, by the worker (a task), through the one mail path
(`core.mail.send_email`), in the site language; each notice is audited (`accounts.user.notified`, with
the kind, the masked address and whether it went out). An account without an email address gets no
email, and the audit record says so. The message never contains a password, a code or an address.
"""

from __future__ import annotations

import logging
from functools import partial

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.tasks import task
from django.utils import formats, timezone, translation
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from gongkai.core import audit, mail
from gongkai.core.models import AuditResult

logger = logging.getLogger(__name__)

LOCKED = "locked"
PASSWORD_CHANGED = "password_changed"
KINDS = (LOCKED, PASSWORD_CHANGED)


def notify(*, user, kind: str, at=None) -> None:
    """Send `kind` to `user` once the current transaction commits (queued for the worker)."""
    if kind not in KINDS:
        raise ValueError(kind)
    at = (at or timezone.now()).isoformat()
    transaction.on_commit(partial(_enqueue, user.pk, kind, at))


def _enqueue(user_pk: int, kind: str, at: str) -> None:
    try:
        send_account_notice.enqueue(user_pk, kind, at)
    except Exception:  # the change itself stands; the missing notice is in the log
        logger.exception("Could not enqueue the %s notice of user %s", kind, user_pk)


def _message(user, kind: str, at) -> tuple[str, str]:
    params = {
        "name": user.get_full_name(),
        "username": user.get_username(),
        "when": formats.date_format(timezone.localtime(at), "DATETIME_FORMAT"),
        "site": settings.WAGTAIL_SITE_NAME,
    }
    if kind == LOCKED:
        subject = _("%(site)s: your account was paused after failed logins") % params
        body = (
            _(
                "Dear %(name)s,\n\nYour account %(username)s was paused at %(when)s after repeated failed login "
                "attempts. It opens again by itself after a few minutes, or the security administrator can unlock it.\n\n"
                "If these attempts were not yours, tell the security administrator: someone may be trying to guess "
                "your password."
            )
            % params
        )
    else:
        subject = _("%(site)s: the password of your account was changed") % params
        body = (
            _(
                "Dear %(name)s,\n\nThe password of your account %(username)s was changed at %(when)s.\n\n"
                "If you did not change it and did not ask the security administrator to set a new one, tell the "
                "security administrator at once."
            )
            % params
        )
    return subject, body


@task()
def send_account_notice(user_pk: int, kind: str, at: str) -> bool:
    """Email the notice (in the site language) and audit it; returns whether it went out."""
    user = get_user_model().objects.filter(pk=user_pk).first()
    if user is None:
        return False
    with translation.override(settings.LANGUAGE_CODE):
        subject, body = _message(user, kind, parse_datetime(at) or timezone.now())
    sent = mail.send_email(user.email, subject, body) if user.email else False
    audit.record(
        "accounts.user.notified",
        instance=user,
        result=AuditResult.SUCCESS if sent else AuditResult.FAILURE,
        data={
            "kind": kind,
            "sent_to": mail.mask_email(user.email) if user.email else "",
            "sent": sent,
            **({} if user.email else {"reason": "no_email"}),
        },
    )
    return sent
