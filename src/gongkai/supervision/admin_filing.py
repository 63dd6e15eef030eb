"""Staff screens where a county files to the city (under /admin/supervision/b/<code>/): its work plan with tasks,
leader activities, training sessions with attendees, and the rectification of inspection findings. The city
supervisor sees them and reviews the plan (`admin_views.review`) or verifies a rectification. Thin: forms parse,
the services decide and audit; a refused action goes through `permissions.require` (the denial is noted)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gongkai.accounts import permissions

from . import services
from .admin_forms import (
    LeaderActivityForm,
    PlanForm,
    RectifyForm,
    ReviewForm,
    TaskDoneForm,
    TaskFormSet,
    TrainingForm,
    task_rows,
)
from .admin_views import _bureau, _error_text, post_action, render
from .models import Finding, LeaderActivity, ReviewStatus, TrainingSession, WorkPlan, WorkPlanTask
from .rules import FILE, REVIEW, VIEW

PER_PAGE = 20


def page_of(request, queryset, per_page: int = PER_PAGE):
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))


def _crumbs(bureau):
    return [(reverse("supervision_admin:county", args=[bureau.code]), bureau.name)]


def plan(request, code, year):
    """The bureau's work plan of `year`: the county writes it with its tasks and submits it; the city reads it,
    accepts it or returns it with comments."""
    bureau = _bureau(request, code)
    if not 2000 <= year <= 2100:
        raise Http404
    existing = WorkPlan.objects.filter(bureau=bureau, year=year).prefetch_related("tasks").first()
    may_file = permissions.can(request.user, FILE, bureau)
    if request.method == "POST":
        permissions.require(request.user, FILE, bureau)
        form, formset = PlanForm(request.POST), TaskFormSet(request.POST, prefix="tasks")
        if form.is_valid() and formset.is_valid():
            try:
                saved = services.plan_save(
                    bureau=bureau,
                    year=year,
                    title=form.cleaned_data["title"],
                    summary=form.cleaned_data["summary"],
                    tasks=task_rows(formset),
                    acting_user=request.user,
                    request=request,
                )
                if "submit" in request.POST:
                    services.plan_submit(plan=saved, acting_user=request.user, request=request)
                    messages.success(request, _("The work plan was submitted to the city."))
                else:
                    messages.success(request, _("The work plan was saved."))
                return redirect(reverse("supervision_admin:plan", args=[code, year]))
            except ValidationError as exc:
                form.add_error(None, _error_text(exc))
    else:
        initial = {"title": existing.title, "summary": existing.summary} if existing else {}
        tasks = [
            {name: getattr(t, name) for name in services.plans.TASK_FIELDS + ("done_on",)}
            for t in (existing.tasks.all() if existing else [])
        ]
        form, formset = PlanForm(initial=initial), TaskFormSet(initial=tasks, prefix="tasks")
    context = {
        "bureau": bureau,
        "year": year,
        "plan": existing,
        "form": form,
        "formset": formset,
        "editable": may_file and (existing is None or existing.status in services.EDITABLE),
        "may_review": existing is not None and permissions.can(request.user, REVIEW, bureau),
        "review_form": ReviewForm(),
        "may_mark_done": may_file and existing is not None and existing.status == ReviewStatus.ACCEPTED,
        "done_form": TaskDoneForm(),
    }
    title = _("Work plan %(year)s") % {"year": year}
    return render(request, "supervision/admin/plan.html", title, context, crumbs=_crumbs(bureau))


@require_POST
def task_done(request, pk):
    """The county marks a task of its accepted plan done on a date."""
    task = WorkPlanTask.objects.select_related("plan__bureau").filter(pk=pk).first()
    if task is None or not permissions.scope(request.user, VIEW, WorkPlan.objects.filter(pk=task.plan_id)).exists():
        raise Http404
    plan = task.plan
    permissions.require(request.user, FILE, plan.bureau)
    post_action(
        request,
        TaskDoneForm(request.POST),
        lambda **data: services.task_done(task=task, acting_user=request.user, request=request, **data),
        _("The task was marked done."),
    )
    return redirect(reverse("supervision_admin:plan", args=[plan.bureau.code, plan.year]))


def leader_activities(request, code):
    """The leader's hearings and policy interpretations recorded for the bureau (newest first), and the form."""
    bureau = _bureau(request, code)
    form = LeaderActivityForm(request.POST or None)
    if request.method == "POST":
        permissions.require(request.user, FILE, bureau)
        if form.is_valid():
            try:
                services.leader_activity_add(
                    bureau=bureau, acting_user=request.user, request=request, **form.cleaned_data
                )
                messages.success(request, _("The leader activity was recorded."))
                return redirect(reverse("supervision_admin:leader_activities", args=[code]))
            except ValidationError as exc:
                form.add_error(None, _error_text(exc))
    context = {
        "bureau": bureau,
        "page": page_of(request, LeaderActivity.objects.filter(bureau=bureau).order_by("-on", "-pk")),
        "form": form,
        "may_file": permissions.can(request.user, FILE, bureau),
    }
    title = _("Leader duties: %(bureau)s") % {"bureau": bureau.name}
    return render(request, "supervision/admin/leader_activities.html", title, context, crumbs=_crumbs(bureau))


