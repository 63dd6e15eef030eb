"""Consultations (征求意见) of a third party or another agency, during which the answer clock stops.

条例 Art. 32: a third party whose rights the disclosure may affect is asked, and has 15 working days to
answer; Art. 34: likewise another agency whose information it is. Art. 33 para 3: the consultation
time is not counted in the answer period (how much is, is `clock.py`'s: from the letter up to the reply,
at most the party's window). A request may have several open consultations; it returns to the state
it was in when the last one ends. Who may do each step in which state is the transition table's.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from gongkai.workdays.services import calendar_for

from ..clock import consultation_reply_due
from ..constants import ConsultationKind, ConsultationResult
from ..models import Consultation
from .steps import WorkflowError, check_date, finish, move, optional_text, required_text, sent_date
from .transitions import step, target


@step("start_consultation")
def start_consultation(req, *, acting_user, today, kind, party, subject="", sent_on=None):
    """in_progress/extended → consulting; the party has 15 working days (Arts 32, 34), not counted (Art. 33)."""
    if kind not in ConsultationKind.values:
        raise WorkflowError(_("Choose the kind of consultation."), code="invalid_choice", field="kind")
    party = required_text(party, "party", max_length=200)
    subject = optional_text(subject, "subject")
    sent_on = sent_date(req, sent_on, today)
    due = consultation_reply_due(sent_on, calendar_for([sent_on.year]))
    consultation = Consultation.objects.create(
        request=req,
        kind=kind,
        party=party,
        subject=subject,
        sent_on=sent_on,
        reply_due_on=due,
        resume_state=req.state,
    )
    from_state = move(req, target("start_consultation"))
    # The applicant sees that the clock stops, not whom the bureau consults.
    finish(
        req,
        "start_consultation",
        acting_user=acting_user,
        from_state=from_state,
        on=sent_on,
        today=today,
        public=True,
        data={"consultation": consultation.pk, "kind": kind, "reply_due_on": due.isoformat()},
    )


@step("end_consultation", on_row=True)
def end_consultation(req, consultation, *, acting_user, today, ended_on, result, note=""):
    """consulting → the state the consultation started from; records the reply (or its absence)."""
    consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
    if consultation.request_id != req.pk or consultation.ended_on is not None:
        raise WorkflowError(_("This consultation has already ended."), code="consultation_ended")
    if result not in ConsultationResult.values:
        raise WorkflowError(_("Choose the result of the consultation."), code="invalid_choice", field="result")
    ended_on = check_date(
        ended_on or today,
        "ended_on",
        today=today,
        not_before=consultation.sent_on,
        before_label=_("the consultation letter"),
    )
    note = optional_text(note, "note")
    consultation.ended_on = ended_on
    consultation.result = result
    consultation.result_note = note
    consultation.save(update_fields=["ended_on", "result", "result_note", "updated_at"])
    if not Consultation.objects.filter(request=req, ended_on__isnull=True).exists():
        from_state = move(req, consultation.resume_state)
    else:
        from_state = req.state
    finish(
        req,
        "end_consultation",
        acting_user=acting_user,
        from_state=from_state,
        on=ended_on,
        today=today,
        public=True,
        data={"consultation": consultation.pk, "result": result},
    )
