"""The public inquiry form through the intake journal (gongkai.core.intake): acknowledge now, register in the worker.

`acknowledge()` is what the form's POST calls: the same checks as `services.submit_inquiry` (the bureau
taking inquiries, the fields neutralised and within their limits, not too many links), a message already
received within a day refused (the stored inquiries and the journal: same bureau, contact and text), the
per-address hourly limit, then one journal row with the tracking number, the validated fields, the due
date shown to the visitor and the form's `client_token`, committed with its materialisation task. A
retried POST (same `client_token`) gets the same number. `materialise()` (the worker) stores the inquiry
through `submit_inquiry` with the journal's number, receipt time, address and due date; the
acknowledgement email goes out from there. `journaled()` is what tracking shows for a number still
in the journal (being registered, or received but not registered).
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.core import intake as journal
from gongkai.core.models import IntakeEntry, IntakeState
from gongkai.organizations.models import Bureau

from . import services
from .models import Channel

KIND = "inquiry"


def _number(now: dt.datetime) -> str:
    return services.new_tracking_number(timezone.localdate(now))


def _dedup_keys(key: str, now: dt.datetime) -> list[str]:
    """The journal's duplicate keys of a message (fingerprint and day): today's and yesterday's."""
    today = timezone.localdate(now)
    return [f"{key}:{day:%Y%m%d}" for day in (today, today - dt.timedelta(days=1))]


def duplicate_error(number: str, received_at: dt.datetime) -> ValidationError:
    message = _(
        "You already sent this message on %(date)s (tracking number %(number)s). It was not sent again: "
        "follow it with that number."
    ) % {"date": timezone.localtime(received_at).strftime("%Y-%m-%d %H:%M"), "number": number}
    return ValidationError({"body": [ValidationError(message, code="duplicate")]})


def _check_duplicate(key: str, now: dt.datetime, token) -> None:
    stored = services.recent_duplicate(key, now)
    if stored is not None:
        raise duplicate_error(stored.tracking_number, stored.submitted_at)
    waiting = IntakeEntry.objects.filter(
        kind=KIND,
        dedup_key__in=_dedup_keys(key, now),
        state=IntakeState.PENDING,
        received_at__gte=now - services.DUPLICATE_WINDOW,
    )
    if token is not None:
        waiting = waiting.exclude(client_token=token)  # a retried POST is the same submission
    entry = waiting.first()
    if entry is not None:
        raise duplicate_error(entry.number, entry.received_at)


def acknowledge(
    *,
    bureau,
    name: str,
    contact: str,
    subject: str,
    body: str,
    topic=None,
    consent_publish: bool = False,
    client_token=None,
    ip: str | None = None,
    request=None,
    now: dt.datetime | None = None,
) -> tuple[IntakeEntry, bool]:
    """Validate a public inquiry and journal it; returns (entry, created): `entry.number` is the tracking
    number, `entry.payload["due_on"]` the answer date. Raises ValidationError (field -> errors; codes
    `duplicate`, `rate_limited`, …), storing nothing."""
    now = now or timezone.now()
    token = journal.parse_token(client_token)
    retried = journal.by_token(token) if token else None
    if retried is not None and retried.kind == KIND:
        return retried, False  # a retried POST: the same acknowledgement, never refused
    values = services.validate(
        bureau=bureau, name=name, contact=contact, subject=subject, body=body, topic=topic, channel=Channel.WEB
    )
    key = services.fingerprint_of(bureau, values)
    _check_duplicate(key, now, token)
    services.take_slot(ip, bureau=bureau, request=request)
    due_on = services.due_date(bureau, timezone.localdate(now))
    payload = {
        "bureau": bureau.pk,
        **values,
        "consent_publish": bool(consent_publish),
        "due_on": due_on.isoformat(),
    }
    try:
        entry, created = journal.accept(
            kind=KIND,
            new_number=_number,
            client_token=token,
            payload=payload,
            ip=ip,
            dedup_key=_dedup_keys(key, now)[0],
            now=now,
        )
    except journal.DuplicateEntry:
        services.give_back_slot(ip)
        first = IntakeEntry.objects.filter(kind=KIND, dedup_key=_dedup_keys(key, now)[0]).first()
        error = duplicate_error(first.number, first.received_at) if first else duplicate_error("", now)
        raise error from None
    except BaseException:
        services.give_back_slot(ip)
        raise
    if not created:
        services.give_back_slot(ip)  # a retried POST racing the first: the first one counted
    return entry, created


def due_on(entry: IntakeEntry) -> dt.date | None:
    value = (entry.payload or {}).get("due_on")
    return dt.date.fromisoformat(value) if value else None


def journaled(number: str) -> IntakeEntry | None:
    """The journal entry of an inquiry acknowledged under `number` and not (yet) stored, or None."""
    entry = journal.find(number)
    if entry is None or entry.kind != KIND or entry.state == IntakeState.DONE:
        return None
    return entry


def materialise(entry: IntakeEntry) -> int:
    """The worker: store the journaled inquiry (journal.register handler)."""
    payload = entry.payload
    bureau = Bureau.objects.filter(pk=payload["bureau"]).first()
    if bureau is None:
        raise ValidationError(_("This bureau does not take inquiries."), code="bureau_not_accepting")
    inquiry = services.submit_inquiry(
        bureau=bureau,
        name=payload["name"],
        contact=payload["contact"],
        subject=payload["subject"],
        body=payload["body"],
        topic=payload["topic"],
        consent_publish=payload["consent_publish"],
        channel=Channel.WEB,
        now=entry.received_at,
        tracking_number=entry.number,
        due_on=due_on(entry),
        ip=entry.ip,
    )
    return inquiry.pk
