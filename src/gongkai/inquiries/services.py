"""Use cases of public inquiries: submit, answer, submit the answer, approve (and publish) or return it,
mark a message as not valid, set a bureau's answer time.

`submit_inquiry` is the one door for every channel (the public form, the kiosk): it neutralises the text,
refuses floods (per-address hourly limit, `gongkai.core.ratelimit`) and returns the existing inquiry for a
repeated post (same bureau, contact and message within a day: `inquiry.duplicate` is True). The inquiry is
written in one transaction; the acknowledgement (tracking number) is shown and mailed only after the commit,
so an acknowledged inquiry is never lost. The answer reaches the public only through `answer_approve`: a
reviewer or the leader of the bureau who neither wrote nor submitted it (four eyes) records the
confidentiality check, and the personal-data screen runs on every published field. Every step is audited
as `inquiries.inquiry.<verb>`.
"""

from __future__ import annotations

import datetime as dt
import re
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from gongkai.accounts import permissions, review_steps
from gongkai.core import audit
from gongkai.core.ratelimit import HourlyCounter
from gongkai.core.request_context import client_ip
from gongkai.organizations.models import BureauKind
from gongkai.screening import pii
from gongkai.workdays.services import calendar_for

from . import text
from .models import OPEN_STATUSES, Channel, Inquiry, InquiryPolicy, InquiryStatus, Topic
from .rules import ANSWER_INQUIRY, APPROVE_ANSWER, SET_POLICY
from .text import contact_email

NUMBER_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"  # no 0/O, 1/I/L: read aloud, typed from paper
DUPLICATE_WINDOW = dt.timedelta(hours=24)
MAX_LINKS = 3
LIMITS = {"name": 100, "contact": 200, "subject": 200, "body": 5000}
PUBLISHED_FIELDS = ("public_subject", "public_body", "answer_text")
_PHONE = re.compile(r"^\+?[0-9][0-9 -]{6,19}$")

_submissions = HourlyCounter("inquiries:submissions")


class RateLimited(ValidationError):
    def __init__(self):
        super().__init__(
            _("Too many messages have been sent from your network in the last hour. Please try again later."),
            code="rate_limited",
        )


class InquiryHasPersonalData(ValidationError):
    def __init__(self, hits: list[tuple[str, str]]):
        self.hits = hits
        places = "; ".join(f"{field}: {masked}" for field, masked in hits[:10])
        super().__init__(
            _("Personal data was found in what would be published (%(places)s). Remove it before publishing."),
            code="pii_found",
            params={"places": places},
        )


def default_answer_days() -> int:
    return int(settings.GONGKAI.get("INQUIRY_ANSWER_WORKING_DAYS") or 10)


def answer_days(bureau) -> int:
    """The bureau's answer time in working days: its own setting, else the platform's."""
    policy = InquiryPolicy.objects.filter(bureau=bureau).values_list("answer_working_days", flat=True).first()
    return policy or default_answer_days()


def _limit() -> int:
    return int(settings.GONGKAI.get("INQUIRY_SUBMISSIONS_PER_HOUR") or 0)


def new_tracking_number(on: dt.date) -> str:
    """Z + yyyymmdd + 8 random characters (咨询), e.g. Z20261206K7MQ2XWA."""
    return f"Z{on:%Y%m%d}" + "".join(secrets.choice(NUMBER_ALPHABET) for _ in range(8))


def normalize_tracking_number(value: str) -> str:
    return "".join((value or "").split()).upper().replace("-", "")


