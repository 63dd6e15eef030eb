"""The public side of FOI requests: the form, the acknowledgement and receipt, tracking, the status page.

Per-visitor pages (forms, sessions), so they are rendered with the request, never cached
(`Cache-Control: private, no-store`). No page shows the applicant's personal data except the
applicant's own status page after a verified one-time code, and there the ID number is masked.
The form's POST answers with the acknowledgement itself (the tracking number, no redirect, no session
write): a submission without attachments is journaled (services.public_intake, core.intake) and
registered by the worker. The receipt PDF and the status page need a tracking session
(services.tracking); sessions of earlier submissions (`foi_submitted`) are still honoured. Here: the index, the request form
and its submission (`apply`), the acknowledgement and receipt, the applicant's list, tracking;
the status page and the applicant's actions on it: views_status.py.
"""

from __future__ import annotations

import logging
from functools import partial

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_safe

from gongkai.accounts.services import is_applicant_account
from gongkai.core import form_pages, public_post
from gongkai.core.audit import client_ip
from gongkai.core.form_pages import first_visit, form_page
from gongkai.organizations.models import Bureau, BureauKind
from gongkai.portal.jinja2env import iso, ymd_hm
from gongkai.portal.responses import render_private_page

from .constants import Channel, State
from .forms_public import ApplyForm, TrackCodeForm, TrackStartForm
from .models import FoiRequest
from .receipt import render_receipt_pdf, state_line
from .services import intake, public_intake, tracking

logger = logging.getLogger(__name__)

SUBMITTED_SESSION_KEY = "foi_submitted"  # uuids this browser session submitted (acknowledgement, receipt)
PENDING_SESSION_KEY = "foi_track_pending"  # the tracking number a code was sent for


def _render(request, template: str, context: dict, *, url_name: str, url_kwargs=None, status: int = 200):
    return render_private_page(request, template, context, url_name=url_name, url_kwargs=url_kwargs, status=status)


def _bureau_or_404(request, code: str) -> Bureau:
    # kept per process as the form page is (core.form_pages): a rename or a deactivation shows within that
    # time; the worker checks the bureau again when it registers the request
    bureau = form_pages.recent(request, ("foi:bureau", code), partial(_bureau, code))
    if bureau is None:
        raise Http404
    return bureau


def _bureau(code: str) -> Bureau | None:
    return Bureau.objects.disclosing().select_related("parent").filter(code=code).first()


def _request_or_404(uuid) -> FoiRequest:
    foi = FoiRequest.objects.select_related("bureau").filter(uuid=uuid).first()
    if foi is None:
        raise Http404
    return foi


def _submitted_by_session(request, foi: FoiRequest) -> bool:
    return str(foi.uuid) in (request.session.get(SUBMITTED_SESSION_KEY) or [])


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


def _acknowledgement(request, *, bureau, number: str, received_at, receipt_uuid=None):
    """The acknowledgement page: the tracking number, shown in the POST's own answer (no redirect)."""
    return _render(
        request,
        "foi_requests/public/submitted.html",
        {
            "bureau": bureau,
            "number": number,
            "received_at": received_at,
            "state_line": state_line(FoiRequest(state=State.SUBMITTED)),
            "receipt_uuid": receipt_uuid,
        },
        url_name="foi:apply",
        url_kwargs={"code": bureau.code},
    )


def _submit(request, bureau, form, *, anonymous: bool):
    """Journal the submission (core.intake) or, with attachments, register it at once; returns the answer.
    `anonymous` (core.public_post): the POST had no CSRF token, so the session's user is never used."""
    files = form.cleaned_data.get("attachments") or ()
    account = request.user if not anonymous and is_applicant_account(request.user) else None
    if not files:
        entry, _created = public_intake.acknowledge(
            bureau=bureau,
            data=form.submission(),
            client_token=form.cleaned_data.get("client_token"),
            ip=client_ip(request),
            applicant_account=account,
        )
        if anonymous:  # the same page for every anonymous submitter but its number and time (core.form_pages)
            return form_pages.acknowledgement(
                request,
                ("foi:submitted", bureau.code, get_language()),
                lambda number, at: _acknowledgement(request, bureau=bureau, number=number, received_at=at),
                number=entry.number,
                received_at=entry.received_at,
                stamps=_stamps,
            )
        return _acknowledgement(request, bureau=bureau, number=entry.number, received_at=entry.received_at)
    foi, _created = intake.submit_request(
        bureau=bureau,
        data=form.submission(),
        channel=Channel.INTERNET,
        client_token=form.cleaned_data.get("client_token"),
        ip=client_ip(request),
        files=files,
        applicant_account=account,
    )
    return _acknowledgement(request, bureau=bureau, number=foi.tracking_number, received_at=foi.submitted_at)


def _stamps(moment) -> tuple[str, str]:
    """How the acknowledgement prints its time (submitted.html)."""
    return iso(moment), ymd_hm(moment)


@csrf_exempt  # core.public_post: CSRF-checked with a token (session path), else same-origin and anonymous
@require_http_methods(["GET", "HEAD", "POST"])
def apply(request, code):
    bureau = _bureau_or_404(request, code)
    files_lost = False
    if request.method == "POST":
        if refused := public_post.refusal(request):
            return refused
        form = ApplyForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                anonymous = public_post.mode(request) == public_post.ANONYMOUS
                return _submit(request, bureau, form, anonymous=anonymous)
            except ValidationError as exc:
                form.add_service_error(exc)
        files_lost = bool(request.FILES)
    elif first_visit(request):  # the same page for every first visitor but its tokens (core.form_pages)
        return form_page(
            request,
            ("foi:apply", bureau.code, get_language()),
            lambda token: _form_page(request, bureau, ApplyForm(initial={"client_token": token}), False),
        )
    else:
        form = ApplyForm(initial=_account_initial(request.user))
    return _form_page(request, bureau, form, files_lost)


def _form_page(request, bureau, form, files_lost: bool):
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
        {
            "bureau": foi.bureau,
            "number": foi.tracking_number,
            "received_at": foi.submitted_at,
            "state_line": state_line(foi),
            "receipt_uuid": foi.uuid,
        },
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
                tracking.take_lookup_slot(client_ip(request))
                foi = tracking.find_request(form.cleaned_data["tracking_number"])
                sent_to = tracking.issue_code(foi, form.cleaned_data["via"])
            except ValidationError as exc:
                fields = {
                    "unknown_tracking_number": "tracking_number",
                    "being_registered": "tracking_number",
                    "not_registered": "tracking_number",
                    "no_destination": "via",
                }
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
