"""The one extension (延期) of the answer period, asked by a handler and decided by another person.

条例 Art. 33 para 2: where the request cannot be answered in 20 working days, the head of the
disclosure office (in Gongkai a reviewer or the leader in charge, `foi_requests.approve_extension`)
may approve one extension of at most 20 working days, and the applicant is told. The approver is
never the person who asked (the transition table's guard). An extension approved while a
consultation or fee notice is open takes effect when the request resumes. How the extension moves
the due date is `clock.py`'s.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from ..constants import MAX_EXTENSION_WORKING_DAYS, ExtensionStatus, State
from ..models import Consultation, Extension, FeeNotice
from .steps import WorkflowError, finish, optional_text, required_text, whole_number
from .transitions import step


@step("request_extension")
def request_extension(req, *, acting_user, today, working_days, reason):
    """Ask for the one extension (条例 Art. 33 para 2: at most 20 working days); a reviewer/leader decides."""
    days = whole_number(working_days)
    if not 1 <= days <= MAX_EXTENSION_WORKING_DAYS:
        raise WorkflowError(
            _("An extension is 1 to %(max)d working days (Art. 33)."),
            code="extension_too_long" if days > MAX_EXTENSION_WORKING_DAYS else "invalid_days",
            field="working_days",
            params={"max": MAX_EXTENSION_WORKING_DAYS},
        )
    reason = required_text(reason, "reason")
    extension = Extension.objects.create(
        request=req, working_days=days, reason=reason, requested_by=acting_user, requested_on=today
    )
    finish(
        req,
        "request_extension",
        acting_user=acting_user,
        from_state=req.state,
        on=today,
        today=today,
        public=False,
        note=reason,
        data={"extension": extension.pk, "working_days": days},
    )


@step("decide_extension", on_row=True)
def decide_extension(req, extension, *, acting_user, today, approve: bool, note=""):
    """Approve (→ extended, the applicant is notified) or reject the pending extension.

    The approver is the head of the disclosure office (Art. 33 para 2): a reviewer or leader, never
    the person who asked for it.
    """
    extension = Extension.objects.select_for_update().get(pk=extension.pk)
    note = optional_text(note, "note")
    if not approve and not note:
        raise WorkflowError(_("Give the reason for the rejection."), code="required", field="note")
    extension.status = ExtensionStatus.APPROVED if approve else ExtensionStatus.REJECTED
    extension.decided_by = acting_user
    extension.decided_on = today
    extension.decision_note = note
    extension.save(update_fields=["status", "decided_by", "decided_on", "decision_note", "updated_at"])
    from_state = req.state
    if approve:
        if req.state in (State.RECEIVED, State.IN_PROGRESS):
            req.state = State.EXTENDED
            req.save(update_fields=["state", "updated_at"])
        elif req.state == State.CONSULTING:
            Consultation.objects.filter(request=req, ended_on__isnull=True).update(resume_state=State.EXTENDED)
        elif req.state == State.FEE_NOTIFIED:
            FeeNotice.objects.filter(request=req).update(resume_state=State.EXTENDED)
    finish(
        req,
        "approve_extension" if approve else "reject_extension",
        acting_user=acting_user,
        from_state=from_state,
        on=today,
        today=today,
        public=approve,
        note=extension.reason if approve else note,
        data={"extension": extension.pk, "working_days": extension.working_days, "notified": approve},
    )