def _clean(*, name, contact, subject, body, topic, channel) -> dict:
    errors: dict[str, list[ValidationError]] = {}
    values = {
        "name": text.neutralise(name, multiline=False),
        "contact": text.neutralise(contact, multiline=False),
        "subject": text.neutralise(subject, multiline=False),
        "body": text.neutralise(body),
    }
    labels = {"name": _("Name"), "contact": _("Contact"), "subject": _("Subject"), "body": _("Message")}
    for field, value in values.items():
        if not value:
            errors[field] = [ValidationError(_("%(field)s is required.") % {"field": labels[field]}, code="required")]
        elif len(value) > LIMITS[field]:
            errors[field] = [ValidationError(_("At most %(n)d characters.") % {"n": LIMITS[field]}, code="too_long")]
    contact = values["contact"]
    if contact and "contact" not in errors and not contact_email(contact) and not _PHONE.match(contact):
        errors["contact"] = [ValidationError(_("Give a phone number or an email address."), code="invalid_contact")]
    if text.link_count(subject) + text.link_count(body) > MAX_LINKS:
        errors.setdefault("body", []).append(
            ValidationError(_("The message carries too many links."), code="too_many_links")
        )
    if topic not in Topic.values:
        errors["topic"] = [ValidationError(_("Choose a topic."), code="invalid_topic")]
    if channel not in Channel.values:
        errors["channel"] = [ValidationError(_("Unknown channel."), code="invalid_channel")]
    if errors:
        raise ValidationError(errors)
    return values


def check_bureau(bureau) -> None:
    if not bureau.is_active or bureau.kind == BureauKind.REVIEW_OFFICE:
        raise ValidationError(_("This bureau does not take inquiries."), code="bureau_not_accepting")


def validate(*, bureau, name: str, contact: str, subject: str, body: str, topic=None, channel: str = "web") -> dict:
    """The neutralised fields of a submission (with its topic); ValidationError (field -> errors) otherwise."""
    topic = topic or Topic.OTHER
    check_bureau(bureau)
    values = _clean(name=name, contact=contact, subject=subject, body=body, topic=topic, channel=channel)
    return {**values, "topic": topic}


def fingerprint_of(bureau, values: dict) -> str:
    return text.fingerprint(str(bureau.pk), values["contact"], values["subject"], values["body"])


def recent_duplicate(key: str, now: dt.datetime) -> Inquiry | None:
    """The inquiry with this fingerprint received within `DUPLICATE_WINDOW` before `now`, if any."""
    return Inquiry.objects.filter(fingerprint=key, submitted_at__gte=now - DUPLICATE_WINDOW).first()


def take_slot(ip: str | None, *, bureau, request=None) -> None:
    """Count one web submission from `ip` against the hourly limit; RateLimited (audited) once over."""
    if ip and not _submissions.acquire(ip, _limit()):
        _submissions.release(ip)
        audit.record("inquiries.inquiry.rate_limited", request=request, result="failure", bureau_code=bureau.code)
        raise RateLimited()


def give_back_slot(ip: str | None) -> None:
    if ip:
        _submissions.release(ip)


def due_date(bureau, received: dt.date) -> dt.date:
    """The answer limit of an inquiry received on `received` (the bureau's working days)."""
    return calendar_for().add_working_days(received, answer_days(bureau)).date


def submit_inquiry(
    *,
    bureau,
    name: str,
    contact: str,
    subject: str,
    body: str,
    topic=None,
    consent_publish: bool = False,
    channel: str = "web",
    request=None,
    now: dt.datetime | None = None,
    acknowledge: bool = True,
    tracking_number: str | None = None,
    due_on: dt.date | None = None,
    ip: str | None = None,
) -> Inquiry:
    """Store a citizen's inquiry to `bureau` and return it (or the same message posted within a day:
    `duplicate` True). Raises ValidationError (a field -> errors dict, stable codes) or RateLimited.

    `channel` "web" is rate-limited per client address of `request`; a kiosk ("kiosk") is a shared
    device in a service hall and is not. `now` (demo, imports): when it was received. `acknowledge`
    False: no acknowledgement email (the demo's fictitious askers). `tracking_number` (with `due_on` and
    `ip`): the intake journal's worker (`public_intake`), which already checked duplicates and the limit
    and acknowledged that number and due date."""
    values = validate(
        bureau=bureau, name=name, contact=contact, subject=subject, body=body, topic=topic, channel=channel
    )
    topic = values.pop("topic")
    now = now or timezone.now()
    key = fingerprint_of(bureau, values)
    journaled = tracking_number is not None
    if not journaled:
        existing = recent_duplicate(key, now)
        if existing is not None:
            existing.duplicate = True
            return existing
        ip = client_ip(request)
        if channel == Channel.WEB:
            take_slot(ip, bureau=bureau, request=request)
    today = timezone.localdate(now)
    due_on = due_on or due_date(bureau, today)
    for attempt in range(5):
        try:
            with transaction.atomic():
                inquiry = Inquiry.objects.create(
                    tracking_number=tracking_number or new_tracking_number(today),
                    bureau=bureau,
                    channel=channel,
                    topic=topic,
                    consent_publish=bool(consent_publish),
                    fingerprint=key,
                    submitted_at=now,
                    submitter_ip=ip,
                    due_on=due_on,
                    public_subject=values["subject"],
                    public_body=values["body"],
                    publish=bool(consent_publish),
                    **values,
                )
                audit.record(
                    "inquiries.inquiry.submitted",
                    instance=inquiry,
                    request=request,
                    data={"channel": channel, "due_on": due_on.isoformat(), "journaled": journaled},
                )
                if acknowledge and contact_email(inquiry.contact):
                    from .tasks import send_acknowledgement

                    pk = inquiry.pk
                    transaction.on_commit(lambda pk=pk: send_acknowledgement.enqueue(pk))
        except IntegrityError:
            if attempt == 4 or journaled:
                raise
            continue
        inquiry.duplicate = False
        return inquiry
    raise AssertionError("unreachable")


