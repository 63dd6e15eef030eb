"""Staff screens of annual reports in the Wagtail admin: the list (status, deadline, lateness), opening the
report of a year, editing the texts and hand-entered figures with the sum checks, a preview, submitting,
and approving (four eyes, confidentiality check) or returning.

Thin: each screen asks the permission module what to show (a report the user may not see is a 404) and
calls one service; the services refuse what the user may not do.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from markupsafe import Markup

from gongkai.accounts import permissions
from gongkai.core.admin_screens import render_admin_screen, review_screen, show_errors
from gongkai.organizations.models import Bureau, BureauKind

from . import exports, report, selectors, services
from .admin_forms import OpenForm, ReportForm
from .models import AnnualReport, ReportStatus
from .rules import APPROVE_REPORT, CHANGE_REPORT, VIEW_REPORT


def _render(request, template: str, title: str, context: dict, crumbs=()):
    section = ("annual_reports_admin:index", _("Annual reports"))
    return render_admin_screen(request, template, title, context, section=section, icon="doc-full", crumbs=crumbs)


def _report(request, pk: int) -> AnnualReport:
    obj = get_object_or_404(AnnualReport.objects.select_related("bureau"), pk=pk)
    if not permissions.can(request.user, VIEW_REPORT, obj):
        raise Http404
    return obj


def _writable_bureaus(user):
    return permissions.scope(
        user, CHANGE_REPORT, Bureau.objects.disclosing().filter(kind__in=(BureauKind.CITY, BureauKind.COUNTY))
    ).order_by("sort_order", "code")


def index(request):
    if not permissions.can(request.user, VIEW_REPORT):
        raise PermissionDenied
    today = timezone.localdate()
    reports = list(selectors.reports_for_staff(request.user))
    rows = [
        {
            "report": r,
            "deadline": report.deadline(r.year),
            "late": report.is_late(r, r.year, today),
        }
        for r in reports
    ]
    # Bureaus in reach without a report of the past year: visibly missing (late after 31 January).
    past = today.year - 1
    have = {r.bureau_id for r in reports if r.year == past}
    viewable = permissions.scope(
        request.user, VIEW_REPORT, Bureau.objects.disclosing().filter(kind__in=(BureauKind.CITY, BureauKind.COUNTY))
    ).order_by("sort_order", "code")
    missing = [
        {"bureau": b, "year": past, "deadline": report.deadline(past), "late": report.is_late(None, past, today)}
        for b in viewable
        if b.pk not in have
    ]
    bureaus = _writable_bureaus(request.user)
    return _render(
        request,
        "annual_reports/admin/index.html",
        _("Annual reports"),
        {"rows": rows, "missing": missing, "form": OpenForm(bureaus=bureaus) if bureaus.exists() else None},
    )


@require_POST
def report_open(request):
    bureaus = _writable_bureaus(request.user)
    form = OpenForm(request.POST, bureaus=bureaus)
    if not form.is_valid():
        messages.error(request, _("Choose a bureau and a year."))
        return redirect("annual_reports_admin:index")
    try:
        obj = services.report_open(acting_user=request.user, request=request, **form.cleaned_data)
    except ValidationError as exc:
        show_errors(request, exc)
        return redirect("annual_reports_admin:index")
    return redirect("annual_reports_admin:edit", pk=obj.pk)


def report_edit(request, pk: int):
    obj = _report(request, pk)
    may_change = permissions.can(request.user, CHANGE_REPORT, obj)
    data = report.build(obj.bureau, obj.year, report=obj)
    form = ReportForm(request.POST or None, data_build=data, stored=obj)
    if request.method == "POST":
        if not may_change:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.report_save(
                    report_obj=obj,
                    acting_user=request.user,
                    texts=form.texts(),
                    table2_manual=form.table2_manual(),
                    table2_not_applicable=form.cleaned_data["not_applicable"],
                    table4=form.table4(),
                    request=request,
                )
            except ValidationError as exc:
                show_errors(request, exc)
            else:
                messages.success(request, _("The report is saved."))
                return redirect("annual_reports_admin:edit", pk=obj.pk)
        else:
            messages.error(request, _("The report was not saved: correct the fields marked below."))
    return _render(
        request,
        "annual_reports/admin/edit.html",
        _("Annual report %(year)s: %(bureau)s") % {"year": obj.year, "bureau": obj.bureau.short_name},
        {
            "report": obj,
            "form": form,
            "problems": data.problems,
            "ok": data.ok,
            "deadline": report.deadline(obj.year),
            "late": report.is_late(obj, obj.year, timezone.localdate()),
            "may_change": may_change,
            "may_submit": may_change and obj.status == ReportStatus.DRAFT and data.ok,
            "may_review": obj.status == ReportStatus.SUBMITTED and permissions.can(request.user, APPROVE_REPORT, obj),
        },
    )


def report_preview(request, pk: int):
    obj = _report(request, pk)
    data = report.build(obj.bureau, obj.year, report=obj)
    return _render(
        request,
        "annual_reports/admin/preview.html",
        _("Preview"),
        {
            "report": obj,
            "title": data.title,
            "body": Markup(exports.html_fragment(data.export_content(), heading_level=3)),
        },
        crumbs=[(reverse("annual_reports_admin:edit", args=[obj.pk]), f"{obj.bureau.short_name} {obj.year}")],
    )


@require_POST
def report_submit(request, pk: int):
    obj = _report(request, pk)
    try:
        services.report_submit(report_obj=obj, acting_user=request.user, request=request)
    except ValidationError as exc:
        show_errors(request, exc)
    else:
        messages.success(request, _("The report is submitted. A reviewer or the leader of the bureau approves it."))
    return redirect("annual_reports_admin:edit", pk=obj.pk)


def report_review(request, pk: int):
    obj = _report(request, pk)
    common = {"report_obj": obj, "acting_user": request.user, "request": request}

    def render(form):
        data = report.build(obj.bureau, obj.year, report=obj)
        return _render(
            request,
            "annual_reports/admin/review.html",
            _("Approve the annual report %(year)s: %(bureau)s") % {"year": obj.year, "bureau": obj.bureau.short_name},
            {
                "report": obj,
                "form": form,
                "title": data.title,
                "body": Markup(exports.html_fragment(data.export_content(), heading_level=3)),
                "may_approve": services.may_approve(request.user, obj),
            },
            crumbs=[(reverse("annual_reports_admin:edit", args=[obj.pk]), f"{obj.bureau.short_name} {obj.year}")],
        )

    return review_screen(
        request,
        waiting=obj.status == ReportStatus.SUBMITTED,
        not_waiting=_("This report is not waiting for approval."),
        back=reverse("annual_reports_admin:edit", args=[obj.pk]),
        allowed=permissions.can(request.user, APPROVE_REPORT, obj),
        approve=lambda **check: services.report_approve(**common, **check),
        send_back=lambda reason: services.report_return(**common, reason=reason),
        approved=_("The report is approved and published."),
        returned=_("The report is returned to its authors."),
        done=reverse("annual_reports_admin:index"),
        render=render,
    )
