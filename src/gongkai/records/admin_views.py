"""Staff screens of records in the Wagtail admin (thin: forms → services, selectors → templates):
the list, drafting and editing, one record with its workflow actions and attachments, and the
due-date dashboard. Revisions compared: admin_revisions.py; business-system tokens and
auto-approval: admin_tokens.py; the screen frame and the record lookup: admin_base.py.

A record the user may not see is a 404 (an editor never learns another county's records
exist); an action the user may not take is refused by the service (403).
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from gongkai.accounts import permissions
from gongkai.core.admin_screens import admin_crumbs
from gongkai.organizations.models import Bureau, BureauKind

from . import actors, attachment_changes, monitoring, review, selectors, services
from .admin_base import SECTION, render_screen, show_errors, visible_record
from .admin_revisions import revision_diff
from .constants import RecordStatus
from .forms import (
    ApprovalForm,
    AttachmentForm,
    PublishForm,
    RecordForm,
    RejectChangeForm,
    WithdrawForm,
)
from .models import Attachment, AttachmentChange
from .screening import PiiFound, screen_record

# ---- list, create, edit ------------------------------------------------------------------


def index(request):
    if not permissions.can(request.user, "records.view_record"):
        raise PermissionDenied
    filters = {k: request.GET.get(k, "") for k in ("status", "bureau", "q")}
    qs = selectors.record_list_for_user(request.user, filters=filters)
    page = Paginator(qs, 50).get_page(request.GET.get("p"))
    bureaus = permissions.scope(request.user, "records.view_record", Bureau.objects.disclosing()).order_by(
        "sort_order", "code"
    )
    return TemplateResponse(
        request,
        "records/admin/index.html",
        {
            "page_title": _("Records"),
            "header_title": _("Records"),
            "header_icon": "doc-full",
            "breadcrumbs_items": admin_crumbs(SECTION),
            "page_obj": page,
            "records": page.object_list,
            "filters": filters,
            "statuses": RecordStatus.choices,
            "bureaus": bureaus if bureaus.count() > 1 else [],
            "can_add": permissions.can(request.user, "records.add_record"),
        },
    )


def create(request):
    if not permissions.can(request.user, "records.add_record"):
        raise PermissionDenied
    form = RecordForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        fields = form.service_fields()
        try:
            record = services.record_create_draft(
                acting_user=request.user,
                bureau=form.cleaned_data["bureau"],
                catalog_item=fields.pop("catalog_item"),
                title=fields.pop("title"),
                request=request,
                **fields,
            )
        except ValidationError as exc:
            show_errors(request, exc, form)
        else:
            messages.success(request, _("Draft saved."))
            return redirect("records_admin:detail", pk=record.pk)
    return render_screen(request, "records/admin/form.html", _("New record"), {"form": form})


def edit(request, pk):
    record = visible_record(request, pk)
    if not permissions.can(request.user, "records.change_record", record):
        raise PermissionDenied
    # A published record is edited from its pending change, if any (the live columns stay as published).
    form = RecordForm(request.POST or None, instance=review.pending_copy(record), user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_update(
                acting_user=request.user, record=record, request=request, **form.changed_service_fields()
            )
        except PiiFound as exc:
            messages.error(request, exc.messages[0])
            return render_screen(
                request,
                "records/admin/form.html",
                _("Edit record"),
                {"form": form, "record": record, "hits": exc.hits},
                crumbs=((reverse("records_admin:detail", args=[record.pk]), record.title),),
            )
        except ValidationError as exc:
            show_errors(request, exc, form)
        else:
            if record.status == RecordStatus.PUBLISHED:
                messages.success(
                    request, _("Change saved and waiting for approval; the public page shows the published content.")
                )
            else:
                messages.success(request, _("Record saved."))
            return redirect("records_admin:detail", pk=record.pk)
    return render_screen(
        request,
        "records/admin/form.html",
        _("Edit record"),
        {"form": form, "record": record},
        crumbs=((reverse("records_admin:detail", args=[record.pk]), record.title),),
    )


# ---- one record --------------------------------------------------------------------------


def detail(request, pk):
    record = visible_record(request, pk)
    user = request.user
    hits = screen_record(record)
    attachments = list(record.attachments.order_by("removed_at", "position", "pk"))
    newest_first = list(record.revisions.select_related("user").order_by("-created_at", "-pk")[:51])
    revisions = [
        (rev, newest_first[i + 1] if i + 1 < len(newest_first) else None) for i, rev in enumerate(newest_first[:50])
    ]
    can = {
        "change": record.status != RecordStatus.WITHDRAWN and actors.can(user, "records.change_record", record),
        "submit": record.status == RecordStatus.DRAFT and actors.can(user, "records.submit_record", record),
        "approve": record.status == RecordStatus.IN_REVIEW and review.may_approve(user, record),
        "review_change": bool(record.pending_revision_id) and review.may_approve(user, record),
        "publish": record.status == RecordStatus.APPROVED and actors.can(user, "records.publish_record", record),
        "cancel_schedule": record.status == RecordStatus.SCHEDULED
        and actors.can(user, "records.publish_record", record),
        "withdraw": record.status == RecordStatus.PUBLISHED and actors.can(user, "records.withdraw_record", record),
    }
    return render_screen(
        request,
        "records/admin/detail.html",
        record.title,
        {
            "record": record,
            "hits": hits,
            "attachments": attachments,
            "unscreened": [a for a in attachments if a.removed_at is None and not a.text_complete],
            "revisions": revisions,
            "can": can,
            "interpretations": list(record.interpretations.all()),
            "attachment_form": AttachmentForm(),
            "approval_form": ApprovalForm(),
            "reject_form": RejectChangeForm(),
            "pending_changes": _pending_changes(record),
            "pending_attachments": attachment_changes.pending(record),
            "reviews": list(record.reviews.select_related("reviewer")[:50]),
            "publish_form": PublishForm(),
            "withdraw_form": WithdrawForm(),
            "today": timezone.localdate(),
        },
    )


def _pending_changes(record) -> list[dict]:
    if not record.pending_revision_id:
        return []
    live = record.serializable_data()
    return revision_diff(live, record.pending_revision.content)


def _action(request, pk, run, success: str):
    record = visible_record(request, pk)
    try:
        run(record)
    except PiiFound as exc:
        messages.error(request, exc.messages[0])
        for hit in exc.hits:
            messages.error(request, f"{hit.place_label} [{hit.start}–{hit.end}] {hit.kind}: {hit.masked}")
    except ValidationError as exc:
        show_errors(request, exc)
    else:
        messages.success(request, success)
    return redirect("records_admin:detail", pk=record.pk)


@require_POST
def submit(request, pk):
    return _action(
        request,
        pk,
        lambda r: services.record_submit(acting_user=request.user, record=r, request=request),
        _("Submitted for review."),
    )


def _confidentiality_check(request) -> dict:
    """The reviewer's confidentiality check (保密审查) from an approval form, as service arguments."""
    form = ApprovalForm(request.POST)
    form.is_valid()
    check = form.cleaned_data
    return {
        "confidentiality_result": check.get("confidentiality_result", ""),
        "notes": check.get("confidentiality_notes", ""),
    }


