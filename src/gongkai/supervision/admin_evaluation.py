"""Staff screens of the city supervisor (under /admin/supervision/): inspections (专项督查) with their findings,
the evaluation scheme's points per indicator, and the manual scores. Thin: forms parse, the services decide and
audit; without `rules.MANAGE` the screens answer 403 and the denial is noted."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gongkai.accounts import permissions
from gongkai.organizations.models import Bureau, BureauKind

from . import evaluation, indicators, services
from .admin_filing import page_of
from .admin_forms import FindingForm, InspectionForm, ManualScoreForm, SchemeForm
from .admin_views import _error_text, _managed_city, _year, post_action, render
from .models import EvaluationScheme, Inspection, SchemeEntry
from .rules import MANAGE


def _city(request) -> Bureau:
    city = _managed_city(request.user)
    if city is None:
        permissions.require(request.user, MANAGE)  # notes the denial and raises
        raise Http404  # a supervisor without an active city bureau
    return city


def _counties(city):
    return Bureau.objects.disclosing().filter(parent=city, kind=BureauKind.COUNTY).order_by("sort_order", "code")


def _crumbs():
    return [(reverse("supervision_admin:evaluation"), _("Evaluation and ranking"))]


def inspections(request):
    city = _city(request)
    form = InspectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            made = services.inspection_create(city=city, acting_user=request.user, request=request, **form.cleaned_data)
            messages.success(request, _("The inspection was recorded; add its findings."))
            return redirect(reverse("supervision_admin:inspection", args=[made.pk]))
        except ValidationError as exc:
            form.add_error(None, _error_text(exc))
    rows = (
        Inspection.objects.filter(city=city)
        .annotate(
            findings_count=Count("findings"),
            rectified_count=Count("findings", filter=Q(findings__rectified_on__isnull=False)),
        )
        .order_by("-on", "-pk")
    )
    context = {"city": city, "page": page_of(request, rows), "form": form}
    return render(request, "supervision/admin/inspections.html", _("Inspections"), context, crumbs=_crumbs())


def inspection(request, pk):
    city = _city(request)
    found = Inspection.objects.filter(city=city, pk=pk).first()
    if found is None:
        raise Http404
    form = FindingForm(request.POST or None, bureaus=_counties(city))
    if request.method == "POST" and form.is_valid():
        try:
            services.finding_add(inspection=found, acting_user=request.user, request=request, **form.cleaned_data)
            messages.success(request, _("The finding was recorded."))
            return redirect(reverse("supervision_admin:inspection", args=[pk]))
        except ValidationError as exc:
            form.add_error(None, _error_text(exc))
    findings = list(found.findings.select_related("bureau").order_by("bureau__sort_order", "rectify_by", "pk"))
    context = {
        "inspection": found,
        "findings": findings,
        "form": form,
        "edit_form": InspectionForm(initial={"title": found.title, "on": found.on}, prefix="edit"),
        "may_change": not any(f.verified_at for f in findings),
        "may_delete": not findings,
    }
    crumbs = [*_crumbs(), (reverse("supervision_admin:inspections"), _("Inspections"))]
    return render(request, "supervision/admin/inspection.html", found.title, context, crumbs=crumbs)


def scheme(request):
    """The points of every registered indicator in the year's scheme (empty: not in the scheme)."""
    city = _city(request)
    year = _year(request)
    registered = indicators.all_indicators()
    current, weights = evaluation.weights_for(city, year)
    initial = {f"w_{code}": weight for code, weight in weights.items()}
    initial["name"] = current.name if current else ""
    form = SchemeForm(request.POST or None, indicators=registered, initial=initial)
    if request.method == "POST" and form.is_valid():
        if not form.weights():
            form.add_error(None, _("Give at least one indicator points."))
        else:
            try:
                services.scheme_save(
                    city=city,
                    year=year,
                    name=form.cleaned_data["name"],
                    weights=form.weights(),
                    acting_user=request.user,
                    request=request,
                )
                messages.success(request, _("The evaluation scheme was saved."))
                return redirect(reverse("supervision_admin:scheme") + f"?year={year}")
            except ValidationError as exc:
                form.add_error(None, _error_text(exc))
    context = {
        "year": year,
        "scheme": current,
        "form": form,
        "rows": [(i, form[f"w_{i.code}"]) for i in registered],
    }
    title = _("Evaluation scheme %(year)s") % {"year": year}
    return render(request, "supervision/admin/scheme.html", title, context, crumbs=_crumbs())


def manual_scores(request):
    """Every county's points on each manual indicator of the year's scheme, each row its own form."""
    city = _city(request)
    year = _year(request)
    current = EvaluationScheme.objects.filter(city=city, year=year).first()
    entries = [
        e
        for e in (current.entries.prefetch_related("manual_scores") if current else [])
        if (i := indicators.get(e.indicator)) is not None and i.is_manual
    ]
    counties = list(_counties(city))
    rows = []
    for entry in entries:
        entered = {s.bureau_id: s for s in entry.manual_scores.all()}
        rows.append(
            {
                "entry": entry,
                "label": indicators.get(entry.indicator).label,
                "cells": [(county, entered.get(county.pk)) for county in counties],
            }
        )
    context = {"year": year, "scheme": current, "rows": rows, "form": ManualScoreForm()}
    title = _("Manual scores %(year)s") % {"year": year}
    return render(request, "supervision/admin/manual_scores.html", title, context, crumbs=_crumbs())


@require_POST
def manual_score_set(request):
    city = _city(request)
    year = _year(request)
    back = redirect(reverse("supervision_admin:manual_scores") + f"?year={year}")
    entry = SchemeEntry.objects.filter(
        pk=request.POST.get("entry") if str(request.POST.get("entry", "")).isdigit() else None,
        scheme__city=city,
        scheme__year=year,
    ).first()
    county = _counties(city).filter(code=request.POST.get("bureau", "")).first()
    if entry is None or county is None:
        raise Http404
    form = ManualScoreForm(request.POST)
    if not form.is_valid():
        messages.error(request, "; ".join(e for errors in form.errors.values() for e in errors))
        return back
    try:
        services.manual_score_set(
            entry=entry, bureau=county, acting_user=request.user, request=request, **form.cleaned_data
        )
        messages.success(request, _("%(bureau)s: the points were entered.") % {"bureau": county.name})
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
    return back


def _own_inspection(request, pk) -> Inspection:
    found = Inspection.objects.filter(city=_city(request), pk=pk).select_related("city").first()
    if found is None:
        raise Http404
    return found


@require_POST
def inspection_change(request, pk):
    """Correct the inspection's title or date (refused once a finding is verified)."""
    found = _own_inspection(request, pk)
    post_action(
        request,
        InspectionForm(request.POST, prefix="edit"),
        lambda **data: services.inspection_update(inspection=found, acting_user=request.user, request=request, **data),
        _("The inspection was changed."),
    )
    return redirect(reverse("supervision_admin:inspection", args=[pk]))


@require_POST
def inspection_remove(request, pk):
    """Delete an inspection recorded by mistake (refused while it has findings)."""
    found = _own_inspection(request, pk)
    try:
        services.inspection_delete(inspection=found, acting_user=request.user, request=request)
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
        return redirect(reverse("supervision_admin:inspection", args=[pk]))
    messages.success(request, _("The inspection was deleted."))
    return redirect(reverse("supervision_admin:inspections"))
