"""The public side of FOI requests: the form, the acknowledgement and receipt, tracking, the status page.

Per-visitor pages (forms, sessions), so they are rendered with the request, never cached
(`Cache-Control: private, no-store`). No page shows the applicant's personal data except the
applicant's own status page after a verified one-time code, and there the ID number is masked.
Access: the submitter's session may see the acknowledgement and the receipt of what it submitted;
everything else needs a tracking session (services.tracking).
"""

from __future__ import annotations

import logging

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from gongkai.accounts.services import is_applicant_account
from gongkai.core.audit import client_ip
from gongkai.organizations.models import Bureau, BureauKind
from gongkai.portal.responses import render_private_page

from .constants import OPEN_STATES, Channel, State
from .forms_public import ApplyForm, SupplementForm, TrackCodeForm, TrackStartForm, WithdrawForm
from .models import AttachmentRole, FoiRequest
from .receipt import render_receipt_pdf, state_line
from .services import intake, tracking
from .validation import check_files, mask_id_number, validate_supplement_text

logger = logging.getLogger(__name__)

SUBMITTED_SESSION_KEY = "foi_submitted"  # uuids this browser session submitted (acknowledgement, receipt)
PENDING_SESSION_KEY = "foi_track_pending"  # the tracking number a code was sent for
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


def _render(request, template: str, context: dict, *, url_name: str, url_kwargs=None, status: int = 200):
    return render_private_page(request, template, context, url_name=url_name, url_kwargs=url_kwargs, status=status)


def _bureau_or_404(code: str) -> Bureau:
    bureau = Bureau.objects.disclosing().select_related("parent").filter(code=code).first()
    if bureau is None:
        raise Http404
    return bureau


def _request_or_404(uuid) -> FoiRequest:
    foi = FoiRequest.objects.select_related("bureau").filter(uuid=uuid).first()
    if foi is None:
        raise Http404
    return foi


def _submitted_by_session(request, foi: FoiRequest) -> bool:
    return str(foi.uuid) in (request.session.get(SUBMITTED_SESSION_KEY) or [])


def _remember_submission(request, foi: FoiRequest) -> None:
    recent = [u for u in (request.session.get(SUBMITTED_SESSION_KEY) or []) if u != str(foi.uuid)]
    request.session[SUBMITTED_SESSION_KEY] = [*recent[-9:], str(foi.uuid)]


def _tracked_request(request, uuid) -> FoiRequest:
    """The request of a verified tracking session, or PermissionDenied (the view sends to /foi/track/)."""
    foi = _request_or_404(uuid)
    if not tracking.has_session(request, foi):
        raise PermissionDenied
    return foi


def _to_track(request, foi: FoiRequest | None = None):
    messages.info(request, _("To see a request, enter its tracking number and the one-time code sent to you."))
    url = reverse("foi:track")
    if foi is not None:
        url += f"?number={foi.tracking_number}"
    return redirect(url)


# --- index and form ------------------------------------------------------------------------------


@require_safe
def index(request):
    bureaus = list(Bureau.objects.disclosing().order_by("sort_order", "code"))
    groups = [
        (_("City bureau"), [b for b in bureaus if b.kind == BureauKind.CITY]),
        (_("County-level bureaus"), [b for b in bureaus if b.kind == BureauKind.COUNTY]),
        (_("Township units"), [b for b in bureaus if b.kind == BureauKind.TOWNSHIP]),
    ]
    return _render(
        request,
        "foi_requests/public/index.html",
        {
            "groups": [(title, items) for title, items in groups if items],
            "signed_in_applicant": is_applicant_account(request.user),
        },
        url_name="foi:index",
    )


def _account_initial(user) -> dict:
    if not is_applicant_account(user):
        return {}
    return {"applicant_name": user.full_name, "email": user.email, "phone": user.phone}


@require_safe
def mine(request):
    """The signed-in applicant's own requests (an account is optional; tracking codes work without one)."""
    if not is_applicant_account(request.user):
        return redirect(f"{reverse('applicant:login')}?next={reverse('foi:mine')}")
    requests = FoiRequest.objects.filter(applicant_account=request.user).select_related("bureau")
    page = Paginator(requests.order_by("-submitted_at"), 20).get_page(request.GET.get("page"))
    return _render(request, "foi_requests/public/mine.html", {"page": page}, url_name="foi:mine")


