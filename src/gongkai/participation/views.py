"""Public participation pages: lean views over `rendering` (404 for an unknown bureau or anything not
published), and the two per-visitor forms (comment, registration) rendered with the request."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from gongkai.core.audit import client_ip
from gongkai.organizations.models import Bureau
from gongkai.portal import selectors as portal_selectors
from gongkai.portal.responses import render_private_page

from . import models, rendering, selectors
from .forms import CommentForm, RegistrationForm
from .services import comments, consultations, hearings


def _bureau(code: str) -> Bureau:
    try:
        return portal_selectors.bureau_get_public(code)
    except Bureau.DoesNotExist as exc:
        raise Http404 from exc


def _consultation(code: str, uid) -> models.Consultation:
    try:
        consultation = selectors.consultation_public(uid)
    except models.Consultation.DoesNotExist as exc:
        raise Http404 from exc
    if consultation.bureau.code != code:
        raise Http404
    return consultation


def _hearing(code: str, uid) -> models.Hearing:
    try:
        hearing = selectors.hearing_public(uid)
    except models.Hearing.DoesNotExist as exc:
        raise Http404 from exc
    if hearing.bureau.code != code:
        raise Http404
    return hearing


def index(request, code):
    return HttpResponse(rendering.render_index(_bureau(code), get_language()))


def catalog(request, code, year):
    found = selectors.catalogs_public(_bureau(code), year).first()
    if found is None:
        raise Http404
    return HttpResponse(rendering.render_catalog(found, get_language()))


def consultation(request, code, uid):
    return HttpResponse(rendering.render_consultation(_consultation(code, uid), get_language()))


def summary(request, code, uid):
    found = selectors.summary_public(_consultation(code, uid))
    if found is None:
        raise Http404
    return HttpResponse(rendering.render_summary(found, get_language()))


def hearing(request, code, uid):
    return HttpResponse(rendering.render_hearing(_hearing(code, uid), get_language()))


def _add_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


def comment(request, code, uid):
    consultation = _consultation(code, uid)
    form = CommentForm(request.POST or None, request.FILES or None)
    is_open = consultations.phase(consultation) == "open"
    if request.method == "POST" and is_open and form.is_valid():
        data = form.cleaned_data
        try:
            found, _created = comments.comment_submit(
                consultation=consultation,
                body=data["body"],
                name=data["name"],
                contact=data["contact"],
                attachment=data["attachment"],
                client_token=data["client_token"],
                ip=client_ip(request),
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            return redirect("participation:comment_received", code=code, uid=uid, number=found.number)
    status = 400 if form.errors else 200
    return render_private_page(
        request,
        "participation/comment.html",
        {
            "bureau": consultation.bureau,
            "parent": consultation.bureau.parent,
            "c": consultation,
            "form": form,
            "is_open": is_open,
        },
        url_name="participation:comment",
        url_kwargs={"code": code, "uid": uid},
        status=status,
    )


def comment_received(request, code, uid, number):
    consultation = _consultation(code, uid)
    found = consultation.comments.filter(number=number).only("number", "state", "created_at").first()
    if found is None:
        raise Http404
    return render_private_page(
        request,
        "participation/comment_received.html",
        {"bureau": consultation.bureau, "parent": consultation.bureau.parent, "c": consultation, "comment": found},
        url_name="participation:comment_received",
        url_kwargs={"code": code, "uid": uid, "number": number},
    )


def register(request, code, uid):
    hearing = _hearing(code, uid)
    form = RegistrationForm(request.POST or None)
    is_open = hearings.registration_open(hearing)
    done = None
    if request.method == "POST" and is_open and form.is_valid():
        try:
            done, _created = hearings.register(hearing=hearing, ip=client_ip(request), **form.cleaned_data)
        except ValidationError as exc:
            _add_errors(form, exc)
    return render_private_page(
        request,
        "participation/register.html",
        {
            "bureau": hearing.bureau,
            "parent": hearing.bureau.parent,
            "h": hearing,
            "form": form,
            "is_open": is_open,
            "done": done,
            "closed_message": _("Registration is closed."),
        },
        url_name="participation:register",
        url_kwargs={"code": code, "uid": uid},
        status=400 if form.errors else 200,
    )
