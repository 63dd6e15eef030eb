"""The supplement (补正) of an unclear request: the one notice, the applicant's answer, closing without one.

条例 Art. 30: within 7 working days of receipt the bureau may tell the applicant once (一次性告知)
everything to supplement, with a reasonable period (`FOI_SUPPLEMENT_PERIOD_WORKING_DAYS`, 1 to 60
working days); the answer clock stops until the supplement arrives and then counts afresh from that
day; without a supplement in the period the request is closed (table 三 (六)1). The applicant
supplies it on the tracking page (`acting_user=None`) or staff record it. The periods are counted by
`clock.py`; who may do each step in which state is the transition table's.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

from django.conf import settings
from django.utils.translation import gettext as _

from gongkai.workdays.services import calendar_for

from ..clock import supplement_due
from ..constants import Outcome
from ..models import AttachmentRole, FoiRequest, RequestAttachment, SupplementRequest
from .steps import (
    WorkflowError,
    check_date,
    close,
    finish,
    move,
    optional_text,
    required_text,
    sent_date,
    whole_number,
)
from .transitions import check, step, target

MAX_SUPPLEMENT_PERIOD_WORKING_DAYS = 60


@step("request_supplement", checked=False)
def request_supplement(req, *, acting_user, today, items, period_working_days=None, sent_on=None):
    """received/in_progress → supplement_requested: the one supplement notice (条例 Art. 30)."""
    check(req, "request_supplement", acting_user, today, guards=False)
    sent_on = sent_date(req, sent_on, today)
    check(req, "request_supplement", acting_user, sent_on)  # the 7 working days count to the notice's date
    items = required_text(items, "items")
    if period_working_days in (None, ""):
        period_working_days = settings.GONGKAI.get("FOI_SUPPLEMENT_PERIOD_WORKING_DAYS", 15)
    period = whole_number(period_working_days)
    if not 1 <= period <= MAX_SUPPLEMENT_PERIOD_WORKING_DAYS:
        raise WorkflowError(
            _("The supplement period must be between 1 and %(max)d working days."),
            code="invalid_period",
            field="period_working_days",
            params={"max": MAX_SUPPLEMENT_PERIOD_WORKING_DAYS},
        )
    due = supplement_due(sent_on, period, calendar_for([sent_on.year]))
    supplement = SupplementRequest.objects.create(
        request=req, items=items, sent_on=sent_on, period_working_days=period, supply_due_on=due, sent_by=acting_user
    )
    from_state = move(req, target("request_supplement"))
    finish(
        req,
        "request_supplement",
        acting_user=acting_user,
        from_state=from_state,
        on=sent_on,
        today=today,
        public=True,
        note=items,
        data={"supplement": supplement.pk, "period_working_days": period, "supply_due_on": due.isoformat()},
    )


def _store_file(req: FoiRequest, upload, role: str, visible: bool) -> RequestAttachment:
    hasher = hashlib.sha256()
    if hasattr(upload, "chunks"):
        for chunk in upload.chunks():
            hasher.update(chunk)
        upload.seek(0)
    name = (getattr(upload, "name", "") or "file").rsplit("/", 1)[-1][:200]
    attachment = RequestAttachment.objects.create(
        request=req,
        role=role,
        file=upload,
        filename=name,
        content_type=getattr(upload, "content_type", "") or "application/octet-stream",
        size=getattr(upload, "size", 0) or 0,
        sha256=hasher.hexdigest(),
        visible_to_applicant=visible,
    )
    from .uploads import _audit_upload

    _audit_upload(attachment)
    return attachment


@step("receive_supplement")
def receive_supplement(req, *, acting_user, today, supplied_on=None, text, files: Iterable = ()):
    """supplement_requested → in_progress; the 20 working days count afresh from `supplied_on` (Art. 30).

    `acting_user=None`: the applicant supplied it on the tracking page. `files` are already-validated
    uploads (Django File objects); they are stored as supplement attachments.
    """
    supplement = SupplementRequest.objects.select_for_update().get(request=req)
    supplied_on = check_date(
        supplied_on or today,
        "supplied_on",
        today=today,
        not_before=supplement.sent_on,
        before_label=_("the supplement notice"),
    )
    files = list(files or ())
    text = optional_text(text, "text") if files else required_text(text, "text")
    supplement.supplied_on = supplied_on
    supplement.supplied_text = text
    supplement.save(update_fields=["supplied_on", "supplied_text", "updated_at"])
    for upload in files:
        _store_file(req, upload, AttachmentRole.SUPPLEMENT, visible=True)
    from_state = move(req, target("receive_supplement"))
    finish(
        req,
        "receive_supplement",
        acting_user=acting_user,
        from_state=from_state,
        on=supplied_on,
        today=today,
        public=True,
        data={"files": len(files)},
    )


@step("close_no_supplement")
def close_no_supplement(req, *, acting_user, today):
    """supplement_requested → closed_abandoned_no_correction after the period (Art. 30; table 三 (六)1)."""
    from_state = close(req, target("close_no_supplement"), Outcome.R6_1_NO_SUPPLEMENT, today)
    finish(
        req, "close_no_supplement", acting_user=acting_user, from_state=from_state, on=today, today=today, public=True
    )
