"""Staff screens of public concerns: the list with each deadline's state, recording a concern, its
responses (draft, submit), and the approval of a response (four eyes)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gongkai.accounts import permissions
from gongkai.core.admin_screens import render_admin_screen, review_screen, show_errors

from . import selectors, services
from .admin_forms import ConcernForm, ResponseForm
from .models import Concern, ConcernResponse, ResponseStatus
from .rules import APPROVE_RESPONSE, CHANGE_CONCERN, VIEW_CONCERN


def _render(request, template, title, context, crumbs=()):
    section = ("concerns_admin:index", _("Public concerns"))
    return render_admin_screen(request, template, title, context, section=section, icon="warning", crumbs=crumbs)


def _concern(request, pk) -> Concern:
    concern = get_object_or_404(Concern.objects.select_related("bureau"), pk=pk)
    if not permissions.can(request.user, VIEW_CONCERN, concern):
        raise Http404
    return concern


def index(request):
    if not permissions.can(request.user, VIEW_CONCERN):
        raise PermissionDenied
    rows = [{"concern": c, "deadlines": services.deadline_states(c)} for c in selectors.for_staff(request.user)[:200]]
    return _render(
        request,
        "concerns/admin/index.html",
        _("Public concerns"),
        {"rows": rows, "may_create": permissions.can(request.user, CHANGE_CONCERN)},
    )


def create(request):
    bureaus = permissions.active_bureaus(request.user, CHANGE_CONCERN)
    if not bureaus.exists():
        raise PermissionDenied
    form = ConcernForm(request.POST or None, bureaus=bureaus)
    if request.method == "POST" and form.is_valid():
        try:
            concern = services.concern_create(**form.cleaned_data, acting_user=request.user, request=request)
        except ValidationError as exc:
            show_errors(request, exc)
        else:
            messages.success(request, _("The concern is recorded; its deadlines are running."))
            return redirect("concerns_admin:detail", pk=concern.pk)
    return _render(request, "concerns/admin/form.html", _("Record a public concern"), {"form": form})


def detail(request, pk):
    concern = _concern(request, pk)
    may_change = permissions.can(request.user, CHANGE_CONCERN, concern)
    form = ResponseForm(request.POST or None)
    if request.method == "POST" and may_change and form.is_valid():
        try:
            response = services.response_save(
                concern=concern, **form.cleaned_data, acting_user=request.user, request=request
            )
            if "submit" in request.POST:
                services.response_submit(response=response, acting_user=request.user, request=request)
        except ValidationError as exc:
            show_errors(request, exc)
        else:
            messages.success(request, _("The response is saved."))
            return redirect("concerns_admin:detail", pk=concern.pk)
    return _render(
        request,
        "concerns/admin/detail.html",
        concern.title,
        {
            "concern": concern,
            "deadlines": services.deadline_states(concern),
            "responses": concern.responses.select_related("created_by", "approved_by"),
            "form": form,
            "may_change": may_change,
            "may_review": permissions.can(request.user, APPROVE_RESPONSE, concern),
        },
    )


@require_POST
def submit(request, pk, response_pk):
    concern = _concern(request, pk)
    response = get_object_or_404(ConcernResponse, pk=response_pk, concern=concern)
    try:
        services.response_submit(response=response, acting_user=request.user, request=request)
    except ValidationError as exc:
        show_errors(request, exc)
    else:
        messages.success(request, _("The response is submitted for approval."))
    return redirect("concerns_admin:detail", pk=concern.pk)


def review(request, pk, response_pk):
    concern = _concern(request, pk)
    response = get_object_or_404(ConcernResponse, pk=response_pk, concern=concern)
    common = {"response": response, "acting_user": request.user, "request": request}
    return review_screen(
        request,
        waiting=response.status == ResponseStatus.SUBMITTED,
        not_waiting=_("This response is not waiting for approval."),
        back=reverse("concerns_admin:detail", args=[concern.pk]),
        allowed=permissions.can(request.user, APPROVE_RESPONSE, response),
        approve=lambda **check: services.response_approve(**common, **check),
        send_back=lambda reason: services.response_return(**common, reason=reason),
        approved=_("The response is approved and published."),
        returned=_("The response is returned to its author."),
        done=reverse("concerns_admin:detail", args=[concern.pk]),
        render=lambda form: _render(
            request,
            "concerns/admin/review.html",
            _("Approve the response: %(title)s") % {"title": response.title},
            {
                "concern": concern,
                "response": response,
                "form": form,
                "may_approve": services.may_approve(request.user, response),
            },
            crumbs=[(reverse("concerns_admin:detail", args=[concern.pk]), concern.title)],
        ),
    )
