"""Staff screens of surveys: the list, a new survey and its questions, editing, submitting, approval
(four eyes), the results with charts and the XLSX export."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from markupsafe import Markup

from gongkai.accounts import permissions
from gongkai.core.admin_screens import render_admin_screen, review_screen, show_errors

from . import selectors, services
from .admin_forms import QuestionFormSet, SurveyForm, questions_from
from .models import Survey, SurveyStatus
from .results import bar_chart
from .rules import APPROVE_SURVEY, CHANGE_SURVEY, VIEW_SURVEY


def _render(request, template, title, context, crumbs=()):
    section = ("surveys_admin:index", _("Surveys"))
    return render_admin_screen(request, template, title, context, section=section, icon="list-ul", crumbs=crumbs)


def _survey(request, pk) -> Survey:
    survey = get_object_or_404(Survey.objects.select_related("bureau"), pk=pk)
    if not permissions.can(request.user, VIEW_SURVEY, survey):
        raise Http404
    return survey


def index(request):
    if not permissions.can(request.user, VIEW_SURVEY):
        raise PermissionDenied
    return _render(
        request,
        "surveys/admin/index.html",
        _("Surveys"),
        {
            "surveys": selectors.for_staff(request.user)[:200],
            "may_create": permissions.can(request.user, CHANGE_SURVEY),
        },
    )


def _bureaus(request):
    bureaus = permissions.active_bureaus(request.user, CHANGE_SURVEY)
    if not bureaus.exists():
        raise PermissionDenied
    return bureaus


def edit(request, pk=None):
    survey = _survey(request, pk) if pk else None
    if survey is not None and not permissions.can(request.user, CHANGE_SURVEY, survey):
        raise PermissionDenied
    bureaus = _bureaus(request)
    initial = {}
    initial_questions = []
    if survey is not None:
        initial = {
            "bureau": survey.bureau,
            "title": survey.title,
            "description": survey.description,
            "opens_on": survey.opens_on,
            "closes_on": survey.closes_on,
            "verify_by": survey.verify_by,
        }
        initial_questions = [
            {"kind": q.kind, "text": q.text, "required": q.required, "choices": "\n".join(q.choices)}
            for q in survey.questions.all()
        ]
    data = request.POST if request.method == "POST" else None
    form = SurveyForm(data, bureaus=bureaus, initial=initial)
    questions = QuestionFormSet(data, prefix="questions", initial=initial_questions)
    if request.method == "POST" and form.is_valid() and questions.is_valid():
        fields = {k: v for k, v in form.cleaned_data.items() if k != "bureau"}
        try:
            if survey is None:
                survey = services.survey_create(
                    bureau=form.cleaned_data["bureau"],
                    **fields,
                    questions=questions_from(questions),
                    acting_user=request.user,
                    request=request,
                )
            else:
                services.survey_save(
                    survey=survey,
                    **fields,
                    questions=questions_from(questions),
                    acting_user=request.user,
                    request=request,
                )
            if "submit" in request.POST:
                services.survey_submit(survey=survey, acting_user=request.user, request=request)
                messages.success(request, _("The survey is submitted. A reviewer or the leader publishes it."))
                return redirect("surveys_admin:index")
        except ValidationError as exc:
            show_errors(request, exc)
        else:
            messages.success(request, _("The survey is saved."))
            return redirect("surveys_admin:edit", pk=survey.pk)
    title = survey.title if survey else _("New survey")
    return _render(
        request,
        "surveys/admin/edit.html",
        title,
        {
            "survey": survey,
            "form": form,
            "questions": questions,
            "locked": survey is not None and survey.status == SurveyStatus.PUBLISHED,
        },
    )


def review(request, pk):
    survey = _survey(request, pk)
    common = {"survey": survey, "acting_user": request.user, "request": request}
    return review_screen(
        request,
        waiting=survey.status == SurveyStatus.SUBMITTED,
        not_waiting=_("This survey is not waiting for approval."),
        back=reverse("surveys_admin:index"),
        allowed=permissions.can(request.user, APPROVE_SURVEY, survey),
        approve=lambda **check: services.survey_approve(**common, **check),
        send_back=lambda reason: services.survey_return(**common, reason=reason),
        approved=_("The survey is approved and published."),
        returned=_("The survey is returned to its authors."),
        done=reverse("surveys_admin:index"),
        render=lambda form: _render(
            request,
            "surveys/admin/review.html",
            _("Approve the survey: %(title)s") % {"title": survey.title},
            {"survey": survey, "form": form, "may_approve": services.may_approve(request.user, survey)},
        ),
    )


def results(request, pk):
    survey = _survey(request, pk)
    rows = [
        {"result": r, "chart": Markup(bar_chart(r.counts, title=r.text)) if r.counts else None}
        for r in services.results(survey)
    ]
    return _render(
        request,
        "surveys/admin/results.html",
        _("Results: %(title)s") % {"title": survey.title},
        {"survey": survey, "rows": rows, "total": survey.responses.count()},
    )


def export(request, pk):
    survey = _survey(request, pk)
    data = services.export_xlsx(survey=survey, acting_user=request.user, request=request)
    response = HttpResponse(data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="survey-{survey.pk}.xlsx"'
    return response


@require_POST
def submit(request, pk):
    survey = _survey(request, pk)
    try:
        services.survey_submit(survey=survey, acting_user=request.user, request=request)
    except ValidationError as exc:
        show_errors(request, exc)
    else:
        messages.success(request, _("The survey is submitted. A reviewer or the leader publishes it."))
    return redirect("surveys_admin:index")
