"""Staff screens of records in the Wagtail admin (thin: forms → services, selectors → templates).

A record the user may not see is a 404 (an editor never learns another county's records
exist); an action the user may not take is refused by the service (403).
"""

from __future__ import annotations

import difflib

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from wagtail.models import Revision

from gongkai.accounts import permissions
from gongkai.organizations.models import Bureau, BureauKind

from . import actors, monitoring, review, selectors, services
from .constants import RecordStatus
from .forms import (
    ApprovalForm,
    AttachmentForm,
    AutoApprovalForm,
    PublishForm,
    RecordForm,
    RejectChangeForm,
    TokenForm,
    WithdrawForm,
)
from .models import Attachment, Record, SystemToken
from .screening import PiiFound, body_text, screen_record


def _crumbs(*items) -> list[dict]:
    base = [
        {"url": reverse("wagtailadmin_home"), "label": _("Home")},
        {"url": reverse("records_admin:index"), "label": _("Records")},
    ]
    return base + [{"url": url, "label": label} for url, label in items]


def _render(request, template: str, title: str, context: dict, crumbs=()) -> TemplateResponse:
    context.update(
        {
            "page_title": title,
            "header_title": title,
            "header_icon": "doc-full",
            "breadcrumbs_items": _crumbs(*crumbs, ("", title)),
        }
    )
    return TemplateResponse(request, template, context)


def _record(request, pk) -> Record:
    """A record the user may see; another bureau's record is a 404. No record permission at all: 403."""
    if not permissions.can(request.user, "records.view_record"):
        raise PermissionDenied
    try:
        return selectors.record_get_for_user(request.user, pk)
    except (Record.DoesNotExist, ValueError) as exc:
        raise Http404 from exc


def _errors(request, exc: ValidationError, form=None) -> None:
    if form is not None and hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            target = field if field in form.fields else None
            for error in errors:
                form.add_error(target, error)
        return
    for message in exc.messages:
        messages.error(request, message)


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
            "breadcrumbs_items": _crumbs(),
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
            _errors(request, exc, form)
        else:
            messages.success(request, _("Draft saved."))
            return redirect("records_admin:detail", pk=record.pk)
    return _render(request, "records/admin/form.html", _("New record"), {"form": form})


def edit(request, pk):
    record = _record(request, pk)
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
            return _render(
                request,
                "records/admin/form.html",
                _("Edit record"),
                {"form": form, "record": record, "hits": exc.hits},
                crumbs=((reverse("records_admin:detail", args=[record.pk]), record.title),),
            )
        except ValidationError as exc:
            _errors(request, exc, form)
        else:
            if record.status == RecordStatus.PUBLISHED:
                messages.success(
                    request, _("Change saved and waiting for approval; the public page shows the published content.")
                )
            else:
                messages.success(request, _("Record saved."))
            return redirect("records_admin:detail", pk=record.pk)
    return _render(
        request,
        "records/admin/form.html",
        _("Edit record"),
        {"form": form, "record": record},
        crumbs=((reverse("records_admin:detail", args=[record.pk]), record.title),),
    )


# ---- one record --------------------------------------------------------------------------


