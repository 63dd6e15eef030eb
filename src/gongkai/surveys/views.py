"""Public survey pages: the list and the results (request-free rendering), and answering (per visitor)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from gongkai.organizations.models import Bureau
from gongkai.portal import selectors as portal_selectors
from gongkai.portal.responses import render_private_page

from . import rendering, selectors, services
from .forms_public import AnswerForm
from .models import Survey, VerifyBy


def _bureau_or_404(code: str) -> Bureau:
    try:
        return portal_selectors.bureau_get_public(code)
    except Bureau.DoesNotExist as exc:
        raise Http404 from exc


def _survey_or_404(code: str, pk: int) -> Survey:
    try:
        return selectors.published_get(_bureau_or_404(code), pk)
    except Survey.DoesNotExist as exc:
        raise Http404 from exc


@require_safe
def survey_list(request, code):
    return HttpResponse(rendering.render_survey_list(_bureau_or_404(code), get_language()))


@require_safe
def survey_results(request, code, pk):
    return HttpResponse(rendering.render_results(_survey_or_404(code, pk), get_language()))


@require_http_methods(["GET", "HEAD", "POST"])
def survey_answer(request, code, pk):
    survey = _survey_or_404(code, pk)
    form = AnswerForm(request.POST or None, survey=survey)
    code_sent = request.method == "POST"
    if request.method == "POST" and form.is_valid():
        try:
            if "send_code" in request.POST:
                services.send_code(survey=survey, email=form.cleaned_data["email"], request=request)
                sent = _("A code was sent by SMS. Enter it below.") if survey.verify_by == VerifyBy.PHONE else None
                messages.success(request, sent or _("A code was sent by email. Enter it below."))
            else:
                services.submit_response(
                    survey=survey,
                    email=form.cleaned_data["email"],
                    code=form.cleaned_data["code"],
                    answers=form.answers(),
                    request=request,
                )
                messages.success(request, _("Thank you: your answers are recorded."))
                return redirect("surveys:results", code=code, pk=pk)
        except ValidationError as exc:
            form.add_service_error(exc)
    return render_private_page(
        request,
        "surveys/answer.html",
        {
            "bureau": survey.bureau,
            "parent": survey.bureau.parent,
            "survey": survey,
            "form": form,
            "open": survey.is_open_on(timezone.localdate()),
            "code_sent": code_sent,
        },
        url_name="surveys:answer",
        url_kwargs={"code": code, "pk": pk},
        status=400 if form.errors else 200,
    )