@require_POST
def approve(request, pk):
    check = _confidentiality_check(request)

    def run(record):
        approved = services.record_approve(acting_user=request.user, record=record, request=request, **check)
        if len(approved) > 1:
            messages.info(
                request, _("Approved together: %(titles)s") % {"titles": "、".join(r.title for r in approved)}
            )

    return _action(request, pk, run, _("Approved."))


@require_POST
def approve_change(request, pk):
    check = _confidentiality_check(request)
    return _action(
        request,
        pk,
        lambda r: review.record_change_approve(acting_user=request.user, record=r, request=request, **check),
        _("Change approved: the public page now shows it."),
    )


@require_POST
def reject_change(request, pk):
    notes = request.POST.get("notes", "")
    return _action(
        request,
        pk,
        lambda r: review.record_change_reject(acting_user=request.user, record=r, notes=notes, request=request),
        _("Change rejected: the published content stays."),
    )


@require_POST
def publish(request, pk):
    form = PublishForm(request.POST)
    at = form.cleaned_data.get("at") if form.is_valid() else None

    def run(record):
        done = services.record_publish(acting_user=request.user, record=record, at=at, request=request)
        if len(done) > 1:
            messages.info(request, _("Published together: %(titles)s") % {"titles": "、".join(r.title for r in done)})

    return _action(request, pk, run, _("Scheduled.") if at and at > timezone.now() else _("Published."))


