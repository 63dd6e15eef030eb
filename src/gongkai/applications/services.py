"""Application progress: business systems create applications and report status events; applicants subscribe;
each event is pushed to every subscription by the worker (`tasks.deliver_push`), every attempt logged.

Writes come from a business system (`records.actors.SystemActor` with the applications:write scope, on its
own bureau only: codes `scope_missing`, `wrong_bureau`); the applicant subscribes on the look-up page
(`acting_user=None`). Every change is audited (`applications.<entity>.<verb>`) without the applicant's data.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.dispatch import Signal
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from gongkai.core import messaging
from gongkai.core.models import AuditResult
from gongkai.records.actors import SystemActor, record_audit
from gongkai.screening import pii
from gongkai.service_items.models import ServiceItem

from . import validation
from .constants import CODE_ALPHABET, CODE_LENGTH, PUSH_MAX_ATTEMPTS, SCOPE, Channel, PushStatus, Status
from .models import Application, ApplicationEvent, PushLog, Subscription, mask

# Sent inside the transaction with the ids of the pushes an event created; `tasks` enqueues them after the commit.
pushes_created = Signal()


class ApplicationNotFound(Exception):
    """No application of this number in the token's bureau (the API answers 404, code application_not_found)."""


def hash_code(raw: str) -> str:
    return hashlib.sha256((raw or "").strip().upper().encode("utf-8")).hexdigest()


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def _check_reporter(actor, bureau) -> None:
    if not (isinstance(actor, SystemActor) and actor.token.is_active and actor.token.has_scope(SCOPE)):
        raise PermissionDenied(_("A business-system token with the applications:write scope is required."))
    if actor.token.bureau_id != bureau.pk:
        error = PermissionDenied(_("This token belongs to another bureau."))
        error.code = "wrong_bureau"
        raise error


def _error(field: str, message: str, code: str) -> ValidationError:
    return ValidationError({field: ValidationError(message, code=code)})


def _contact(channel: str, to: str, field: str) -> str:
    if channel == Channel.EMAIL:
        to = (to or "").strip()
        if to:
            try:
                validate_email(to)
            except ValidationError as exc:
                raise _error(field, _("Enter a valid email address."), "invalid_email") from exc
        return to
    return validation.check_phone(to, field)


def _service_item(bureau, code: str) -> ServiceItem:
    item = ServiceItem.objects.filter(bureau=bureau, code=code).first()
    if item is not None:
        return item
    if ServiceItem.objects.filter(code=code).exists():
        raise _error("service_item", _("This service item belongs to another bureau."), "service_item_other_bureau")
    raise _error("service_item", _("The bureau has no service item with this code."), "service_item_not_found")


@transaction.atomic
def application_create(
    *,
    acting_user,
    bureau,
    number: str,
    service_item: str,
    applicant_email: str = "",
    applicant_phone: str = "",
    lookup_code: str | None = None,
    request=None,
) -> tuple[Application, str]:
    """Create an application of `bureau`; returns it and its look-up code (shown once, only its hash is kept).

    The applicant's email and phone, when given, are subscribed to the pushes of every status event.
    `lookup_code` is for the demo (a code it can print); the API always draws a new one."""
    _check_reporter(acting_user, bureau)
    number = validation.check_number(number)
    email = _contact(Channel.EMAIL, applicant_email, "applicant_email")
    phone = _contact(Channel.SMS, applicant_phone, "applicant_phone")
    item = _service_item(bureau, (service_item or "").strip())
    if Application.objects.filter(bureau=bureau, number=number).exists():
        raise _error("number", _("The bureau already has an application with this number."), "duplicate_number")
    code = (lookup_code or "").strip().upper() or new_code()
    try:
        with transaction.atomic():
            application = Application.objects.create(
                bureau=bureau,
                number=number,
                service_item=item,
                applicant_email=email,
                applicant_phone=phone,
                lookup_hash=hash_code(code),
                source_system=acting_user.token.name,
            )
    except IntegrityError as exc:  # the same number created concurrently
        raise _error(
            "number", _("The bureau already has an application with this number."), "duplicate_number"
        ) from exc
    for channel, to in ((Channel.EMAIL, email), (Channel.SMS, phone)):
        if to:
            Subscription.objects.create(application=application, channel=channel, to=to)
    record_audit(
        "applications.application.created",
        acting_user,
        instance=application,
        request=request,
        data={
            "number": number,
            "service_item": item.code,
            "subscriptions": [c for c, t in (("email", email), ("sms", phone)) if t],
        },
    )
    return application, code


def _screen_note(note: str) -> None:
    hits = pii.scan(note)
    if hits:
        raise _error(
            "note",
            _("The note contains personal data (%(kinds)s); leave it out.")
            % {"kinds": ", ".join(sorted({h.kind for h in hits}))},
            "pii_found",
        )


