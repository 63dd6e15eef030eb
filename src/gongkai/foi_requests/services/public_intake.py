"""The public FOI form through the intake journal (gongkai.core.intake): acknowledge now, register in the worker.

`acknowledge()` is what the form's POST calls for a submission without attachments: the same
validation as `intake.submit_request` (validation.validate_submission, the bureau accepting requests),
the per-address limit, then one journal row with the tracking number, the validated fields and the
form's `client_token`, committed with its materialisation task. The visitor is shown the tracking
number at once. `materialise()` (the worker) registers the request through `submit_request` with the
journal's tracking number and receipt time (`submitted_at` = the journal's `received_at`: the time
the bureau's system held the request, from which Art. 31 and the clock count), idempotently: the
journal row's token is the request's `client_token`, and the row is marked done in the same transaction.

Submissions with attachments take `submit_request` directly (files are not journaled as JSON).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.core import intake as journal
from gongkai.organizations.models import Bureau, BureauKind

from ..constants import Channel
from ..validation import validate_submission
from .intake import new_tracking_number, submit_request
from .submission_limit import RateLimited, slot

KIND = "foi_request"


def check_bureau(bureau) -> None:
    if not bureau.is_active or bureau.kind == BureauKind.REVIEW_OFFICE:
        raise ValidationError(_("This bureau does not accept requests."), code="bureau_not_accepting")


def _number(now) -> str:
    return new_tracking_number(timezone.localdate(now))


def acknowledge(*, bureau, data, client_token, ip: str | None, applicant_account=None):
    """Validate a public submission and journal it; returns (entry, created). `entry.number` is the
    tracking number to show. Raises ValidationError (field -> errors) or RateLimited, storing nothing."""
    check_bureau(bureau)
    cleaned = validate_submission(data, channel=Channel.INTERNET)
    payload = {"bureau": bureau.code, "data": cleaned, "account": getattr(applicant_account, "pk", None)}
    try:
        return journal.accept(
            kind=KIND, new_number=_number, client_token=client_token, payload=payload, ip=ip, slot=slot(ip)
        )
    except journal.OverLimit:
        existing = journal.by_token(client_token)  # a retried POST is never refused: it was counted
        if existing is not None:
            return existing, False
        raise RateLimited() from None


def materialise(entry) -> int:
    """The worker: register the journaled submission as an FOI request (journal.register handler)."""
    from gongkai.accounts.models import User

    payload = entry.payload
    bureau = Bureau.objects.filter(code=payload["bureau"]).first()
    if bureau is None:
        raise ValidationError(_("This bureau does not accept requests."), code="bureau_not_accepting")
    account = User.objects.filter(pk=payload["account"]).first() if payload.get("account") else None
    foi, _created = submit_request(
        bureau=bureau,
        data=payload["data"],
        channel=Channel.INTERNET,
        client_token=entry.client_token,
        ip=entry.ip,
        applicant_account=account,
        now=entry.received_at,
        tracking_number=entry.number,
        limit=False,
    )
    return foi.pk
