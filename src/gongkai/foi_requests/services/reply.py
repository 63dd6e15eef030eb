"""The reply (答复): its draft, its approval by another person, and its delivery to the applicant.

条例 Arts 36–39: a reply has exactly one type (disclosed, partly disclosed, not disclosed, cannot be
provided, not handled) and, where the type has several, one reason — the row of annual-report table 三
(constants.REPLY_TYPE_OUTCOMES); Art. 37: a partial disclosure gives the reasons for what is withheld.
A reviewer or the leader in charge approves the draft, never its drafter (the four-eyes rule of
`gongkai.accounts.permissions`, applied by the transition table); approval closes the request as
answered (or as not handled), numbers the reply and queues its documents (`reply_files`); delivery
records the day the reply reached the applicant.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from .. import reply_files
from ..constants import REPLY_TYPE_OUTCOMES, ReplyStatus, ReplyType, State
from ..models import Reply
from .steps import WorkflowError, check_date, close, finish, move, optional_text, required_text
from .transitions import step, target


def _reply_outcome(reply_type, outcome) -> str:
    if not reply_type or not isinstance(reply_type, str):
        if isinstance(reply_type, (list, tuple, set)) and len(reply_type) > 1:
            raise WorkflowError(_("Choose exactly one reply type."), code="several_reply_types", field="reply_type")
        raise WorkflowError(_("Choose the reply type."), code="required", field="reply_type")
    if reply_type not in ReplyType.values:
        raise WorkflowError(_("Choose a valid reply type."), code="invalid_choice", field="reply_type")
    allowed = REPLY_TYPE_OUTCOMES[reply_type]
    if not outcome:
        if len(allowed) == 1:
            return allowed[0]
        raise WorkflowError(
            _("Choose the reason for this reply type (it has several)."), code="required", field="outcome"
        )
    if outcome not in allowed:
        raise WorkflowError(
            _("This reason does not belong to the reply type “%(type)s”."),
            code="outcome_mismatch",
            field="outcome",
            params={"type": ReplyType(reply_type).label},
        )
    return outcome


@step("draft_reply")
def draft_reply(req, *, acting_user, today, reply_type, outcome=None, body, withheld_reason="", referral=""):
    """Create or update the reply draft: exactly one reply type and its sub-reason (Arts 36–39)."""
    outcome = _reply_outcome(reply_type, outcome)
    body = required_text(body, "body", max_length=20000)
    withheld_reason = optional_text(withheld_reason, "withheld_reason")
    if reply_type == ReplyType.PARTIAL and not withheld_reason:
        # Art. 37: the reasons for what is withheld are part of a partial disclosure.
        raise WorkflowError(
            _("A partial disclosure must give the reasons for what is withheld (Art. 37)."),
            code="required",
            field="withheld_reason",
        )
    referral = optional_text(referral, "referral", max_length=300)
    reply = Reply.objects.select_for_update().filter(request=req).first()
    if reply is not None and reply.status != ReplyStatus.DRAFT:
        raise WorkflowError(_("The reply has already been approved."), code="reply_approved")
    if reply is None:
        reply = Reply(request=req)
    reply.reply_type = reply_type
    reply.outcome = outcome
    reply.body = body
    reply.withheld_reason = withheld_reason
    reply.referral = referral
    reply.drafted_by = acting_user
    reply.save()
    finish(
        req,
        "draft_reply",
        acting_user=acting_user,
        from_state=req.state,
        on=today,
        today=today,
        public=False,
        data={"reply": reply.pk, "reply_type": reply_type, "outcome": outcome},
    )


@step("approve_reply", on_row=True)
def approve_reply(req, reply, *, acting_user, today):
    """Approve the draft (approver ≠ drafter): the request is answered (or closed as not handled)."""
    reply = Reply.objects.select_for_update().get(pk=reply.pk)
    reply.status = ReplyStatus.APPROVED
    reply.approved_by = acting_user
    reply.replied_on = today
    reply.save(update_fields=["status", "approved_by", "replied_on", "updated_at"])
    state = State.CLOSED_NOT_HANDLED if reply.reply_type == ReplyType.NOT_HANDLED else State.ANSWERED
    from_state = close(req, state, reply.outcome, today)
    finish(
        req,
        "approve_reply",
        acting_user=acting_user,
        from_state=from_state,
        on=today,
        today=today,
        public=True,
        data={"reply": reply.pk, "reply_type": reply.reply_type, "outcome": reply.outcome},
    )
    reply_files.queue_reply_documents(reply)  # numbered now; the DOCX and PDF are rendered by the worker


@step("deliver")
def deliver(req, *, acting_user, today, delivered_on, note=""):
    """answered/closed_not_handled → delivered: the reply reached the applicant."""
    reply = Reply.objects.select_for_update().get(request=req)
    delivered_on = check_date(
        delivered_on or today, "delivered_on", today=today, not_before=reply.replied_on, before_label=_("the reply")
    )
    note = optional_text(note, "note", max_length=300)
    reply.delivered_on = delivered_on
    reply.delivery_note = note
    reply.save(update_fields=["delivered_on", "delivery_note", "updated_at"])
    from_state = move(req, target("deliver"))
    finish(
        req,
        "deliver",
        acting_user=acting_user,
        from_state=from_state,
        on=delivered_on,
        today=today,
        public=True,
        note=note,
    )
