"""Public comments through the intake journal (gongkai.core.intake): acknowledge at the POST, register in the worker.

`acknowledge()` is what the comment form's POST calls for a comment without attachment: the same checks
as `comments.comment_submit` (the consultation open, the text's length and characters, an identical
comment refused), the per-address limit, then one journal row (receipt number, validated text, the form's
`client_token`; `dedup_key` = the text's hash per consultation, so an identical comment still waiting in
the journal is refused too). `materialise()` (the worker) stores the comment through `comment_submit`
with the journal's receipt number and time; moderation (links, personal data, pre-moderation) is decided
there, as for any comment. A comment with an attachment takes `comment_submit` directly.
"""

from __future__ import annotations

from django.utils import timezone

from gongkai.core import intake as journal
from gongkai.core.models import IntakeEntry, IntakeState

from .. import models
from . import comments

KIND = "participation_comment"


def _check_duplicate(consultation, digest: str, token) -> None:
    stored = models.Comment.objects.filter(consultation=consultation, body_hash=digest)
    if token is not None:
        stored = stored.exclude(client_token=token)
    if stored.exists():
        raise comments.duplicate_error()


def check_journal_duplicate(consultation, body: str) -> None:
    """For the direct path (with an attachment): an identical comment waiting in the journal is a duplicate."""
    digest = comments.body_hash(consultation.pk, comments.clean_text(body))
    if IntakeEntry.objects.filter(kind=KIND, dedup_key=digest, state=IntakeState.PENDING).exists():
        raise comments.duplicate_error()


def acknowledge(*, consultation, body: str, name: str = "", contact: str = "", client_token=None, ip=None, now=None):
    """Validate a public comment and journal it; returns (entry, created); `entry.number` is the receipt
    number. Raises ValidationError (field -> errors; code `duplicate`, `rate_limited`, …), storing nothing."""
    now = now or timezone.now()
    token = journal.parse_token(client_token)
    cleaned = comments.validate(
        consultation=consultation, body=body, name=name, contact=contact, today=timezone.localdate(now)
    )
    digest = comments.body_hash(consultation.pk, cleaned["body"])
    _check_duplicate(consultation, digest, token)
    try:
        return journal.accept(
            kind=KIND,
            new_number=comments.new_number,
            client_token=token,
            payload={"consultation": consultation.pk, **cleaned},
            ip=ip,
            dedup_key=digest,
            now=now,
            slot=comments.slot(ip),
        )
    except journal.OverLimit:
        existing = journal.by_token(token)  # a retried POST is never refused: it was counted
        if existing is not None:
            return existing, False
        raise comments.RateLimited() from None
    except journal.DuplicateEntry:
        raise comments.duplicate_error() from None


def pending(consultation, number: str):
    """A comment acknowledged under `number` on this consultation and not yet registered, or None."""
    entry = journal.find(number)
    if entry is None or entry.kind != KIND or entry.state != IntakeState.PENDING:
        return None
    return entry if entry.payload.get("consultation") == consultation.pk else None


def materialise(entry) -> int:
    """The worker: store the journaled comment (journal.register handler)."""
    payload = entry.payload
    consultation = models.Consultation.objects.select_related("bureau").get(pk=payload["consultation"])
    comment, _created = comments.comment_submit(
        consultation=consultation,
        body=payload["body"],
        name=payload.get("name", ""),
        contact=payload.get("contact", ""),
        client_token=entry.client_token,
        now=entry.received_at,
        number=entry.number,
    )
    return comment.pk
