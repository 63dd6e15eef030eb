"""Public participation pages: lean views over `rendering` (404 for an unknown bureau or anything not
published), and the two per-visitor forms (comment, registration) rendered with the request."""

from __future__ import annotations

from functools import partial

from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from gongkai.core import public_post
from gongkai.core.audit import client_ip
from gongkai.core.form_pages import acknowledgement, form_page, recent
from gongkai.organizations.models import Bureau
from gongkai.portal import selectors as portal_selectors
from gongkai.portal.responses import render_private_page

from . import models, rendering, selectors
from .forms import CommentForm, RegistrationForm
from .services import comment_intake, comments, consultations, hearings


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


def _acknowledged(request, consultation, number: str, state: str):
    """The receipt page: the comment's receipt number (the POST's own answer, or a later look-up)."""
    code, uid = consultation.bureau.code, consultation.uid
    return render_private_page(
        request,
        "participation/comment_received.html",
        {
            "bureau": consultation.bureau,
            "parent": consultation.bureau.parent,
            "c": consultation,
            "number": number,
            "state": state,
        },
        url_name="participation:comment_received",
        url_kwargs={"code": code, "uid": uid, "number": number},
    )


def _submit(request, consultation, data):
    """Journal the comment (core.intake) or, with an attachment, store it at once; returns the receipt page."""
    fields = {"body": data["body"], "name": data["name"], "contact": data["contact"]}
    if data["attachment"] is None:
        entry, _created = comment_intake.acknowledge(
            consultation=consultation, client_token=data["client_token"], ip=client_ip(request), **fields
        )
        # the same page for every comment on this consultation but its number (core.form_pages)
        return acknowledgement(
            request,
            ("participation:comment_received", consultation.uid, get_language()),
            lambda number, _at: _acknowledged(request, consultation, number, "received"),
            number=entry.number,
            received_at=entry.received_at,
            stamps=lambda _at: (),
        )
    comment_intake.check_journal_duplicate(consultation, data["body"])
    found, _created = comments.comment_submit(
        consultation=consultation,
        attachment=data["attachment"],
        client_token=data["client_token"],
        ip=client_ip(request),
        **fields,
    )
    return _acknowledged(request, consultation, found.number, found.state)


def _consultation_or_none(code: str, uid) -> models.Consultation | None:
    try:
        return _consultation(code, uid)
    except Http404:
        return None


@csrf_exempt  # core.public_post: CSRF-checked with a token, else same-origin (comments never use the session)
def comment(request, code, uid):
    # kept per process as the form page is (core.form_pages); the phase is computed per request, and the
    # worker checks again that the consultation is open when it registers the comment
    consultation = recent(request, ("participation:consultation", code, uid), partial(_consultation_or_none, code, uid))
    if consultation is None:
        raise Http404
    is_open = consultations.phase(consultation) == "open"
    if request.method != "POST":  # the same page for every first visitor but its tokens (core.form_pages)
        return form_page(
            request,
            ("participation:comment", consultation.uid, get_language()),
            lambda token: _comment_page(request, consultation, CommentForm(initial={"client_token": token}), is_open),
        )
    if refused := public_post.refusal(request):
        return refused
    form = CommentForm(request.POST, request.FILES or None)
    if is_open and form.is_valid():
        try:
            return _submit(request, consultation, form.cleaned_data)
        except ValidationError as exc:
            _add_errors(form, exc)
    return _comment_page(request, consultation, form, is_open)


def _comment_page(request, consultation, form, is_open: bool):
    code, uid = consultation.bureau.code, consultation.uid
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
    found = consultation.comments.filter(number=number).only("number", "state").first()
    if found is not None:
        return _acknowledged(request, consultation, found.number, found.state)
    if comment_intake.pending(consultation, number) is not None:
        return _acknowledged(request, consultation, number, "received")
    raise Http404


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
