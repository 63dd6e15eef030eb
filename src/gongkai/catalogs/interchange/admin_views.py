"""Wagtail admin screens of the catalog import: upload, progress, report and preview, confirm.

Thin views: permission through accounts.permissions, work through jobs/service/tasks. A bureau
the user may not import into is a 404 (its existence is not revealed).
"""

from __future__ import annotations

from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_POST

from gongkai.accounts import permissions
from gongkai.core import audit
from gongkai.organizations.models import Bureau

from ..constants import Audience, Domain, Level, Mode
from . import jobs, service, tasks
from .filecheck import EXPORT_FORMATS, size_issue
from .forms import ImportForm
from .limits import MB, current_limits
from .models import ImportJob, ImportJobStatus
from .report import Issue

NAMESPACE = "catalog_interchange"
VIEW_ACTION = "catalogs.view_catalog"
MULTIPART_ALLOWANCE = 64 * 1024  # the form fields and multipart envelope around the file


def _reverse_or_empty(name: str, **kwargs) -> str:
    try:
        return reverse(name, kwargs=kwargs)
    except NoReverseMatch:
        return ""


def _bureau_for(user, code: str, action: str = service.IMPORT_ACTION) -> Bureau:
    bureau = get_object_or_404(Bureau, code=code)
    if not permissions.can(user, action, bureau):
        raise Http404
    return bureau


def _job_for(user, job_id) -> ImportJob:
    job = get_object_or_404(ImportJob.objects.select_related("bureau", "created_by"), pk=job_id)
    if not permissions.can(user, service.IMPORT_ACTION, job.bureau):
        raise Http404
    return job


def index(request):
    """The bureaus whose catalog the user may import; straight to the form when there is one."""
    bureaus = list(permissions.scope(request.user, service.IMPORT_ACTION, Bureau.objects.disclosing()))
    if len(bureaus) == 1:
        return redirect(f"{NAMESPACE}:import", code=bureaus[0].code)
    return TemplateResponse(
        request, "catalogs/interchange/index.html", {"bureaus": bureaus, "page_title": _("Import a catalog")}
    )


def _render_form(request, bureau, form, issue: Issue | None = None, status: int = 200):
    limits = current_limits()
    context = {
        "bureau": bureau,
        "form": form,
        "issue": issue,
        "page_title": _("Import a catalog"),
        "page_subtitle": bureau.name,
        "max_mb": f"{limits.max_bytes / MB:g}",
        "exports": [
            (fmt.upper(), reverse(f"{NAMESPACE}:export", kwargs={"code": bureau.code, "fmt": fmt}))
            for fmt in EXPORT_FORMATS
        ],
        "recent_jobs": ImportJob.objects.filter(bureau=bureau).select_related("created_by")[:10],
    }
    return TemplateResponse(request, "catalogs/interchange/upload.html", context, status=status)


@csrf_exempt
def upload(request, code):
    """Upload form. An oversized request is refused from its Content-Length, before the body is read."""
    bureau = _bureau_for(request.user, code)
    if request.method == "POST":
        limits = current_limits()
        length = int(request.META.get("CONTENT_LENGTH") or 0)
        if length > limits.max_bytes + MULTIPART_ALLOWANCE:
            return _render_form(request, bureau, ImportForm(), size_issue(length, limits), status=413)
    return _upload(request, bureau)


@csrf_protect
def _upload(request, bureau):
    if request.method != "POST":
        return _render_form(request, bureau, ImportForm())
    form = ImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return _render_form(request, bureau, form, status=400)
    upload_file = form.cleaned_data["file"]
    if issue := size_issue(upload_file.size, current_limits()):
        return _render_form(request, bureau, ImportForm(), issue, status=413)
    job = ImportJob(
        bureau=bureau,
        created_by=request.user,
        filename=upload_file.name[:255],
        format=form.cleaned_data["format"] or "",
        domain=form.cleaned_data["domain"] or "",
        language=get_language() or "",
    )
    job.file.save(upload_file.name, upload_file, save=False)
    job.save()
    # Every upload is audited, also those never confirmed (GB/T 22239-2019 8.1.4.3 a).
    audit.record(
        "catalogs.import_job.uploaded",
        user=request.user,
        bureau_code=bureau.code,
        request=request,
        label=str(bureau),
        data={"job": str(job.pk), "file": job.filename, "size": upload_file.size},
    )
    tasks.enqueue_job(job, apply=False)
    return redirect(f"{NAMESPACE}:job", job_id=job.pk)


def _labels():
    return {
        "domain": dict(Domain.choices),
        "audience": dict(Audience.choices),
        "mode": dict(Mode.choices),
        "levels": dict(Level.choices),
    }


def job_detail(request, job_id):
    job = _job_for(request.user, job_id)
    issues = [Issue.from_dict(d) for d in job.report]
    labels = _labels()
    preview = [
        {
            **item,
            "domain_label": labels["domain"].get(item["domain"], item["domain"]),
            "audience_labels": [labels["audience"].get(v, v) for v in item["audience"]],
            "mode_labels": [labels["mode"].get(v, v) for v in item["mode"]],
            "levels_labels": [labels["levels"].get(v, v) for v in item["levels"]],
        }
        for item in job.preview
    ]
    context = {
        "job": job,
        "bureau": job.bureau,
        "errors": [i for i in issues if i.is_error],
        "warnings": [i for i in issues if not i.is_error],
        "preview": preview,
        "statuses": ImportJobStatus,
        "stale": jobs.is_stale(job),
        "page_title": _("Import a catalog"),
        "page_subtitle": job.bureau.name,
        "status_url": reverse(f"{NAMESPACE}:job_status", kwargs={"job_id": job.pk}),
        "upload_url": reverse(f"{NAMESPACE}:import", kwargs={"code": job.bureau.code}),
        "catalog_url": _reverse_or_empty("catalogs_admin:detail", code=job.bureau.code),
    }
    return TemplateResponse(request, "catalogs/interchange/job.html", context)


def job_status(request, job_id):
    job = _job_for(request.user, job_id)
    return JsonResponse(
        {
            "status": job.status,
            "label": str(job.get_status_display()),
            "progress": job.progress,
            "running": job.is_running,
            "stale": jobs.is_stale(job),
        },
        headers={"Cache-Control": "no-store"},
    )


@require_POST
def job_restart(request, job_id):
    """Start a job again whose background worker stopped reporting (the import is all or nothing)."""
    job = _job_for(request.user, job_id)
    apply = jobs.restart_stale(job)
    if apply is not None:
        tasks.enqueue_job(job, apply=apply)
    return redirect(f"{NAMESPACE}:job", job_id=job.pk)


@require_POST
def job_confirm(request, job_id):
    job = _job_for(request.user, job_id)
    if jobs.claim_for_import(job):
        job.refresh_from_db()
        tasks.enqueue_job(job, apply=True)
    return redirect(f"{NAMESPACE}:job", job_id=job.pk)


def export(request, code, fmt):
    """Download the working copy (staff): the file to edit and import back."""
    if fmt not in EXPORT_FORMATS:
        raise Http404
    bureau = _bureau_for(request.user, code, VIEW_ACTION)
    source = service.working_source(bureau)
    content = service.render(source, fmt, bureau=bureau)
    response = HttpResponse(content, content_type=service.CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{service.export_filename(bureau, source, fmt)}"'
    return response
