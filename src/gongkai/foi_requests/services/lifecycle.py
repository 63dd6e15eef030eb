"""The steps that open and end a request's handling: receipt, processing, an Art. 35 deadline, withdrawal, archiving.

条例 Art. 31: confirming receipt fixes the receipt date, day 0 of the answer clock; the request is then
processed. 条例 Art. 35: where a request is unreasonable in number or frequency the bureau may set a
reasonable deadline, which replaces the formula (its basis is recorded and shown). Table 三 (六)3: the
applicant (or staff on their written word, with the reason) withdraws an open request. 条例 Art. 45:
a delivered request, or one closed without a reply, is archived. Each step is keyword-only with
`acting_user` and `today` (default: the local date), and checks the transition table first.
"""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from ..constants import Outcome
from .steps import (
    WorkflowError,
    check_date,
    close,
    date_value,
    finish,
    is_applicant,
    move,
    optional_text,
    required_text,
)
from .transitions import step, target


@step("confirm_receipt")
def confirm_receipt(req, *, acting_user, today, received_on, note=""):
    """submitted → received. 条例 Art. 31: the confirmation date is the receipt date (day 0)."""
    submitted_on = timezone.localtime(req.submitted_at).date()
    received_on = check_date(
        received_on, "received_on", today=today, not_before=submitted_on, before_label=_("the submission")
    )
    note = optional_text(note, "note", max_length=300)
    from_state = req.state
    req.state = target("confirm_receipt")
    req.received_on = received_on
    req.receipt_confirmed_by = acting_user
    req.receipt_confirmation_note = note
    req.save(update_fields=["state", "received_on", "receipt_confirmed_by", "receipt_confirmation_note", "updated_at"])
    finish(
        req,
        "confirm_receipt",
        acting_user=acting_user,
        from_state=from_state,
        on=received_on,
        today=today,
        public=True,
        note=note,
    )


@step("start_processing")
def start_processing(req, *, acting_user, today):
    """received → in_progress."""
    from_state = move(req, target("start_processing"))
    finish(req, "start_processing", acting_user=acting_user, from_state=from_state, on=today, today=today, public=True)


@step("set_manual_deadline")
def set_manual_deadline(req, *, acting_user, today, due_on, basis):
    """条例 Art. 35: a reasonable deadline set by the bureau replaces the formula; its basis is recorded."""
    due_on = date_value(due_on, "due_on")
    if due_on < today:
        raise WorkflowError(_("The deadline cannot be in the past."), code="past_date", field="due_on")
    basis = required_text(basis, "basis", max_length=300)
    req.manual_due_on = due_on
    req.manual_due_basis = basis
    req.save(update_fields=["manual_due_on", "manual_due_basis", "updated_at"])
    finish(
        req,
        "set_manual_deadline",
        acting_user=acting_user,
        from_state=req.state,
        on=today,
        today=today,
        public=True,
        note=basis,
        data={"due_on": due_on.isoformat()},
    )


@step("withdraw")
def withdraw(req, *, acting_user, today, reason=""):
    """Any open state → withdrawn (table 三 (六)3). `acting_user=None`: the applicant; staff must give the reason."""
    applicant = is_applicant(req, acting_user)
    reason = (
        optional_text(reason, "reason", max_length=1000)
        if applicant
        else required_text(reason, "reason", max_length=1000)
    )
    from_state = close(req, target("withdraw"), Outcome.R6_3_OTHER, today)
    finish(
        req, "withdraw", acting_user=acting_user, from_state=from_state, on=today, today=today, public=True, note=reason
    )


@step("archive")
def archive(req, *, acting_user, today):
    """delivered, or closed without a reply → archived (条例 Art. 45: 归档)."""
    from_state = move(req, target("archive"))
    finish(req, "archive", acting_user=acting_user, from_state=from_state, on=today, today=today, public=False)
