"""Intake of FOI requests: the public form and staff entry of letters, faxes and in-person requests.

`submit_request()` is the one door. It validates (validation.py), creates the request in one
transaction with a random tracking number, writes the "submitted" event and an audit entry, and
only after the commit sends the applicant the acknowledgement (through the worker). A form carries
a `client_token`, so a double submit (or a retried POST) returns the first request. Public
submissions are rate-limited per client address (submission_limit.py); files are stored and audited
by uploads.py. One submission is one transaction of four inserts (request with its deadline fields,
event, audit entry, acknowledgement task): nothing else is read or written per request.

条例 Art. 31 decides the state and the receipt date by channel:
- internet, fax, unsigned post: `submitted`, no clock until staff confirm receipt with the applicant;
- in person: `received` on the day of submission;
- signed post: `received` on the day the bureau signed for it (`arrived_on`, required).
"""

from __future__ import annotations

import datetime as dt
import logging
import secrets
import uuid
from functools import partial
from types import SimpleNamespace

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.tasks import task
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gongkai.accounts import permissions
from gongkai.core import audit, messaging
from gongkai.organizations.models import BureauKind

from ..constants import PUBLIC_CHANNELS, Channel, State
from ..models import AttachmentRole, FoiRequest, RequestEvent
from ..rules import HANDLE_REQUEST
from ..validation import CheckedFile, check_files, is_mobile, validate_submission
from .deadline import start_clock
from .submission_limit import RateLimited, give_back_slot, take_slot  # noqa: F401 (RateLimited: callers)
from .uploads import attach_files

logger = logging.getLogger(__name__)

# Unambiguous characters only (no 0/O, 1/I/L): tracking numbers are read aloud and typed from paper.
TRACKING_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
TRACKING_RANDOM_LENGTH = 8
_CREATE_ATTEMPTS = 5
SUBMISSION_FIELDS = (
    "applicant_type",
    "applicant_name",
    "id_document_type",
    "id_document_number",
    "contact_person",
    "phone",
    "email",
    "postal_address",
    "postal_code",
    "description",
    "document_number_hint",
    "purpose",
    "delivery_form",
    "delivery_channel",
)


# Audit event names of intake and tracking, with their labels (registered in apps.ready).
AUDIT_ACTIONS = {
    "foi_requests.request.submitted": gettext_lazy("FOI request: submitted"),
    "foi_requests.tracking_code.issued": gettext_lazy("FOI request: tracking code sent"),
    "foi_requests.tracking_code.rejected": gettext_lazy("FOI request: wrong tracking code entered"),
    "foi_requests.tracking_code.throttled": gettext_lazy("FOI request: too many tracking look-ups from one address"),
    "foi_requests.tracking_code.verified": gettext_lazy("FOI request: applicant opened the tracking page"),
}


def register_audit_actions(actions) -> None:
    """The `register_log_actions` hook for intake and tracking events."""
    for action, label in AUDIT_ACTIONS.items():
        actions.register_action(action, label, label)


def new_tracking_number(on: dt.date) -> str:
    """F + yyyymmdd + 8 random characters, e.g. F20261128K7MQ2XWA (random: not guessable, no counter to lock)."""
    tail = "".join(secrets.choice(TRACKING_ALPHABET) for _ in range(TRACKING_RANDOM_LENGTH))
    return f"F{on:%Y%m%d}{tail}"


def normalize_tracking_number(value: str) -> str:
    return "".join((value or "").split()).upper().replace("-", "")


def _parse_token(client_token) -> uuid.UUID | None:
    if not client_token:
        return None
    if isinstance(client_token, uuid.UUID):
        return client_token
    try:
        return uuid.UUID(str(client_token))
    except ValueError:
        return None


# --- the receipt date (Art. 31) ----------------------------------------------------------------


def _receipt_date(channel: str, arrived_on: dt.date | None, today: dt.date) -> tuple[dt.date | None, dict]:
    errors: dict[str, list[ValidationError]] = {}
    if arrived_on and arrived_on > today:
        errors["arrived_on"] = [ValidationError(_("This date is in the future."), code="date_in_future")]
        return None, errors
    if channel == Channel.IN_PERSON:
        return arrived_on or today, errors  # Art. 31(1): the day it was handed in
    if channel == Channel.POST_SIGNED:
        if arrived_on is None:
            errors["arrived_on"] = [
                ValidationError(
                    _("Enter the day the bureau signed for the letter: it is the receipt date (Art. 31)."),
                    code="arrived_on_required",
                )
            ]
        return arrived_on, errors  # Art. 31(2): the day the bureau signed for it
    return None, errors  # Art. 31(3)(4): received when staff confirm it with the applicant


