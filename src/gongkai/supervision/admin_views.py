"""Staff screens of supervision under /admin/supervision/: the city dashboard, a county's page (late items, plan,
reports, duties), the quarterly report form, the evaluation with its ranking, bulletins. Thin: they parse input,
call a selector or service and render."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gongkai.accounts import permissions
from gongkai.core.admin_screens import render_admin_screen
from gongkai.core.forms import ConfidentialityCheckForm
from gongkai.foi_requests.constants import ReplyType
from gongkai.foi_requests.reporting import monthly_volumes
from gongkai.organizations.models import Bureau, BureauKind
from gongkai.records.monitoring import monthly_on_time

from . import bulletins, charts, evaluation, selectors, services
from .admin_forms import ReportForm, ReviewForm
from .builtin_indicators import leader_duties, training
from .models import Bulletin, BulletinStatus, QuarterlyReport, WorkPlan
from .rules import FILE, MANAGE, PUBLISH_BULLETIN, REVIEW, VIEW
from .views import CONTENT_TYPES, file_response

MONTHS = [f"{m}月" for m in range(1, 13)]


def _section():
    return ("supervision_admin:dashboard", _("Supervision"))


def render(request, template, title, context, crumbs=(), status=200):
    return render_admin_screen(
        request, template, title, context, section=_section(), icon="tasks", crumbs=crumbs, status=status
    )


def _year(request) -> int:
    raw = request.GET.get("year", "")
    today = timezone.localdate()
    return int(raw) if raw.isascii() and raw.isdigit() and 2000 <= int(raw) <= 2100 else today.year


def _error_text(exc: ValidationError) -> str:
    return "; ".join(exc.messages)


def post_action(request, form, action, success: str) -> bool:
    """Run `action(**form.cleaned_data)` for a valid form and say how it went (the form's or the service's
    errors, or `success`) as a message for the next page."""
    if not form.is_valid():
        messages.error(request, "; ".join(e for errors in form.errors.values() for e in errors))
        return False
    try:
        action(**form.cleaned_data)
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
        return False
    messages.success(request, success)
    return True


def _bureau(request, code, action=VIEW) -> Bureau:
    qs = permissions.scope(request.user, action, Bureau.objects.disclosing())
    bureau = qs.filter(code=code).select_related("parent").first()
    if bureau is None:
        raise Http404
    return bureau


def _managed_city(user) -> Bureau | None:
    return permissions.scope(user, MANAGE, Bureau.objects.filter(kind=BureauKind.CITY, is_active=True)).first()


def dashboard(request):
    user = request.user
    if not permissions.can(user, VIEW):
        raise PermissionDenied
    year, today = _year(request), timezone.localdate()
    counties = list(selectors.visible_counties(user))
    rows = selectors.statuses(counties, year=year, today=today)
    tiles = [
        charts.Tile(
            r.bureau.short_name or r.bureau.name,
            r.state,
            {"ok": _("On track"), "attention": _("Needs attention"), "late": _("Late")}[r.state]
            + (f" · {len(r.late_steps) + (1 if r.catalog_late else 0)}" if r.is_late else ""),
            reverse("supervision_admin:county", args=[r.bureau.code]) + f"?year={year}",
        )
        for r in rows
    ]
    last_month = 12 if year < today.year else today.month
    rates = monthly_on_time(counties, year=year)
    trend = [
        (MONTHS[m - 1], (100.0 * rates[m][1] / rates[m][0]) if rates.get(m) and rates[m][0] else None)
        for m in range(1, last_month + 1)
    ]
    volumes = monthly_volumes(counties, year)
    received = [(MONTHS[m - 1], volumes["received"].get(m, 0)) for m in range(1, last_month + 1)]
    outcomes = [(str(label), volumes["replies"].get(value, 0)) for value, label in ReplyType.choices]
    context = {
        "year": year,
        "today": today,
        "rows": rows,
        "status_chart": charts.status_map(tiles, title=_("Status of every county")),
        "trend_chart": charts.line_chart(trend, title=_("Proactive disclosure on time, by month")),
        "trend": trend,
        "volume_chart": charts.bar_chart(received, title=_("FOI requests received, by month")),
        "received": received,
        "outcome_chart": charts.hbar_chart(outcomes, title=_("FOI replies by type")),
        "outcomes": outcomes,
        "late_count": sum(1 for r in rows if r.is_late),
        "may_manage": permissions.can(user, MANAGE),
        "bulletins": permissions.scope(user, VIEW, Bulletin.objects.select_related("city"))[:10],
    }
    return render(request, "supervision/admin/dashboard.html", _("Supervision: every county"), context)


def county(request, code):
    bureau = _bureau(request, code)
    year, today = _year(request), timezone.localdate()
    (status,) = selectors.statuses([bureau], year=year, today=today)
    duties = leader_duties([bureau], year)[bureau.pk]
    trainings = training([bureau], year)[bureau.pk]
    quarters = [
        {"quarter": q, "report": status.reports.get(q), "due": selectors.schedule.quarter_end(year, q)}
        for q in (1, 2, 3, 4)
    ]
    context = {
        "bureau": bureau,
        "year": year,
        "status": status,
        "late_items": selectors.late_items(bureau, year=year, today=today, status=status),
        "quarters": quarters,
        "duties": duties,
        "trainings": trainings,
        "may_file": permissions.can(request.user, FILE, bureau),
        "may_review": permissions.can(request.user, REVIEW, bureau),
        "review_form": ReviewForm(),
    }
    return render(request, "supervision/admin/county.html", bureau.name, context, crumbs=[])


def report(request, code, year, quarter):
    bureau = _bureau(request, code)
    if quarter not in (1, 2, 3, 4):
        raise Http404
    existing = QuarterlyReport.objects.filter(bureau=bureau, year=year, quarter=quarter).first()
    may_file = permissions.can(request.user, FILE, bureau)
    form = ReportForm(request.POST or None, request.FILES or None, instance=existing)
    if request.method == "POST":
        if not may_file:
            raise PermissionDenied
        if form.is_valid():
            data = form.cleaned_data
            try:
                saved = services.report_save(
                    bureau=bureau,
                    year=year,
                    quarter=quarter,
                    acting_user=request.user,
                    request=request,
                    **{
                        k: data[k]
                        for k in ("progress", "records_published", "catalog_progress", "problems", "next_steps")
                    },
                )
                upload = data.get("attachment")
                if upload is not None:
                    services.report_attach(
                        report=saved,
                        filename=upload.name,
                        data=upload.read(),
                        acting_user=request.user,
                        request=request,
                    )
                if "submit" in request.POST:
                    services.report_submit(report=saved, acting_user=request.user, request=request)
                    messages.success(request, _("The report was submitted to the city."))
                else:
                    messages.success(request, _("The report was saved."))
                return redirect(reverse("supervision_admin:report", args=[code, year, quarter]))
            except ValidationError as exc:
                form.add_error(None, _error_text(exc))
    editable = may_file and (existing is None or existing.status in services.EDITABLE)
    context = {
        "bureau": bureau,
        "year": year,
        "quarter": quarter,
        "report": existing,
        "form": form,
        "editable": editable,
        "may_review": existing is not None and permissions.can(request.user, REVIEW, bureau),
        "review_form": ReviewForm(),
    }
    title = _("Quarterly report Q%(q)s %(year)s") % {"q": quarter, "year": year}
    crumbs = [(reverse("supervision_admin:county", args=[code]), bureau.name)]
    return render(request, "supervision/admin/report.html", title, context, crumbs=crumbs)


@require_POST
def review(request, kind, pk):
    model = {"plan": WorkPlan, "report": QuarterlyReport}.get(kind)
    if model is None:
        raise Http404
    obj = permissions.scope(request.user, VIEW, model.objects.select_related("bureau")).filter(pk=pk).first()
    if obj is None:
        raise Http404
    form = ReviewForm(request.POST)
    if form.is_valid():
        accept = request.POST.get("decision") == "accept"
        function = services.plan_review if kind == "plan" else services.report_review
        try:
            function(
                **{kind: obj},
                acting_user=request.user,
                accept=accept,
                comment=form.cleaned_data["comment"],
                request=request,
            )
            messages.success(request, _("Accepted.") if accept else _("Returned with comments."))
        except ValidationError as exc:
            messages.error(request, _error_text(exc))
    next_url = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = reverse("supervision_admin:county", args=[obj.bureau.code])
    return redirect(next_url)


def evaluation_view(request):
    city = _managed_city(request.user)
    if city is None:
        raise PermissionDenied
    year = _year(request)
    result = evaluation.evaluate(city, year)
    context = {
        "year": year,
        "city": city,
        "result": result,
        "ranking": result.ranking,
        "indicators": [c for c in result.results[0].cells] if result.results else [],
        "bulletins": Bulletin.objects.filter(city=city).order_by("-year", "-sequence")[:20],
    }
    return render(request, "supervision/admin/evaluation.html", _("Evaluation %(year)s") % {"year": year}, context)


@require_POST
def bulletin_draft(request):
    city = _managed_city(request.user)
    if city is None:
        raise PermissionDenied
    year = _year(request)
    quarter = request.POST.get("quarter", "")
    quarter = int(quarter) if quarter in ("1", "2", "3", "4") else None
    try:
        made = bulletins.bulletin_draft(
            city=city, year=year, quarter=quarter, acting_user=request.user, request=request
        )
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
        return redirect(reverse("supervision_admin:evaluation") + f"?year={year}")
    return redirect(reverse("supervision_admin:bulletin", args=[made.pk]))


def _bulletin(request, pk) -> Bulletin:
    bulletin = permissions.scope(request.user, VIEW, Bulletin.objects.select_related("city")).filter(pk=pk).first()
    if bulletin is None:
        raise Http404
    return bulletin


def bulletin_view(request, pk):
    bulletin = _bulletin(request, pk)
    form = ConfidentialityCheckForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            try:
                bulletins.bulletin_publish(
                    bulletin=bulletin,
                    acting_user=request.user,
                    request=request,
                    confidentiality_result=form.cleaned_data["confidentiality_result"],
                    notes=form.cleaned_data["confidentiality_notes"],
                )
                messages.success(request, _("The bulletin was published."))
                return redirect(reverse("supervision_admin:bulletin", args=[pk]))
            except PermissionDenied as exc:
                form.add_error(None, str(exc))
            except ValidationError as exc:
                form.add_error(None, _error_text(exc))
    context = {
        "bulletin": bulletin,
        "content": bulletin.content,
        "form": form,
        "may_publish": bulletin.status == BulletinStatus.DRAFT
        and permissions.may_approve(request.user, bulletin, authors=[bulletin.created_by_id])
        and permissions.can(request.user, PUBLISH_BULLETIN, bulletin),
    }
    return render(request, "supervision/admin/bulletin.html", bulletin.document_number, context)


def bulletin_file(request, pk, fmt):
    bulletin = _bulletin(request, pk)
    if fmt not in CONTENT_TYPES:
        raise Http404
    return file_response(bulletin, fmt)
