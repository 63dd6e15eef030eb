"""Public inquiry pages: the published answers (request-free rendering), the form and the tracking page
(per visitor: rendered with the request, never cached)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.views.decorators.http import require_http_methods, require_safe

from gongkai.organizations.models import Bureau
from gongkai.portal import selectors as portal_selectors
from gongkai.portal.responses import render_private_page

from . import rendering, selectors, services
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
    form = AskForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            inquiry = services.submit_inquiry(bureau=bureau, request=request, channel="web", **form.cleaned_data)
        except ValidationError as exc:
            form.add_service_error(exc)
        else:
            recent = [n for n in (request.session.get(SESSION_KEY) or []) if n != inquiry.tracking_number]
            request.session[SESSION_KEY] = [*recent[-9:], inquiry.tracking_number]
            url = reverse("inquiries:submitted", kwargs={"number": inquiry.tracking_number})
            return redirect(url + ("?duplicate=1" if inquiry.duplicate else ""))
    return render_private_page(
        request,
        "inquiries/ask.html",
        {"bureau": bureau, "parent": bureau.parent, "form": form},
        url_name="inquiries:ask",
        url_kwargs={"code": bureau.code},
        status=400 if form.errors else 200,
    )


@require_safe
def submitted(request, number):
    if number not in (request.session.get(SESSION_KEY) or []):
        return redirect(reverse("inquiries:track") + f"?number={number}")
    inquiry = Inquiry.objects.select_related("bureau").filter(tracking_number=number).first()
    if inquiry is None:
        raise Http404
    return render_private_page(
        request,
        "inquiries/submitted.html",
        {"inquiry": inquiry, "bureau": inquiry.bureau, "duplicate": request.GET.get("duplicate") == "1"},
        url_name="inquiries:submitted",
        url_kwargs={"number": number},
    )


@require_safe
def track(request):
    """The state of an inquiry by its tracking number (the number is random and unguessable; the page
    shows no name and no contact)."""
    form = TrackForm(request.GET or None)
    inquiry = None
    not_found = False
    if form.is_bound and form.is_valid():
        number = services.normalize_tracking_number(form.cleaned_data["number"])
        inquiry = Inquiry.objects.select_related("bureau").filter(tracking_number=number).first()
        not_found = inquiry is None
    return render_private_page(
        request,
        "inquiries/track.html",
        {"form": form, "inquiry": inquiry, "not_found": not_found, "today": timezone.localdate()},
        url_name="inquiries:track",
        status=404 if not_found else 200,
    )
