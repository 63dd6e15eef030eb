"""The applicant's status page of an FOI request and the applicant's actions on it: supplying what
was asked for, withdrawing, downloading the answer and notices. Every page needs a verified
tracking session for that request (services.tracking), else the visitor is sent to tracking; the
ID number is shown masked. What each public step is called in the history: EVENT_LABELS.
"""

from __future__ import annotations

import functools

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from .constants import OPEN_STATES, State
from .forms_public import SupplementForm, WithdrawForm
from .models import AttachmentRole, FoiRequest
from .receipt import state_line
from .services import tracking
from .validation import check_files, mask_id_number, validate_supplement_text
from .views_public import _render, _request_or_404, _to_track

APPLICANT_DOCUMENT_ROLES = (AttachmentRole.REPLY, AttachmentRole.NOTICE)
# What each public step is called in the applicant's history (actions of services.workflow).
EVENT_LABELS = {
    "submitted": _lazy("Request submitted"),
    "confirm_receipt": _lazy("Receipt confirmed"),
    "request_supplement": _lazy("Supplement requested"),
    "receive_supplement": _lazy("Supplement received"),
    "close_no_supplement": _lazy("Closed: no supplement in time"),
    "start_processing": _lazy("Being handled"),
    "start_consultation": _lazy("Consultation started (the time does not count)"),
    "end_consultation": _lazy("Consultation ended"),
    "request_extension": _lazy("Extension requested"),
    "approve_extension": _lazy("Time limit extended"),
    "reject_extension": _lazy("Extension not approved"),
    "send_fee_notice": _lazy("Fee notice sent"),
    "record_payment": _lazy("Fee paid"),
    "close_fee_unpaid": _lazy("Closed: fee not paid in time"),
    "set_manual_deadline": _lazy("Deadline set (Art. 35)"),
    "approve_reply": _lazy("Answered"),
    "deliver": _lazy("Answer delivered"),
    "archive": _lazy("Archived"),
    "withdraw": _lazy("Withdrawn"),
}


def _tracked_request(request, uuid) -> FoiRequest:
    """The request of a verified tracking session, or PermissionDenied (the view sends to /foi/track/)."""
    foi = _request_or_404(uuid)
    if not tracking.has_session(request, foi):
        raise PermissionDenied
    return foi


def _tracked(view):
    """The view gets the request of the visitor's tracking session for `uuid`; without one, tracking."""

    @functools.wraps(view)
    def wrapper(request, uuid, **kwargs):
        try:
            foi = _tracked_request(request, uuid)
        except PermissionDenied:
            return _to_track(request)
        return view(request, foi, **kwargs)

    return wrapper


def _deadline(foi: FoiRequest):
    from .services.deadline import deadline_for

    return deadline_for(foi)


def _labelled(event):
    label = EVENT_LABELS.get(event.action)
    if label is None:
        label = State(event.to_state).label if event.to_state in State.values else event.action
    event.label = label
    return event


def _status_context(foi: FoiRequest) -> dict:
    from .constants import ExtensionStatus, ReplyStatus

    # Reverse one-to-one accessors raise a subclass of AttributeError when the row does not exist.
    supplement = getattr(foi, "supplement", None)
    extension = getattr(foi, "extension", None)
    fee_notice = getattr(foi, "fee_notice", None)
    reply = getattr(foi, "reply", None)
    if extension and extension.status != ExtensionStatus.APPROVED:
        extension = None
    return {
        "foi": foi,
        "bureau": foi.bureau,
        "masked_id": mask_id_number(foi.id_document_type, foi.id_document_number),
        "masked_contacts": tracking.destinations(foi),
        "events": [_labelled(event) for event in foi.events.filter(public=True).order_by("at", "pk")],
        "deadline": _deadline(foi),
        "supplement": supplement,
        "extension": extension,
        # Plural messages are made here, not in the template: makemessages does not see ngettext in Jinja2.
        "extension_text": ngettext(
            "The time limit was extended by %(days)s working day.",
            "The time limit was extended by %(days)s working days.",
            extension.working_days,
        )
        % {"days": extension.working_days}
        if extension
        else "",
        "fee_notice": fee_notice,
        "reply": reply if reply and reply.status == ReplyStatus.APPROVED else None,
        "documents": list(
            foi.attachments.filter(role__in=APPLICANT_DOCUMENT_ROLES, visible_to_applicant=True).order_by(
                "created_at", "pk"
            )
        ),
        "can_supply": foi.state == State.SUPPLEMENT_REQUESTED and supplement and not supplement.supplied_on,
        "can_withdraw": foi.state in OPEN_STATES,
        "state_line": state_line(foi),
    }


@require_safe
@_tracked
def status(request, foi):
    context = _status_context(foi)
    context["supplement_form"] = SupplementForm() if context["can_supply"] else None
    return _render(
        request, "foi_requests/public/status.html", context, url_name="foi:status", url_kwargs={"uuid": foi.uuid}
    )


@require_POST
@_tracked
def supply(request, foi):
    from .services import workflow

    context = _status_context(foi)
    if not context["can_supply"]:
        messages.error(request, _("No supplement is requested for this request now."))
        return redirect("foi:status", uuid=foi.uuid)
    form = SupplementForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            text = validate_supplement_text(form.cleaned_data["text"])
            files = check_files(form.cleaned_data.get("attachments") or ())
        except ValidationError as exc:
            form.add_service_error(exc)
        else:
            try:
                workflow.receive_supplement(foi, acting_user=None, text=text, files=[f.as_django_file() for f in files])
            except ValidationError as exc:
                form.add_service_error(exc)
            else:
                messages.success(request, _("Your supplement was received. The time limit now runs afresh from today."))
                return redirect("foi:status", uuid=foi.uuid)
    context.update({"supplement_form": form, "files_lost": bool(request.FILES)})
    return _render(
        request,
        "foi_requests/public/status.html",
        context,
        url_name="foi:status",
        url_kwargs={"uuid": foi.uuid},
        status=400,
    )


@require_http_methods(["GET", "HEAD", "POST"])
@_tracked
def withdraw(request, foi):
    from .services import workflow

    if foi.state not in OPEN_STATES:
        messages.error(request, _("This request is closed and can no longer be withdrawn."))
        return redirect("foi:status", uuid=foi.uuid)
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            workflow.withdraw(foi, acting_user=None, reason=form.cleaned_data["reason"].strip())
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Your request was withdrawn."))
            return redirect("foi:status", uuid=foi.uuid)
    return _render(
        request,
        "foi_requests/public/withdraw.html",
        {"foi": foi, "bureau": foi.bureau, "form": form},
        url_name="foi:withdraw",
        url_kwargs={"uuid": foi.uuid},
        status=400 if form.errors else 200,
    )


@require_safe
@_tracked
def document(request, foi, pk):
    attachment = foi.attachments.filter(pk=pk, role__in=APPLICANT_DOCUMENT_ROLES, visible_to_applicant=True).first()
    if attachment is None:
        raise Http404
    response = FileResponse(attachment.file.open("rb"), as_attachment=True, filename=attachment.filename)
    response["Content-Type"] = attachment.content_type or "application/octet-stream"
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
