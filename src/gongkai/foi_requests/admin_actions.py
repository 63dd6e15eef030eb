"""The workflow steps on the FOI detail screen: each step's form, label and button, and the call it makes.

ACTIONS names, for every workflow action (services/transitions.py), the admin form that parses its
input and the label the register shows; `run` passes what the form parsed to the step of
`services.workflow` (which decides: permission, state, rules), `notice_after` generates the notice the
applicant gets after a step that needs one. The screen itself (buttons offered, errors shown) is
admin_detail.py.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import admin_forms as forms
from .models import FoiRequest
from .services import workflow

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Action:
    name: str
    label: Any
    form: type
    button: Any
    notice: str | None = None  # the notice to generate for the applicant after the step
    danger: bool = False


ACTIONS: dict[str, Action] = {
    a.name: a
    for a in (
        Action("confirm_receipt", gettext_lazy("Confirm receipt"), forms.ConfirmReceiptForm, gettext_lazy("Confirm")),
        Action(
            "request_supplement",
            gettext_lazy("Request a supplement (once only)"),
            forms.SupplementForm,
            gettext_lazy("Send the supplement notice"),
            notice="supplement",
        ),
        Action(
            "receive_supplement",
            gettext_lazy("Record the supplement"),
            forms.ReceiveSupplementForm,
            gettext_lazy("Record"),
        ),
        Action(
            "close_no_supplement",
            gettext_lazy("Close: no supplement in time"),
            forms.NoInputForm,
            gettext_lazy("Close the request"),
            danger=True,
        ),
        Action("start_processing", gettext_lazy("Start processing"), forms.NoInputForm, gettext_lazy("Start")),
        Action(
            "start_consultation",
            gettext_lazy("Consult a third party or agency"),
            forms.ConsultationForm,
            gettext_lazy("Record the consultation letter"),
        ),
        Action(
            "end_consultation",
            gettext_lazy("End a consultation"),
            forms.EndConsultationForm,
            gettext_lazy("Record the result"),
        ),
        Action(
            "request_extension",
            gettext_lazy("Request an extension"),
            forms.ExtensionForm,
            gettext_lazy("Request approval"),
        ),
        Action(
            "decide_extension",
            gettext_lazy("Decide on the extension"),
            forms.DecideExtensionForm,
            gettext_lazy("Decide"),
            notice="extension",
        ),
        Action(
            "send_fee_notice",
            gettext_lazy("Send a fee notice"),
            forms.FeeNoticeForm,
            gettext_lazy("Send the fee notice"),
            notice="fee",
        ),
        Action("record_payment", gettext_lazy("Record the payment"), forms.PaymentForm, gettext_lazy("Record")),
        Action(
            "close_fee_unpaid",
            gettext_lazy("Close: fee not paid in time"),
            forms.NoInputForm,
            gettext_lazy("Close the request"),
            danger=True,
        ),
        Action(
            "set_manual_deadline",
            gettext_lazy("Set a deadline under Art. 35"),
            forms.ManualDeadlineForm,
            gettext_lazy("Set the deadline"),
        ),
        Action("draft_reply", gettext_lazy("Draft the reply"), forms.DraftReplyForm, gettext_lazy("Save the draft")),
        Action(
            "approve_reply",
            gettext_lazy("Approve and issue the reply"),
            forms.NoInputForm,
            gettext_lazy("Approve and issue"),
        ),
        Action("deliver", gettext_lazy("Record delivery"), forms.DeliverForm, gettext_lazy("Record delivery")),
        Action("archive", gettext_lazy("Archive"), forms.NoInputForm, gettext_lazy("Archive")),
        Action(
            "withdraw",
            gettext_lazy("Record a withdrawal by the applicant"),
            forms.WithdrawForm,
            gettext_lazy("Record the withdrawal"),
            danger=True,
        ),
    )
}

# What the register (RequestEvent.action) shows for each step.
EVENT_LABELS = {name: action.label for name, action in ACTIONS.items()} | {
    "submitted": gettext_lazy("Submitted"),
    "received": gettext_lazy("Received"),
    "supplement_requested": gettext_lazy("Supplement requested"),
    "supplement_received": gettext_lazy("Supplement received"),
    "consultation_started": gettext_lazy("Consultation started"),
    "consultation_ended": gettext_lazy("Consultation ended"),
    "extension_requested": gettext_lazy("Extension requested"),
    "extension_approved": gettext_lazy("Extension approved"),
    "extension_rejected": gettext_lazy("Extension rejected"),
    "reply_drafted": gettext_lazy("Reply drafted"),
    "reply_approved": gettext_lazy("Reply approved"),
    "delivered": gettext_lazy("Delivered"),
    "archived": gettext_lazy("Archived"),
    "withdrawn": gettext_lazy("Withdrawn"),
}


def _check_upload(upload, field: str) -> None:
    """The workflow stores uploads as given: refuse here what is not what its extension says."""
    from .validation import check_files

    try:
        check_files([upload])
    except ValidationError as exc:
        raise ValidationError({field: exc.messages}) from exc
    upload.seek(0)


def run(action: str, foi: FoiRequest, user, data: dict) -> Any:
    """Call the workflow step with what the form parsed."""
    if action == "confirm_receipt":
        return workflow.confirm_receipt(foi, acting_user=user, received_on=data["received_on"], note=data["note"])
    if action == "request_supplement":
        return workflow.request_supplement(
            foi, acting_user=user, items=data["items"], period_working_days=data["period_working_days"]
        )
    if action == "receive_supplement":
        upload = data.get("file")
        if upload:
            _check_upload(upload, "file")
        return workflow.receive_supplement(
            foi, acting_user=user, supplied_on=data["supplied_on"], text=data["text"], files=[upload] if upload else ()
        )
    if action in ("close_no_supplement", "start_processing", "close_fee_unpaid", "archive"):
        return getattr(workflow, action)(foi, acting_user=user)
    if action == "start_consultation":
        return workflow.start_consultation(
            foi,
            acting_user=user,
            kind=data["kind"],
            party=data["party"],
            subject=data["subject"],
            sent_on=data["sent_on"],
        )
    if action == "end_consultation":
        return workflow.end_consultation(
            data["consultation"], acting_user=user, ended_on=data["ended_on"], result=data["result"], note=data["note"]
        )
    if action == "request_extension":
        return workflow.request_extension(
            foi, acting_user=user, working_days=data["working_days"], reason=data["reason"]
        )
    if action == "decide_extension":
        extension = getattr(foi, "extension", None)
        if extension is None:
            raise workflow.WorkflowError(_("There is no extension to decide on."), code="no_extension")
        return workflow.decide_extension(
            extension, acting_user=user, approve=data["decision"] == "approve", note=data["note"]
        )
    if action == "send_fee_notice":
        return workflow.send_fee_notice(
            foi, acting_user=user, method=data["method"], quantity=data["quantity"], sent_on=data["sent_on"]
        )
    if action == "record_payment":
        fee = getattr(foi, "fee_notice", None)
        if fee is None:
            raise workflow.WorkflowError(_("There is no fee notice."), code="no_fee_notice")
        return workflow.record_payment(fee, acting_user=user, paid_on=data["paid_on"])
    if action == "set_manual_deadline":
        return workflow.set_manual_deadline(foi, acting_user=user, due_on=data["due_on"], basis=data["basis"])
    if action == "draft_reply":
        return workflow.draft_reply(
            foi,
            acting_user=user,
            reply_type=data["reply_type"],
            outcome=data["outcome"] or None,
            body=data["body"],
            withheld_reason=data["withheld_reason"],
            referral=data["referral"],
        )
    if action == "approve_reply":
        reply = getattr(foi, "reply", None)
        if reply is None:
            raise workflow.WorkflowError(_("There is no draft reply to approve."), code="no_reply")
        return workflow.approve_reply(reply, acting_user=user)
    if action == "deliver":
        return workflow.deliver(foi, acting_user=user, delivered_on=data["delivered_on"], note=data["note"])
    if action == "withdraw":
        return workflow.withdraw(foi, acting_user=user, reason=data["reason"])
    raise Http404


def notice_after(action: Action, foi: FoiRequest, data: dict, request) -> None:
    """The applicant's notice for a step that needs one; a failure here never undoes the step."""
    if action.notice is None or (action.name == "decide_extension" and data.get("decision") != "approve"):
        return
    from .documents import generate_notice

    try:
        generate_notice(FoiRequest.objects.select_related("bureau").get(pk=foi.pk), action.notice)
    except Exception:
        logger.exception("Could not generate the %s notice of %s", action.notice, foi.tracking_number)
        messages.warning(request, _("The step was saved, but the notice document could not be generated."))