def _locked(inquiry: Inquiry) -> Inquiry:
    return Inquiry.objects.select_for_update().select_related("bureau").get(pk=inquiry.pk)


def screen(inquiry: Inquiry) -> list[tuple[str, str]]:
    """The personal data in what would be published: (field, masked value)."""
    return [(field, hit.masked) for field in PUBLISHED_FIELDS for hit in pii.scan(getattr(inquiry, field) or "")]


def require_clean(inquiry: Inquiry) -> None:
    """Only what reaches the public is screened (the answer alone goes to the asker)."""
    hits = screen(inquiry) if inquiry.publish else []
    if hits:
        raise InquiryHasPersonalData(hits)


@transaction.atomic
def answer_save(
    *,
    inquiry: Inquiry,
    answer_text: str,
    public_subject: str | None = None,
    public_body: str | None = None,
    publish: bool | None = None,
    acting_user,
    request=None,
) -> Inquiry:
    """Write (or change) the answer and what would be published; a submitted answer goes back to draft."""
    inquiry = _locked(inquiry)
    permissions.require(acting_user, ANSWER_INQUIRY, inquiry)
    if inquiry.status in (InquiryStatus.ANSWERED, InquiryStatus.INVALID):
        raise ValidationError(_("This inquiry is closed."), code="closed")
    inquiry.answer_text = (answer_text or "").strip()
    if public_subject is not None:
        inquiry.public_subject = text.neutralise(public_subject, multiline=False)[:200]
    if public_body is not None:
        inquiry.public_body = text.neutralise(public_body)
    if publish is not None:
        if publish and not inquiry.consent_publish:
            raise ValidationError(
                {"publish": ValidationError(_("The asker did not consent to publication."), code="no_consent")}
            )
        inquiry.publish = publish
    inquiry.answered_by = acting_user
    inquiry.status = InquiryStatus.RECEIVED
    inquiry.answer_submitted_by, inquiry.answer_submitted_at = None, None
    inquiry.save()
    audit.record("inquiries.inquiry.answer_saved", user=acting_user, instance=inquiry, request=request)
    return inquiry


def _check_answer(inquiry: Inquiry) -> None:
    if not inquiry.answer_text:
        raise ValidationError({"answer_text": ValidationError(_("Write the answer first."), code="required")})
    require_clean(inquiry)


def answer_authors(inquiry: Inquiry) -> list:
    return [inquiry.answered_by_id, inquiry.answer_submitted_by_id]