# --- submission --------------------------------------------------------------------------------


def _actor_label(bureau, acting_user) -> str:
    # As in services.steps: the register shows the bureau, never a staff member's name (the actor FK keeps who).
    return _("Applicant") if acting_user is None else bureau.name


def _create(
    *,
    bureau,
    cleaned,
    channel,
    token,
    acting_user,
    ip,
    arrived_on,
    received_on,
    checked,
    now,
    applicant_account=None,
    tracking_number=None,
) -> FoiRequest:
    today = timezone.localdate(now)
    state = State.RECEIVED if received_on else State.SUBMITTED
    foi = FoiRequest(
        tracking_number=tracking_number or new_tracking_number(today),
        client_token=token,
        bureau=bureau,
        state=state,
        channel=channel,
        submitted_at=now,
        arrived_on=arrived_on,
        received_on=received_on,
        submitter_ip=ip,
        applicant_account=applicant_account,
        **{field: cleaned[field] for field in SUBMISSION_FIELDS},
    )
    start_clock(foi, today)  # the deadline fields, set before the insert (no fact to read yet)
    foi.save(force_insert=True)
    attach_files(foi, checked, role=AttachmentRole.APPLICATION)
    RequestEvent.objects.create(
        request=foi,
        action="submitted",
        from_state="",
        to_state=state,
        at=now,
        on=received_on or today,
        actor=acting_user,
        actor_label=_actor_label(bureau, acting_user),
        public=True,
        data={"channel": channel, "attachments": len(checked)},
    )
    audit.record(
        "foi_requests.request.submitted",
        user=acting_user,
        instance=foi,
        request=SimpleNamespace(META={"REMOTE_ADDR": ip}) if ip else None,
        data={"channel": channel, "state": state, "received_on": received_on.isoformat() if received_on else None},
    )
    return foi


def submit_request(
    *,
    bureau,
    data,
    channel: str,
    client_token=None,
    acting_user=None,
    ip: str | None = None,
    arrived_on: dt.date | None = None,
    files=(),
    applicant_account=None,
    now: dt.datetime | None = None,
    acknowledge: bool = True,
    tracking_number: str | None = None,
    limit: bool = True,
) -> tuple[FoiRequest, bool]:
    """Create a request (or return the one this `client_token` already made); returns (request, created).

    `acting_user` None: a public submission (channel internet or kiosk, rate-limited by `ip`). Staff entering a
    letter, fax or in-person request pass themselves as `acting_user` (they need `foi_requests.handle_request`
    at the bureau) and, for post and fax, `arrived_on`. `files`: uploads or (name, bytes) pairs.
    `applicant_account`: the signed-in applicant's own account (optional), which lists the request.
    `now`: when it was submitted (default: now; a past time for requests entered afterwards, e.g. the demo).
    `acknowledge` False: no acknowledgement is sent (the demo's fictitious applicants).
    `tracking_number` and `limit` False: the intake journal's worker (public_intake.py), which
    registers a submission acknowledged and counted against the per-address limit at the POST.
    Raises ValidationError with an error dict (field -> errors, `attachments` for files) or RateLimited.
    """
    token = _parse_token(client_token)
    if token is not None:
        existing = FoiRequest.objects.filter(client_token=token).first()
        if existing is not None:
            return existing, False

    if acting_user is None:
        if channel not in PUBLIC_CHANNELS:
            raise ValidationError(
                {"channel": [ValidationError(_("Only staff can enter requests by this channel."), code="channel")]}
            )
        # The per-address limit is taken (atomically) once the submission is valid: one counter write.
    else:
        permissions.require(acting_user, HANDLE_REQUEST, FoiRequest(bureau=bureau))
    if not bureau.is_active or bureau.kind == BureauKind.REVIEW_OFFICE:
        raise ValidationError(_("This bureau does not accept requests."), code="bureau_not_accepting")

    now = now or timezone.now()
    errors: dict[str, list] = {}
    cleaned = {}
    try:
        cleaned = validate_submission(data, channel=channel)
    except ValidationError as exc:
        errors.update(exc.error_dict)
    received_on, date_errors = _receipt_date(channel, arrived_on, timezone.localdate(now))
    errors.update(date_errors)
    checked: list[CheckedFile] = []
    try:
        checked = check_files(files)
    except ValidationError as exc:
        errors.update(exc.error_dict)
    if errors:
        raise ValidationError(errors)

    limited = acting_user is None and limit
    if limited:
        take_slot(ip)
    for attempt in range(_CREATE_ATTEMPTS):
        try:
            with transaction.atomic():
                foi = _create(
                    bureau=bureau,
                    cleaned=cleaned,
                    channel=channel,
                    token=token,
                    acting_user=acting_user,
                    ip=ip,
                    arrived_on=arrived_on,
                    received_on=received_on,
                    checked=checked,
                    now=now,
                    applicant_account=applicant_account,
                    tracking_number=tracking_number,
                )
                queued_with_request = _enqueue_in_transaction(foi.pk) if acknowledge else True
        except IntegrityError:
            # The same token committed by a concurrent submit, or (1 in 10^12) a tracking number taken.
            existing = FoiRequest.objects.filter(client_token=token).first() if token else None
            if existing is not None or attempt == _CREATE_ATTEMPTS - 1 or tracking_number:
                if limited:
                    give_back_slot(ip)
                if existing is not None:
                    return existing, False
                raise
            continue
        except BaseException:
            if limited:
                give_back_slot(ip)
            raise
        break

    if not queued_with_request:
        transaction.on_commit(partial(_enqueue_acknowledgement, foi.pk))
    return foi, True


