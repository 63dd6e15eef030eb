"""The public's comments on a consultation: submission, moderation, classification, export.

Submission (`comment_submit`) is idempotent per `client_token` (a retried POST returns the comment it
made) and acknowledged only after the commit, so an acknowledged comment is never lost. Before anything
is stored: the consultation must be published and open; the text is checked (length, control characters
removed); an identical comment on the same consultation is refused (duplicate detection, also enforced by
a unique constraint); an attachment must be small and of a readable type; each address may send
`PARTICIPATION_COMMENTS_PER_HOUR` comments per hour (`core.ratelimit`, taken only once the comment is
valid). Links and markup are never rendered (the pages escape the text and make no links) and a comment
containing them, or personal data, waits for moderation even under post-moderation. Name and contact are
for the bureau only and are never published.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import re
import secrets
import unicodedata
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.accounts import permissions
from gongkai.core import audit
from gongkai.core.intake import Slot
from gongkai.core.ratelimit import HourlyCounter
from gongkai.screening import pii
from gongkai.screening.extract import ExtractionError, extract

from .. import models
from ..actions import MODERATE, VIEW
from .consultations import phase

MAX_BODY = 5000
MAX_NAME = 100
MAX_CONTACT = 200
MAX_ATTACHMENT_BYTES = 5 * 1024 * 1024
ATTACHMENT_TYPES = (".pdf", ".docx", ".doc", ".txt", ".jpg", ".jpeg", ".png")
_LINK = re.compile(r"(https?://|ftp://|www\.|javascript:|<\s*/?\s*(script|a|iframe|img|style)\b|\bon\w+\s*=)", re.I)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")

_counter = HourlyCounter("participation:comments")


class RateLimited(ValidationError):
    def __init__(self):
        super().__init__(
            _(
                "Too many comments have been sent from your network in the last hour. Nothing was saved: "
                "please send your comment again later, or use one of the other channels listed."
            ),
            code="rate_limited",
        )


def _limit() -> int:
    return int(settings.GONGKAI.get("PARTICIPATION_COMMENTS_PER_HOUR") or 0)


def slot(ip: str | None) -> Slot:
    """This comment's place in the hourly limit, counted with its journal entry (core.intake.accept)."""
    return Slot(_counter, ip, _limit())


def take_slot(ip: str | None) -> None:
    """Count one comment from `ip` against the hourly limit; RateLimited once over."""
    if ip and not _counter.acquire(ip, _limit()):
        raise RateLimited()


def give_back_slot(ip: str | None) -> None:
    if ip and _limit():  # take_slot counted nothing without a limit
        _counter.release(ip)


def clean_text(text: str) -> str:
    """Control characters and bidirectional overrides removed, line ends normalised, trimmed."""
    return _CONTROL.sub("", (text or "").replace("\r\n", "\n").replace("\r", "\n")).strip()


def body_hash(consultation_id: int, body: str) -> str:
    folded = re.sub(r"\s+", "", unicodedata.normalize("NFKC", body)).casefold()
    return hashlib.sha256(f"{consultation_id}:{folded}".encode()).hexdigest()


def hold_reason(body: str) -> str:
    """Why a comment must wait for a moderator whatever the consultation's moderation (empty: none)."""
    if _LINK.search(body):
        return _("contains links or markup")
    if pii.scan(body):
        return _("contains personal data")
    return ""


def _attachment(attachment) -> tuple[str, bytes] | None:
    if attachment is None:
        return None
    if isinstance(attachment, tuple):
        name, data = attachment
    else:
        if attachment.size > MAX_ATTACHMENT_BYTES:
            raise ValidationError({"attachment": ValidationError(_too_large(), code="too_large")})
        name, data = attachment.name, attachment.read()
    name = clean_text(name)[-150:] or "attachment"
    if len(data) > MAX_ATTACHMENT_BYTES:
        raise ValidationError({"attachment": ValidationError(_too_large(), code="too_large")})
    if not name.lower().endswith(ATTACHMENT_TYPES):
        raise ValidationError(
            {
                "attachment": ValidationError(
                    _("Attach a file of one of these types: %(types)s"),
                    code="unsupported_type",
                    params={"types": " ".join(ATTACHMENT_TYPES)},
                )
            }
        )
    try:
        extract(data, name, max_bytes=MAX_ATTACHMENT_BYTES)
    except ExtractionError as exc:
        raise ValidationError({"attachment": ValidationError(exc.message, code=exc.code)}) from exc
    return name, data


