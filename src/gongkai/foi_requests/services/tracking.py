"""The applicant's access to a request: tracking number + a one-time code sent to their email or phone.

A code has 6 digits, is stored only as an HMAC (keyed with SECRET_KEY and the request's uuid), is valid
for 10 minutes and for 5 tries; a new code replaces the previous one. At most 5 codes per request per
hour, and at most GONGKAI["FOI_TRACKING_REQUESTS_PER_HOUR"] look-ups (a tracking number entered to ask
for a code) per client address per hour, counted in the shared atomic counter (core.ratelimit), so
nobody can probe tracking numbers or send codes in bulk. A verified code opens a tracking session: the request's uuid in the Django session for 30 minutes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from gongkai.accounts.services import is_applicant_account
from gongkai.core import audit, messaging
from gongkai.core import intake as journal
from gongkai.core.models import AuditResult, IntakeState
from gongkai.core.ratelimit import HourlyCounter

from ..models import FoiRequest, TrackingCode
from ..validation import is_mobile
from .intake import normalize_tracking_number

CODE_DIGITS = 6
CODE_VALID_FOR = dt.timedelta(minutes=10)
MAX_ATTEMPTS = 5
MAX_CODES_PER_HOUR = 5
SESSION_KEY = "foi_tracking"
SESSION_VALID_FOR = dt.timedelta(minutes=30)
VIA_EMAIL, VIA_PHONE = "email", "phone"


class TrackingError(ValidationError):
    def __init__(self, message, code: str, params=None):
        super().__init__(message, code=code, params=params)
        self.code = code


def _hash(foi: FoiRequest, code: str) -> str:
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, f"foi-tracking:{foi.uuid}:{code}".encode(), hashlib.sha256).hexdigest()


_lookups = HourlyCounter("foi:tracking")


def take_lookup_slot(ip: str | None) -> None:
    """Count one look-up from this client address (atomic, shared by every worker); refuse once over the
    hourly limit. Counted before the tracking number is read, so a refusal says nothing about it."""
    limit = int(settings.GONGKAI.get("FOI_TRACKING_REQUESTS_PER_HOUR") or 0)
    if not (ip and limit):
        return
    used = _lookups.count(ip)
    if used > limit:
        if used == limit + 1:  # audited once per address and hour, not once per refused attempt
            audit.record("foi_requests.tracking_code.throttled", result=AuditResult.FAILURE, data={"limit": limit})
        raise TrackingError(
            _("Too many tracking numbers were looked up from your network in the last hour; please try again later."),
            code="too_many_lookups",
        )


def find_request(tracking_number: str) -> FoiRequest:
    number = normalize_tracking_number(tracking_number)
    foi = FoiRequest.objects.select_related("bureau").filter(tracking_number=number).first() if number else None
    if foi is None:
        _raise_if_journaled(number)
        raise TrackingError(
            _("No request has this tracking number. Check it against your receipt or acknowledgement."),
            code="unknown_tracking_number",
        )
    return foi


def _raise_if_journaled(number: str) -> None:
    """A number acknowledged by the public form but not yet registered by the worker (core.intake)."""
    entry = journal.find(number)
    if entry is None:
        return
    if entry.state == IntakeState.FAILED:
        raise TrackingError(
            _(
                "The request with this number was received but could not be registered. Please contact the "
                "bureau's disclosure office with this number."
            ),
            code="not_registered",
        )
    raise TrackingError(
        _(
            "The request with this number was received on %(date)s and is being registered. Please try again "
            "in a few minutes."
        )
        % {"date": timezone.localtime(entry.received_at).strftime("%Y-%m-%d %H:%M")},
        code="being_registered",
    )


def destinations(foi: FoiRequest) -> dict[str, str]:
    """The ways a code can reach this applicant, masked: {"email": "ab***@x.cn", "phone": "138****8000"}."""
    found = {}
    if foi.email:
        found[VIA_EMAIL] = messaging.mask_email(foi.email)
    if foi.phone and is_mobile(foi.phone):
        found[VIA_PHONE] = messaging.mask_phone(foi.phone)
    return found


def issue_code(request: FoiRequest, via: str) -> str:
    """Send a new one-time code by `via` ("email" or "phone"); returns the masked destination."""
    foi = request
    available = destinations(foi)
    if via not in available:
        raise TrackingError(
            _("No email address or mobile number of that kind was given with this request; choose the other one."),
            code="no_destination",
        )
    now = timezone.now()
    with transaction.atomic():
        FoiRequest.objects.select_for_update().filter(pk=foi.pk).first()  # one issuer at a time per request
        recent = TrackingCode.objects.filter(request=foi, created_at__gte=now - dt.timedelta(hours=1)).count()
        if recent >= MAX_CODES_PER_HOUR:
            raise TrackingError(
                _("Too many codes were requested for this request in the last hour; please try again later."),
                code="too_many_codes",
            )
        code = f"{secrets.randbelow(10**CODE_DIGITS):0{CODE_DIGITS}d}"
        TrackingCode.objects.filter(request=foi, used_at__isnull=True, expires_at__gt=now).update(expires_at=now)
        TrackingCode.objects.create(
            request=foi, code_hash=_hash(foi, code), sent_to=available[via], expires_at=now + CODE_VALID_FOR
        )
    with translation.override(settings.LANGUAGE_CODE):
        params = {"code": code, "number": foi.tracking_number, "minutes": int(CODE_VALID_FOR.total_seconds() // 60)}
        if via == VIA_EMAIL:
            sent = messaging.send_email(
                foi.email,
                _("Code to follow your request %(number)s") % params,
                _(
                    "Your one-time code: %(code)s\n\nIt is valid for %(minutes)d minutes. If you did not ask for it, "
                    "ignore this message: nobody can see your request without the code."
                )
                % params,
            )
        else:
            sent = messaging.send_sms(
                foi.phone, _("Code for request %(number)s: %(code)s (valid %(minutes)d min).") % params
            )
    audit.record(
        "foi_requests.tracking_code.issued",
        instance=foi,
        result=AuditResult.SUCCESS if sent else AuditResult.FAILURE,
        data={"via": via, "sent_to": available[via]},
    )
    if not sent:
        raise TrackingError(_("The code could not be sent just now; please try again in a few minutes."), "send_failed")
    return available[via]


def verify_code(tracking_number: str, code: str) -> FoiRequest:
    """The request, if `code` is its current one-time code; TrackingError (with a clear message) otherwise."""
    foi = find_request(tracking_number)
    now = timezone.now()
    current = TrackingCode.objects.filter(request=foi, used_at__isnull=True).order_by("-created_at", "-pk").first()
    if current is None or current.expires_at <= now:
        raise TrackingError(_("This code has expired or was replaced; ask for a new code."), code="code_expired")
    if current.attempts >= MAX_ATTEMPTS:
        raise TrackingError(_("Too many wrong codes were entered; ask for a new code."), code="code_locked")
    entered = "".join((code or "").split())
    if not hmac.compare_digest(current.code_hash, _hash(foi, entered)):
        TrackingCode.objects.filter(pk=current.pk).update(attempts=F("attempts") + 1)
        left = MAX_ATTEMPTS - current.attempts - 1
        audit.record(
            "foi_requests.tracking_code.rejected", instance=foi, result=AuditResult.FAILURE, data={"left": left}
        )
        if left <= 0:
            raise TrackingError(_("Too many wrong codes were entered; ask for a new code."), code="code_locked")
        raise TrackingError(_("The code is not right. %(left)d tries left."), code="code_wrong", params={"left": left})
    # Used once: a concurrent second use of the same code finds it already used.
    if not TrackingCode.objects.filter(pk=current.pk, used_at__isnull=True).update(used_at=now):
        raise TrackingError(_("This code has expired or was replaced; ask for a new code."), code="code_expired")
    audit.record("foi_requests.tracking_code.verified", instance=foi)
    return foi


# --- the tracking session -----------------------------------------------------------------------


def open_session(http_request, foi: FoiRequest) -> None:
    sessions = _live_sessions(http_request)
    sessions[str(foi.uuid)] = (timezone.now() + SESSION_VALID_FOR).timestamp()
    http_request.session[SESSION_KEY] = sessions
    http_request.session.cycle_key()  # a new session id once the applicant is verified


def close_session(http_request, foi: FoiRequest) -> None:
    sessions = _live_sessions(http_request)
    sessions.pop(str(foi.uuid), None)
    http_request.session[SESSION_KEY] = sessions


def has_session(http_request, foi: FoiRequest) -> bool:
    """A verified one-time code in this browser session, or the applicant's own signed-in account."""
    user = getattr(http_request, "user", None)
    if foi.applicant_account_id and is_applicant_account(user) and foi.applicant_account_id == user.pk:
        return True
    return str(foi.uuid) in _live_sessions(http_request)


def link_to_account(foi: FoiRequest, user) -> bool:
    """After a verified code, a signed-in applicant's account lists the request (if no account has it yet)."""
    if not is_applicant_account(user) or foi.applicant_account_id:
        return False
    updated = FoiRequest.objects.filter(pk=foi.pk, applicant_account__isnull=True).update(applicant_account=user)
    foi.applicant_account = user if updated else foi.applicant_account
    return bool(updated)


def _live_sessions(http_request) -> dict[str, float]:
    now = timezone.now().timestamp()
    stored = http_request.session.get(SESSION_KEY) or {}
    return {key: until for key, until in stored.items() if isinstance(until, int | float) and until > now}