@require_POST
def cancel_schedule(request, pk):
    return _action(
        request,
        pk,
        lambda r: services.record_cancel_schedule(acting_user=request.user, record=r, request=request),
        _("Schedule cancelled."),
    )


@require_POST
def withdraw(request, pk):
    reason = request.POST.get("reason", "")
    return _action(
        request,
        pk,
        lambda r: services.record_withdraw(acting_user=request.user, record=r, reason=reason, request=request),
        _("Withdrawn. The record's page now shows the reason."),
    )


@require_POST
def mask(request, pk):
    def run(record):
        result = services.record_mask_pii(acting_user=request.user, record=record, request=request)
        for attachment in result.needs_reupload:
            messages.warning(
                request,
                _("“%(name)s” cannot be masked automatically: upload a masked file and remove this one.")
                % {"name": attachment.original_name},
            )

    return _action(request, pk, run, _("Personal data masked where possible."))


def _upload(request, record, success: str, replaces=None):
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > services.attachment_max_bytes():
            messages.error(request, _("The file is too large."))
        else:
            try:
                done = services.attachment_add(
                    acting_user=request.user,
                    record=record,
                    name=upload.name,
                    data=upload.read(),
                    request=request,
                    replaces=replaces,
                )
            except PiiFound as exc:
                messages.error(request, exc.messages[0])
                for hit in exc.hits:
                    messages.error(request, f"{hit.place_label} [{hit.start}–{hit.end}] {hit.kind}: {hit.masked}")
            except ValidationError as exc:
                show_errors(request, exc)
            else:
                messages.success(request, _PENDING_ATTACHMENT if isinstance(done, AttachmentChange) else success)
    else:
        messages.error(request, _("Choose a file."))
    return redirect("records_admin:detail", pk=record.pk)


_PENDING_ATTACHMENT = gettext_lazy(
    "Attachment change saved and waiting for approval; the public page shows the published attachments."
)


@require_POST
def attachment_add(request, pk):
    return _upload(request, visible_record(request, pk), _("Attachment added."))


@require_POST
def attachment_replace(request, pk, attachment_pk):
    record = visible_record(request, pk)
    attachment = get_object_or_404(Attachment, pk=attachment_pk, record=record, removed_at__isnull=True)
    return _upload(request, record, _("Attachment replaced (the old file is kept in the history)."), attachment)


@require_POST
def attachment_remove(request, pk, attachment_pk):
    record = visible_record(request, pk)
    attachment = get_object_or_404(Attachment, pk=attachment_pk, record=record, removed_at__isnull=True)
    try:
        done = services.attachment_remove(acting_user=request.user, attachment=attachment, request=request)
    except ValidationError as exc:
        show_errors(request, exc)
    else:
        if isinstance(done, AttachmentChange):
            messages.success(request, _PENDING_ATTACHMENT)
        else:
            messages.success(request, _("Attachment removed (kept in the history)."))
    return redirect("records_admin:detail", pk=record.pk)


# ---- due dates ---------------------------------------------------------------------------


def dashboard(request):
    user = request.user
    if not permissions.can(user, "records.view_dashboard"):
        raise PermissionDenied
    today = timezone.localdate()
    visible = permissions.scope(user, "records.view_dashboard", Bureau.objects.disclosing()).order_by(
        "sort_order", "code"
    )
    year = request.GET.get("year")
    year = int(year) if year and year.isascii() and year.isdigit() else today.year
    code = request.GET.get("bureau")
    bureau = visible.filter(code=code).first() if code else (visible.first() if visible.count() == 1 else None)
    context = {"today": today, "year": year, "bureaus": visible, "bureau": bureau}
    if bureau is not None:
        context["entries"] = monitoring.bureau_due(bureau, today=today)
        context["rate"] = monitoring.on_time_rates([bureau], year=year, today=today)[0]
    else:
        context["rates"] = monitoring.on_time_rates(
            visible.exclude(kind=BureauKind.REVIEW_OFFICE), year=year, today=today
        )
    return render_screen(request, "records/admin/dashboard.html", _("Due dates and timeliness"), context)