@require_http_methods(["GET", "HEAD", "POST"])
def apply(request, code):
    bureau = _bureau_or_404(code)
    files_lost = False
    if request.method == "POST":
        form = ApplyForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                foi, _created = intake.submit_request(
                    bureau=bureau,
                    data=form.submission(),
                    channel=Channel.INTERNET,
                    client_token=form.cleaned_data.get("client_token"),
                    ip=client_ip(request),
                    files=form.cleaned_data.get("attachments") or (),
                    applicant_account=request.user if is_applicant_account(request.user) else None,
                )
            except ValidationError as exc:
                form.add_service_error(exc)
            else:
                _remember_submission(request, foi)
                return redirect("foi:submitted", uuid=foi.uuid)
        files_lost = bool(request.FILES)
    else:
        form = ApplyForm(initial=_account_initial(request.user))
    return _render(
        request,
        "foi_requests/public/apply.html",
        {"bureau": bureau, "form": form, "files_lost": files_lost},
        url_name="foi:apply",
        url_kwargs={"code": bureau.code},
        status=400 if form.errors else 200,
    )


@require_safe
def submitted(request, uuid):
    foi = _request_or_404(uuid)
    if not (_submitted_by_session(request, foi) or tracking.has_session(request, foi)):
        return _to_track(request)
    return _render(
        request,
        "foi_requests/public/submitted.html",
        {"foi": foi, "bureau": foi.bureau, "state_line": state_line(foi)},
        url_name="foi:submitted",
        url_kwargs={"uuid": foi.uuid},
    )


@require_safe
def receipt(request, uuid):
    foi = _request_or_404(uuid)
    if not (_submitted_by_session(request, foi) or tracking.has_session(request, foi)):
        return _to_track(request)
    response = HttpResponse(render_receipt_pdf(foi, get_language()), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="receipt-{foi.tracking_number}.pdf"'
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --- tracking ------------------------------------------------------------------------------------


@require_http_methods(["GET", "HEAD", "POST"])
def track(request):
    if request.method == "POST":
        form = TrackStartForm(request.POST)
        if form.is_valid():
            try:
                foi = tracking.find_request(form.cleaned_data["tracking_number"])
                sent_to = tracking.issue_code(foi, form.cleaned_data["via"])
            except ValidationError as exc:
                fields = {"unknown_tracking_number": "tracking_number", "no_destination": "via"}
                form.add_error(fields.get(getattr(exc, "code", "")), exc)
            else:
                request.session[PENDING_SESSION_KEY] = foi.tracking_number
                messages.success(request, _("A one-time code was sent to %(to)s.") % {"to": sent_to})
                return redirect("foi:track_code")
    else:
        form = TrackStartForm(initial={"tracking_number": request.GET.get("number", "")[:40]})
    return _render(
        request,
        "foi_requests/public/track.html",
        {"form": form},
        url_name="foi:track",
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "HEAD", "POST"])
def track_code(request):
    number = request.session.get(PENDING_SESSION_KEY)
    if not number:
        return redirect("foi:track")
    if request.method == "POST":
        form = TrackCodeForm(request.POST)
        if form.is_valid():
            try:
                foi = tracking.verify_code(number, form.cleaned_data["code"])
            except ValidationError as exc:
                form.add_error("code", exc)
            else:
                request.session.pop(PENDING_SESSION_KEY, None)
                tracking.open_session(request, foi)
                if tracking.link_to_account(foi, request.user):
                    messages.success(request, _("The request is now listed in your account."))
                return redirect("foi:status", uuid=foi.uuid)
    else:
        form = TrackCodeForm()
    return _render(
        request,
        "foi_requests/public/track_code.html",
        {"form": form, "tracking_number": number},
        url_name="foi:track_code",
        status=400 if form.errors else 200,
    )


# --- the applicant's status page and its actions -------------------------------------------------


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
def status(request, uuid):
    try:
        foi = _tracked_request(request, uuid)
    except PermissionDenied:
        return _to_track(request)
    context = _status_context(foi)
    context["supplement_form"] = SupplementForm() if context["can_supply"] else None
    return _render(
        request, "foi_requests/public/status.html", context, url_name="foi:status", url_kwargs={"uuid": foi.uuid}
    )


@require_POST
def supply(request, uuid):
    from .services import workflow

    try:
        foi = _tracked_request(request, uuid)
    except PermissionDenied:
        return _to_track(request)
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
def withdraw(request, uuid):
    from .services import workflow

    try:
        foi = _tracked_request(request, uuid)
    except PermissionDenied:
        return _to_track(request)
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
def document(request, uuid, pk):
    try:
        foi = _tracked_request(request, uuid)
    except PermissionDenied:
        return _to_track(request)
    attachment = foi.attachments.filter(pk=pk, role__in=APPLICANT_DOCUMENT_ROLES, visible_to_applicant=True).first()
    if attachment is None:
        raise Http404
    response = FileResponse(attachment.file.open("rb"), as_attachment=True, filename=attachment.filename)
    response["Content-Type"] = attachment.content_type or "application/octet-stream"
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