def _too_large() -> str:
    return _("The attachment is larger than %(mb)s MB. Nothing was saved: attach a smaller file.") % {
        "mb": MAX_ATTACHMENT_BYTES // (1024 * 1024)
    }


def validate(*, consultation, body: str, name: str = "", contact: str = "", today: dt.date | None = None) -> dict:
    """The cleaned fields, or a ValidationError with an error dict (field -> errors)."""
    errors: dict[str, list] = {}
    if consultation.published_at is None or phase(consultation, today) != "open":
        raise ValidationError(_("This consultation is not open for comments."), code="not_open")
    body, name, contact = clean_text(body), clean_text(name), clean_text(contact)
    if not body:
        errors["body"] = [ValidationError(_("Write your comment."), code="required")]
    elif len(body) > MAX_BODY:
        errors["body"] = [
            ValidationError(_("A comment has at most %(n)s characters."), code="too_long", params={"n": MAX_BODY})
        ]
    if len(name) > MAX_NAME:
        errors["name"] = [ValidationError(_("At most %(n)s characters."), code="too_long", params={"n": MAX_NAME})]
    if len(contact) > MAX_CONTACT:
        errors["contact"] = [
            ValidationError(_("At most %(n)s characters."), code="too_long", params={"n": MAX_CONTACT})
        ]
    if errors:
        raise ValidationError(errors)
    return {"body": body, "name": name, "contact": contact}


def duplicate_error() -> ValidationError:
    return ValidationError(
        {
            "body": [
                ValidationError(
                    _("The same comment has already been received for this consultation."), code="duplicate"
                )
            ]
        }
    )


def new_number(now: dt.datetime) -> str:
    return f"C{timezone.localtime(now):%Y%m%d}{secrets.token_hex(4).upper()}"


def _parse_token(token) -> uuid.UUID:
    try:
        return token if isinstance(token, uuid.UUID) else uuid.UUID(str(token))
    except (TypeError, ValueError):
        return uuid.uuid4()


def comment_submit(
    *,
    consultation,
    body: str,
    name: str = "",
    contact: str = "",
    attachment=None,
    client_token=None,
    ip: str | None = None,
    now: dt.datetime | None = None,
    number: str | None = None,
) -> tuple[models.Comment, bool]:
    """Store a public comment; returns (comment, created). A known `client_token` returns its comment.

    `number` and `now`: the intake journal's worker (comment_intake.py) registering a comment acknowledged
    at the POST (its receipt number and time; `ip` None: the limit was counted at the POST)."""
    token = _parse_token(client_token)
    existing = models.Comment.objects.filter(client_token=token).first()
    if existing is not None:
        return existing, False
    now = now or timezone.now()
    cleaned = validate(consultation=consultation, body=body, name=name, contact=contact, today=timezone.localdate(now))
    digest = body_hash(consultation.pk, cleaned["body"])
    if models.Comment.objects.filter(consultation=consultation, body_hash=digest).exists():
        raise duplicate_error()
    upload = _attachment(attachment)
    take_slot(ip)
    reason = hold_reason(cleaned["body"])
    if not reason and consultation.moderation == models.Moderation.PRE:
        state = models.CommentState.PENDING
    else:
        state = models.CommentState.PENDING if reason else models.CommentState.PUBLISHED
    try:
        with transaction.atomic():
            comment = models.Comment(
                consultation=consultation,
                number=number or new_number(now),
                client_token=token,
                body_hash=digest,
                state=state,
                hold_reason=reason,
                attachment_name=upload[0] if upload else "",
                **cleaned,
            )
            if upload:
                comment.attachment.save(upload[0], ContentFile(upload[1]), save=False)
            comment.save(force_insert=True)
            if number:  # received at the journal's time, not the worker's
                models.Comment.objects.filter(pk=comment.pk).update(created_at=now)
                comment.created_at = now
            audit.record(
                "participation.comment.received",
                instance=comment,
                data={"consultation": consultation.pk, "state": state, "hold_reason": reason},
            )
    except IntegrityError:
        give_back_slot(ip)
        existing = models.Comment.objects.filter(client_token=token).first()
        if existing is not None:
            return existing, False
        raise duplicate_error() from None
    return comment, True