REVIEW = review_steps.Review(
    change=ANSWER_INQUIRY,
    approve=APPROVE_ANSWER,
    draft=InquiryStatus.RECEIVED,
    submitted=InquiryStatus.ANSWER_SUBMITTED,
    authors=answer_authors,
    submitted_event="inquiries.inquiry.answer_submitted",
    published_event="inquiries.inquiry.answered",
    returned_event="inquiries.inquiry.answer_returned",
    not_draft=gettext_noop("Only an unanswered inquiry's answer can be submitted."),
    not_submitted=gettext_noop("Only a submitted answer can be approved."),
    not_returnable=gettext_noop("Only a submitted answer can be returned."),
    reason_required=gettext_noop("Say why the answer is returned."),
    not_draft_code="not_open",
    submitted_by="answer_submitted_by",
    submitted_at="answer_submitted_at",
    related=("bureau",),
)


@transaction.atomic
def answer_submit(*, inquiry: Inquiry, acting_user, request=None) -> Inquiry:
    return review_steps.submit_for_review(
        REVIEW, inquiry, acting_user=acting_user, check=_check_answer, request=request
    )


def may_approve(user, inquiry: Inquiry) -> bool:
    return review_steps.may_approve(REVIEW, user, inquiry)


@transaction.atomic
def answer_approve(
    *,
    inquiry: Inquiry,
    acting_user,
    confidentiality_result: str,
    notes: str = "",
    request=None,
    now: dt.datetime | None = None,
) -> Inquiry:
    """Approve the submitted answer: the inquiry is answered, and published when the asker consented and
    staff chose to publish it. The asker is told by email (when the contact is one)."""

    def publish(inquiry: Inquiry, _checked) -> dict:
        at = now or timezone.now()
        inquiry.status = InquiryStatus.ANSWERED
        inquiry.approved_by, inquiry.answered_at = acting_user, at
        inquiry.published_at = at if (inquiry.publish and inquiry.consent_publish) else None
        inquiry.save()
        if contact_email(inquiry.contact):
            from .tasks import send_answer

            pk = inquiry.pk
            transaction.on_commit(lambda: send_answer.enqueue(pk))
        return {"published": inquiry.published_at is not None, "late": timezone.localdate(at) > inquiry.due_on}

    return review_steps.approve(
        REVIEW,
        inquiry,
        acting_user=acting_user,
        confidentiality_result=confidentiality_result,
        notes=notes,
        check=require_clean,
        publish=publish,
        request=request,
    )


@transaction.atomic
def answer_return(*, inquiry: Inquiry, acting_user, reason: str, request=None) -> Inquiry:
    return review_steps.return_for_changes(REVIEW, inquiry, acting_user=acting_user, reason=reason, request=request)


@transaction.atomic
def mark_invalid(*, inquiry: Inquiry, acting_user, reason: str, request=None) -> Inquiry:
    """Not a valid message (advertising, abuse, empty): it leaves the unanswered counts, stays stored."""
    inquiry = _locked(inquiry)
    permissions.require(acting_user, APPROVE_ANSWER, inquiry)
    if inquiry.status not in OPEN_STATUSES:
        raise ValidationError(_("This inquiry is closed."), code="closed")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Say why the message is not valid."), code="reason_required")
    inquiry.status, inquiry.invalid_reason = InquiryStatus.INVALID, reason[:300]
    inquiry.save(update_fields=["status", "invalid_reason", "updated_at"])
    audit.record(
        "inquiries.inquiry.invalidated", user=acting_user, instance=inquiry, request=request, data={"reason": reason}
    )
    return inquiry


@transaction.atomic
def policy_set(*, bureau, answer_working_days: int | None, acting_user, request=None) -> int:
    """Set the bureau's answer time (None: back to the platform default); returns the time in force.
    Inquiries already received keep their due date."""
    permissions.require(acting_user, SET_POLICY, bureau)
    if answer_working_days is None:
        InquiryPolicy.objects.filter(bureau=bureau).delete()
    else:
        if not 1 <= int(answer_working_days) <= 60:
            raise ValidationError(_("Between 1 and 60 working days."), code="invalid_days")
        InquiryPolicy.objects.update_or_create(bureau=bureau, defaults={"answer_working_days": answer_working_days})
    audit.record(
        "inquiries.policy.changed",
        user=acting_user,
        bureau_code=bureau.code,
        request=request,
        data={"answer_working_days": answer_working_days},
    )
    return answer_days(bureau)
