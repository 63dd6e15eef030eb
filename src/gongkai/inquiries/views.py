"""Public inquiry pages: the published answers (request-free rendering), the form and the tracking page
(per visitor: rendered with the request, never cached).

The form's POST answers with the acknowledgement itself (the tracking number and the answer date; no
redirect, no session write): the inquiry is journaled (`public_intake`, core.intake) and stored by the
worker; until then tracking says it is being registered. The first visit's form page is rendered once per
bureau and language (core.form_pages). `submitted` honours the sessions of earlier submissions."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.views.decorators.http import require_http_methods, require_safe

from gongkai.core.form_pages import form_page
from gongkai.core.request_context import client_ip
from gongkai.organizations.models import Bureau
from gongkai.portal import selectors as portal_selectors
from gongkai.portal.responses import render_private_page

from . import public_intake, rendering, selectors, services
from .forms_public import AskForm, TrackForm
from .models import Inquiry

SESSION_KEY = "inquiries_submitted"


def _bureau_or_404(code: str) -> Bureau:
    try:
        return portal_selectors.bureau_get_public(code)
    except Bureau.DoesNotExist as exc:
        raise Http404 from exc


@require_safe
def inquiry_list(request, code):
    return HttpResponse(rendering.render_inquiry_list(_bureau_or_404(code), get_language()))


@require_safe
def inquiry_detail(request, code, pk):
    try:
        inquiry = selectors.published_get(_bureau_or_404(code), pk)
    except Inquiry.DoesNotExist as exc:
        raise Http404 from exc
    return HttpResponse(rendering.render_inquiry(inquiry, get_language()))


@require_http_methods(["GET", "HEAD", "POST"])
def ask(request, code):
    bureau = _bureau_or_404(code)
    if request.method != "POST":  # the same page for every first visitor but its tokens (core.form_pages)
        return form_page(
            request,
            ("inquiries:ask", bureau.code, get_language()),
            lambda token: _ask_page(request, bureau, AskForm(initial={"client_token": token})),
        )
    form = AskForm(request.POST)
    if form.is_valid():
        try:
            entry, _created = public_intake.acknowledge(
                bureau=bureau, ip=client_ip(request), request=request, **form.cleaned_data
            )
        except ValidationError as exc:
            form.add_service_error(exc)
        else:
            return _acknowledgement(
                request, bureau, entry.number, entry.received_at, public_intake.due_on(entry), url_name="inquiries:ask"
            )
    return _ask_page(request, bureau, form)


def _ask_page(request, bureau, form):
    return render_private_page(
        request,
        "inquiries/ask.html",
        {"bureau": bureau, "parent": bureau.parent, "form": form},
        url_name="inquiries:ask",
        url_kwargs={"code": bureau.code},
        status=400 if form.errors else 200,
    )


def _acknowledgement(request, bureau, number: str, received_at, due_on, *, url_name: str):
    """The acknowledgement: the tracking number (the POST's own answer, or an earlier session's page)."""
    url_kwargs = {"code": bureau.code} if url_name == "inquiries:ask" else {"number": number}
    return render_private_page(
        request,
        "inquiries/submitted.html",
        {"bureau": bureau, "number": number, "received_at": received_at, "due_on": due_on},
        url_name=url_name,
        url_kwargs=url_kwargs,
    )


@require_safe
def submitted(request, number):
    if number not in (request.session.get(SESSION_KEY) or []):
        return redirect(reverse("inquiries:track") + f"?number={number}")
    inquiry = Inquiry.objects.select_related("bureau").filter(tracking_number=number).first()
    if inquiry is None:
        raise Http404
    return _acknowledgement(
        request, inquiry.bureau, number, inquiry.submitted_at, inquiry.due_on, url_name="inquiries:submitted"
    )


@require_safe
def track(request):
    """The state of an inquiry by its tracking number (the number is random and unguessable; the page
    shows no name and no contact)."""
    form = TrackForm(request.GET or None)
    inquiry = entry = None
    not_found = False
    if form.is_bound and form.is_valid():
        number = services.normalize_tracking_number(form.cleaned_data["number"])
        inquiry = Inquiry.objects.select_related("bureau").filter(tracking_number=number).first()
        if inquiry is None:
            entry = public_intake.journaled(number)  # acknowledged, not yet stored by the worker
        not_found = inquiry is None and entry is None
    return render_private_page(
        request,
        "inquiries/track.html",
        {
            "form": form,
            "inquiry": inquiry,
            "entry": entry,
            "not_found": not_found,
            "today": timezone.localdate(),
        },
        url_name="inquiries:track",
        status=404 if not_found else 200,
    )