def counts(consultation) -> dict:
    """What the public page and the API show: received, published, awaiting moderation, held back."""
    rows = dict(models.Comment.objects.filter(consultation=consultation).values_list("state").annotate(n=Count("pk")))
    published = rows.get(models.CommentState.PUBLISHED, 0)
    pending = rows.get(models.CommentState.PENDING, 0)
    held = rows.get(models.CommentState.HELD, 0)
    return {"received": published + pending + held, "published": published, "pending": pending, "held": held}


@transaction.atomic
def comment_moderate(*, comment, publish: bool, acting_user, request=None):
    comment = models.Comment.objects.select_for_update().select_related("consultation__bureau").get(pk=comment.pk)
    permissions.require(acting_user, MODERATE, comment)
    state = models.CommentState.PUBLISHED if publish else models.CommentState.HELD
    before = comment.state
    comment.state, comment.moderated_by, comment.moderated_at = state, acting_user, timezone.now()
    comment.save(update_fields=["state", "moderated_by", "moderated_at"])
    audit.record(
        "participation.comment.moderated",
        user=acting_user,
        instance=comment,
        request=request,
        data={"before": before, "after": state},
    )
    return comment


@transaction.atomic
def comment_classify(*, comment, theme: str, adoption: str, reason: str = "", acting_user, request=None):
    """The bureau's answer to one comment: its theme and whether it was adopted (with the reason when not)."""
    comment = models.Comment.objects.select_for_update().select_related("consultation__bureau").get(pk=comment.pk)
    permissions.require(acting_user, MODERATE, comment)
    if adoption not in models.Adoption.values:
        raise ValidationError({"adoption": ValidationError(_("Choose whether it was adopted."), code="invalid")})
    reason = clean_text(reason)
    if adoption == models.Adoption.NOT_ADOPTED and not reason:
        raise ValidationError(
            {"adoption_reason": ValidationError(_("Say why it was not adopted."), code="reason_required")}
        )
    comment.theme, comment.adoption, comment.adoption_reason = clean_text(theme)[:100], adoption, reason
    comment.save(update_fields=["theme", "adoption", "adoption_reason"])
    audit.record(
        "participation.comment.classified",
        user=acting_user,
        instance=comment,
        request=request,
        data={"theme": comment.theme, "adoption": adoption},
    )
    return comment


def _cell(value) -> str:
    """Text for a spreadsheet cell: a leading = + - @ would make a formula (CSV/XLSX injection)."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t") else text


def comments_xlsx(*, consultation, acting_user, request=None) -> bytes:
    """Every comment of the consultation (with the unpublished name and contact) as an XLSX workbook."""
    from openpyxl import Workbook

    permissions.require(acting_user, VIEW, consultation)
    book = Workbook()
    sheet = book.active
    sheet.title = "comments"
    sheet.append(
        [
            _("Receipt number"),
            _("Received at"),
            _("State"),
            _("Comment"),
            _("Name (not published)"),
            _("Contact (not published)"),
            _("Attachment"),
            _("Theme"),
            _("Adoption"),
            _("Reason"),
        ]
    )
    for c in consultation.comments.order_by("created_at", "pk"):
        sheet.append(
            [
                _cell(x)
                for x in (
                    c.number,
                    timezone.localtime(c.created_at).strftime("%Y-%m-%d %H:%M"),
                    c.get_state_display(),
                    c.body,
                    c.name,
                    c.contact,
                    c.attachment_name,
                    c.theme,
                    c.get_adoption_display() if c.adoption else "",
                    c.adoption_reason,
                )
            ]
        )
    out = io.BytesIO()
    book.save(out)
    audit.record(
        "participation.comments.exported",
        user=acting_user,
        instance=consultation,
        request=request,
        data={"count": sheet.max_row - 1},
    )
    return out.getvalue()