# --- the acknowledgement to the applicant (after commit, by the worker) -------------------------


def track_url() -> str:
    with translation.override(settings.LANGUAGE_CODE):
        path = reverse("foi:track")
    return settings.GONGKAI["PUBLIC_BASE_URL"].rstrip("/") + path


def _enqueue_in_transaction(pk: int) -> bool:
    """With the database task queue, queue the acknowledgement in the request's own transaction, so a
    crash right after the commit cannot lose it (the queue row commits with the request). A failure
    to queue rolls back only its savepoint, never the request. Other backends queue after commit."""
    from django_tasks_db.backend import DatabaseBackend

    if not isinstance(send_acknowledgement.get_backend(), DatabaseBackend):
        return False
    try:
        with transaction.atomic():
            send_acknowledgement.enqueue(pk)
    except Exception:
        logger.exception("Could not enqueue the acknowledgement of FOI request %s", pk)
        return False
    return True


def _enqueue_acknowledgement(pk: int) -> None:
    try:
        send_acknowledgement.enqueue(pk)
    except Exception:
        logger.exception("Could not enqueue the acknowledgement of FOI request %s", pk)


@task
def send_acknowledgement(pk: int) -> dict:
    """Tell the applicant the tracking number by email and/or SMS. Returns what went out."""
    foi = FoiRequest.objects.select_related("bureau").filter(pk=pk).first()
    if foi is None:
        return {}
    with translation.override(settings.LANGUAGE_CODE):
        params = {
            "number": foi.tracking_number,
            "bureau": foi.bureau.name,
            "date": timezone.localtime(foi.submitted_at).strftime("%Y-%m-%d"),
            "url": track_url(),
        }
        sent = {}
        if foi.email:
            subject = _("Your request for government information %(number)s") % params
            body = (
                _(
                    "Your request for government information to %(bureau)s was submitted on %(date)s.\n\n"
                    "Tracking number: %(number)s\n\n"
                    "Follow it at %(url)s with the tracking number and a one-time code sent to this "
                    "email address or your phone."
                )
                % params
            )
            if foi.state == State.SUBMITTED:
                body += "\n\n" + _(
                    "The bureau will confirm receipt with you; the time limit for the answer runs from the "
                    "date of that confirmation (Art. 31 of the Regulations on Government Information Disclosure)."
                )
            sent["email"] = messaging.send_email(foi.email, subject, body)
        if foi.phone and is_mobile(foi.phone):
            text = _("Your request to %(bureau)s was submitted. Tracking number %(number)s. Track it: %(url)s") % params
            sent["sms"] = messaging.send_sms(foi.phone, text)
    return sent