def detail(request, pk):
    record = _record(request, pk)
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
    return _render(
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
    record = _record(request, pk)
    try:
        run(record)
    except PiiFound as exc:
        messages.error(request, exc.messages[0])
        for hit in exc.hits:
            messages.error(request, f"{hit.place_label} [{hit.start}–{hit.end}] {hit.kind}: {hit.masked}")
    except ValidationError as exc:
        _errors(request, exc)
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


@require_POST
def approve(request, pk):
    form = ApprovalForm(request.POST)
    form.is_valid()
    check = form.cleaned_data

    def run(record):
        approved = services.record_approve(
            acting_user=request.user,
            record=record,
            confidentiality_result=check.get("confidentiality_result", ""),
            notes=check.get("confidentiality_notes", ""),
            request=request,
        )
        if len(approved) > 1:
            messages.info(
                request, _("Approved together: %(titles)s") % {"titles": "、".join(r.title for r in approved)}
            )

    return _action(request, pk, run, _("Approved."))


@require_POST
def approve_change(request, pk):
    form = ApprovalForm(request.POST)
    form.is_valid()
    check = form.cleaned_data
    return _action(
        request,
        pk,
        lambda r: review.record_change_approve(
            acting_user=request.user,
            record=r,
            confidentiality_result=check.get("confidentiality_result", ""),
            notes=check.get("confidentiality_notes", ""),
            request=request,
        ),
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


@require_POST
def attachment_add(request, pk):
    record = _record(request, pk)
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > services.attachment_max_bytes():
            messages.error(request, _("The file is too large."))
        else:
            try:
                services.attachment_add(
                    acting_user=request.user, record=record, name=upload.name, data=upload.read(), request=request
                )
            except PiiFound as exc:
                messages.error(request, exc.messages[0])
            except ValidationError as exc:
                _errors(request, exc)
            else:
                messages.success(request, _("Attachment added."))
    else:
        messages.error(request, _("Choose a file."))
    return redirect("records_admin:detail", pk=record.pk)


@require_POST
def attachment_remove(request, pk, attachment_pk):
    record = _record(request, pk)
    attachment = get_object_or_404(Attachment, pk=attachment_pk, record=record, removed_at__isnull=True)
    try:
        services.attachment_remove(acting_user=request.user, attachment=attachment, request=request)
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(request, _("Attachment removed (kept in the history)."))
    return redirect("records_admin:detail", pk=record.pk)


# ---- revisions ---------------------------------------------------------------------------

COMPARED_FIELDS = [
    ("title", _("Title")),
    ("summary", _("Summary")),
    ("body", _("Body")),
    ("keywords", _("Keywords")),
    ("document_number", _("Document number")),
    ("issuing_body", _("Issuing body")),
    ("date_written", _("Date written")),
    ("event_date", _("Event date")),
    ("subject", _("Subject")),
    ("genre", _("Genre")),
    ("validity", _("Validity")),
    ("art20_item", _("Category (Art. 20)")),
    ("catalog_item", _("Catalog item")),
    ("status", _("Status")),
    ("withdrawal_reason", _("Withdrawal reason")),
]


def revision_diff(old: dict, new: dict) -> list[dict]:
    """Field-by-field changes between two revision contents (body compared as text, line by line)."""
    rows = []
    for name, label in COMPARED_FIELDS:
        a, b = old.get(name), new.get(name)
        if a == b:
            continue
        row = {"field": name, "label": label, "old": a, "new": b, "lines": None}
        if name == "body":
            a_text = body_text(a or "").splitlines()
            b_text = body_text(b or "").splitlines()
            row["lines"] = list(difflib.unified_diff(a_text, b_text, lineterm="", n=1))[2:]
        rows.append(row)
    return rows


def compare(request, pk, old_id, new_id):
    record = _record(request, pk)
    old = get_object_or_404(
        Revision, pk=old_id, object_id=str(record.pk), base_content_type=Record.get_base_content_type()
    )
    new = get_object_or_404(
        Revision, pk=new_id, object_id=str(record.pk), base_content_type=Record.get_base_content_type()
    )
    return _render(
        request,
        "records/admin/compare.html",
        _("Compare revisions"),
        {"record": record, "old": old, "new": new, "changes": revision_diff(old.content, new.content)},
        crumbs=((reverse("records_admin:detail", args=[record.pk]), record.title),),
    )


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
    return _render(request, "records/admin/dashboard.html", _("Due dates and timeliness"), context)


# ---- business-system tokens --------------------------------------------------------------


def tokens(request):
    user = request.user
    if not permissions.can(user, "records.manage_token"):
        raise PermissionDenied
    form = TokenForm(request.POST or None, user=user)
    raw = None
    if request.method == "POST" and form.is_valid():
        try:
            _token, raw = services.system_token_create(
                acting_user=user,
                bureau=form.cleaned_data["bureau"],
                name=form.cleaned_data["name"],
                scopes=form.cleaned_data["scopes"],
                request=request,
            )
        except ValidationError as exc:
            _errors(request, exc, form)
        except PermissionDenied:
            form.add_error("scopes", _("Only the bureau's leader may create a token with the records:publish scope."))
        else:
            messages.success(request, _("Token created. Copy it now: it is shown only once."))
            form = TokenForm(user=user)
    listing = permissions.scope(user, "records.manage_token", SystemToken.objects.select_related("bureau")).order_by(
        "bureau", "-created_at"
    )
    context = {"form": form, "tokens": listing, "raw": raw}
    if permissions.can(user, "records.set_auto_approval"):
        context["auto_form"] = AutoApprovalForm(user=user)
        bureaus = permissions.scope(user, "records.set_auto_approval", Bureau.objects.disclosing())
        keys = set().union(*(review.auto_approved_keys(b) for b in bureaus))
        context["auto_items"] = list(auto_form_items(context["auto_form"], keys))
    return _render(request, "records/admin/tokens.html", _("Business-system tokens"), context)


def auto_form_items(form, keys):
    return form.fields["item"].queryset.filter(key__in=keys).select_related("catalog__bureau")


@require_POST
def auto_approval(request):
    form = AutoApprovalForm(request.POST, user=request.user)
    if not form.is_valid():
        raise PermissionDenied
    enabled = review.auto_approval_set(
        acting_user=request.user, item=form.cleaned_data["item"], enabled=form.cleaned_data["enabled"], request=request
    )
    messages.success(request, _("Auto-approval switched on.") if enabled else _("Auto-approval switched off."))
    return redirect("records_admin:tokens")


@require_POST
def token_revoke(request, token_pk):
    token = get_object_or_404(
        permissions.scope(request.user, "records.manage_token", SystemToken.objects.all()), pk=token_pk
    )
    services.system_token_revoke(acting_user=request.user, token=token, request=request)
    messages.success(request, _("Token revoked."))
    return redirect("records_admin:tokens")