@transaction.atomic
def event_record(
    *,
    acting_user,
    bureau,
    number: str,
    status: str,
    occurred_at: dt.datetime,
    note: str = "",
    now: dt.datetime | None = None,
    request=None,
) -> ApplicationEvent:
    """Record a status event of the application `number` of `bureau` and queue a push to each subscription."""
    _check_reporter(acting_user, bureau)
    application = Application.objects.select_for_update().filter(bureau=bureau, number=number).first()
    if application is None:
        raise ApplicationNotFound(number)
    validation.check_status(status)
    validation.check_occurred_at(occurred_at, now=now or timezone.now())
    note = (note or "").strip()
    if len(note) > 1000:
        raise _error("note", _("Keep the note within 1,000 characters."), "note_too_long")
    _screen_note(note)
    event = ApplicationEvent.objects.create(application=application, status=status, note=note, occurred_at=occurred_at)
    later = application.events.filter(occurred_at__gt=occurred_at).exclude(pk=event.pk)
    latest = (
        status if not later.exists() else later.order_by("-occurred_at", "-id").values_list("status", flat=True).first()
    )
    if latest != application.status:
        application.status = latest
        application.save(update_fields=["status", "updated_at"])
    pushes = PushLog.objects.bulk_create(
        [
            PushLog(application=application, event=event, channel=sub.channel, to=sub.to)
            for sub in application.subscriptions.all()
        ]
    )
    record_audit(
        "applications.event.recorded",
        acting_user,
        instance=application,
        request=request,
        data={"number": number, "status": status, "occurred_at": occurred_at.isoformat(), "pushes": len(pushes)},
    )
    event.push_count = len(pushes)
    if pushes:
        ids = [p.pk for p in pushes]
        if None in ids:  # a backend that does not return the keys of a bulk insert
            ids = list(PushLog.objects.filter(event=event).values_list("pk", flat=True))
        pushes_created.send(sender=PushLog, push_ids=ids)
    return event


@transaction.atomic
def subscribe(*, application: Application, channel: str, to: str, acting_user=None, request=None) -> Subscription:
    """The applicant (having given the look-up code) asks for pushes by email or SMS; idempotent."""
    if channel not in Channel.values:
        raise _error("channel", _("Choose email or SMS."), "invalid_channel")
    to = _contact(channel, to, "to")
    if not to:
        raise _error("to", _("Enter where the pushes should go."), "required")
    subscription, created = Subscription.objects.get_or_create(application=application, channel=channel, to=to)
    if created:
        record_audit(
            "applications.subscription.created",
            acting_user,
            instance=application,
            request=request,
            data={"channel": channel, "to": mask(channel, to), "by": "applicant"},
        )
    return subscription


def push_text(event: ApplicationEvent) -> tuple[str, str]:
    """The subject and text of a push (in the site's default language)."""
    application = event.application
    with translation.override(settings.LANGUAGE_CODE):
        bureau = application.bureau.name
        subject = _("Application %(number)s: %(status)s") % {
            "number": application.number,
            "status": Status(event.status).label,
        }
        lines = [
            _("%(bureau)s: your application %(number)s (%(item)s) is now: %(status)s (%(at)s).")
            % {
                "bureau": bureau,
                "number": application.number,
                "item": application.service_item.name,
                "status": Status(event.status).label,
                "at": timezone.localtime(event.occurred_at).strftime("%Y-%m-%d %H:%M"),
            }
        ]
        if event.note:
            lines.append(event.note)
        url = settings.GONGKAI.get("PUBLIC_BASE_URL", "").rstrip("/") + reverse("applications:progress")
        lines.append(_("Look it up with your application number and look-up code: %(url)s") % {"url": url})
    return subject, "\n".join(lines)


def push_deliver(*, push_id: int) -> PushLog:
    """One attempt to deliver a push (the worker calls it); the log row says what happened. Never raises for
    a failed send: the row is `retrying` until PUSH_MAX_ATTEMPTS, then `failed`."""
    with transaction.atomic():
        push = (
            PushLog.objects.select_for_update()
            .select_related("event", "application__bureau", "application__service_item")
            .get(pk=push_id)
        )
        if push.status in (PushStatus.SENT, PushStatus.FAILED):
            return push
        push.attempts += 1
        push.save(update_fields=["attempts", "updated_at"])
    subject, text = push_text(push.event)
    try:
        if push.channel == Channel.EMAIL:
            messaging.deliver_email(push.to, subject, text)
        else:
            messaging.deliver_sms(push.to, subject + "\n" + text)
    except Exception as exc:  # noqa: BLE001 — any failure of a mail server or gateway is logged and retried
        push.error = f"{type(exc).__name__}: {exc}"[:1000].replace(push.to, push.to_masked)
        push.status = PushStatus.RETRYING if push.attempts < PUSH_MAX_ATTEMPTS else PushStatus.FAILED
        push.save(update_fields=["error", "status", "updated_at"])
        if push.status == PushStatus.FAILED:
            record_audit(
                "applications.push.failed",
                None,
                instance=push.application,
                data={"push": push.pk, "channel": push.channel, "to": push.to_masked, "attempts": push.attempts},
                result=AuditResult.FAILURE,
            )
        return push
    push.status = PushStatus.SENT
    push.sent_at = timezone.now()
    push.error = ""
    push.save(update_fields=["status", "sent_at", "error", "updated_at"])
    return push