def training_sessions(request, code):
    """The bureau's training sessions with their attendees (newest first), and the form."""
    bureau = _bureau(request, code)
    form = TrainingForm(request.POST or None)
    if request.method == "POST":
        permissions.require(request.user, FILE, bureau)
        if form.is_valid():
            try:
                services.training_add(bureau=bureau, acting_user=request.user, request=request, **form.cleaned_data)
                messages.success(request, _("The training session was recorded."))
                return redirect(reverse("supervision_admin:training_sessions", args=[code]))
            except ValidationError as exc:
                form.add_error(None, _error_text(exc))
    sessions = TrainingSession.objects.filter(bureau=bureau).prefetch_related("attendees").order_by("-on", "-pk")
    context = {
        "bureau": bureau,
        "page": page_of(request, sessions),
        "form": form,
        "may_file": permissions.can(request.user, FILE, bureau),
    }
    title = _("Training: %(bureau)s") % {"bureau": bureau.name}
    return render(request, "supervision/admin/training_sessions.html", title, context, crumbs=_crumbs(bureau))


def findings(request, code):
    """The findings of the city's inspections at the bureau: the county reports each rectification; the city
    verifies it."""
    bureau = _bureau(request, code)
    rows = Finding.objects.filter(bureau=bureau).select_related("inspection").order_by("rectify_by", "pk")
    context = {
        "bureau": bureau,
        "page": page_of(request, rows),
        "rectify_form": RectifyForm(),
        "may_file": permissions.can(request.user, FILE, bureau),
        "may_review": permissions.can(request.user, REVIEW, bureau),
    }
    title = _("Inspection findings: %(bureau)s") % {"bureau": bureau.name}
    return render(request, "supervision/admin/findings.html", title, context, crumbs=_crumbs(bureau))


def _finding(request, pk) -> Finding:
    finding = permissions.scope(request.user, VIEW, Finding.objects.select_related("bureau")).filter(pk=pk).first()
    if finding is None:
        raise Http404
    return finding


def _back_to_findings(request, finding):
    return redirect(reverse("supervision_admin:findings", args=[finding.bureau.code]))


@require_POST
def finding_rectify(request, pk):
    finding = _finding(request, pk)
    permissions.require(request.user, FILE, finding.bureau)
    form = RectifyForm(request.POST)
    if not form.is_valid():
        messages.error(request, "; ".join(e for errors in form.errors.values() for e in errors))
        return _back_to_findings(request, finding)
    try:
        services.finding_rectify(finding=finding, acting_user=request.user, request=request, **form.cleaned_data)
        messages.success(request, _("The rectification was reported to the city."))
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
    return _back_to_findings(request, finding)


@require_POST
def finding_verify(request, pk):
    finding = _finding(request, pk)
    permissions.require(request.user, REVIEW, finding.bureau)
    try:
        services.finding_verify(finding=finding, acting_user=request.user, request=request)
        messages.success(request, _("The rectification was verified."))
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
    next_url = request.POST.get("from_inspection")
    if next_url and next_url.isdigit():
        return redirect(reverse("supervision_admin:inspection", args=[int(next_url)]))
    return _back_to_findings(request, finding)
