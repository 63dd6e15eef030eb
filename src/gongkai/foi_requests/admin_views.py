"""Staff screens of FOI requests in the Wagtail admin (thin: forms → intake/workflow services).

A request the user may not see is a 404 (a county editor never learns another county's requests
exist). Lists mask the applicant's name and never show ID numbers, phones, emails or addresses;
the detail page shows personal data unmasked only to the bureau's handlers after an explicit
"show personal data" click, and every such view is written to the audit log.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Case, Count, DateField, F, IntegerField, Q, Value, When
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from gongkai.accounts import permissions
from gongkai.core import audit
from gongkai.organizations.models import Bureau, BureauKind
from gongkai.screening.masking import NAME, mask_value

from . import admin_forms as forms
from .constants import OPEN_STATES, Channel, ReplyStatus, State
from .models import FoiRequest, RequestAttachment
from .notifications import mask_email, mask_phone
from .reminders import RUNNING_CLOCK, due_soon_until
from .validation import mask_id_number

logger = logging.getLogger(__name__)

PAGE_SIZE = 50
VIEW_PERSONAL_DATA = "foi_requests.view_personal_data"


def mask_name(name: str) -> str:
    """张三 → 张某, 欧阳娜娜 → 欧阳某某 (the one name mask: `gongkai.screening.masking`)."""
    return mask_value(NAME, name)


# ---- plumbing ------------------------------------------------------------------------------


def _crumbs(*items) -> list[dict]:
    base = [
        {"url": reverse("wagtailadmin_home"), "label": _("Home")},
        {"url": reverse("foi_admin:index"), "label": _("FOI requests")},
    ]
    return base + [{"url": url, "label": label} for url, label in items]


def _render(request, template: str, title: str, context: dict, crumbs=(), status: int = 200) -> TemplateResponse:
    context.update(
        {
            "page_title": title,
            "header_title": title,
            "header_icon": "mail",
            "breadcrumbs_items": _crumbs(*crumbs, ("", title)),
        }
    )
    return TemplateResponse(request, template, context, status=status)


def _visible(user):
    return permissions.scope(user, "foi_requests.view_request", FoiRequest.objects.all())


def _get_request(request, pk) -> FoiRequest:
    if not permissions.can(request.user, "foi_requests.view_request"):
        raise PermissionDenied
    try:
        return _visible(request.user).select_related("bureau").get(pk=pk)
    except FoiRequest.DoesNotExist as exc:
        raise Http404 from exc


def _calendar(request, today: dt.date):
    from gongkai.workdays.services import calendar_for

    return calendar_for([today.year, today.year + 1], request=request)


# ---- list ----------------------------------------------------------------------------------


def filtered_requests(user, data, *, today: dt.date, calendar=None):
    """The user's requests narrowed by the list filters; returns (queryset, filter form)."""
    bureaus = permissions.scope(user, "foi_requests.view_request", Bureau.objects.disclosing()).order_by(
        "sort_order", "code"
    )
    form = forms.RequestFilterForm(data or None, bureaus=bureaus)
    qs = _visible(user).select_related("bureau")
    if form.is_valid():
        values = form.cleaned_data
        if values["q"]:
            qs = qs.filter(tracking_number__icontains="".join(values["q"].split()).replace("-", ""))
        if values["state"]:
            qs = qs.filter(state=values["state"])
        if values["channel"]:
            qs = qs.filter(channel=values["channel"])
        if values["bureau"]:
            qs = qs.filter(bureau=values["bureau"])
        if values["year"]:
            year = values["year"]
            qs = qs.filter(Q(received_on__year=year) | Q(received_on__isnull=True, submitted_at__year=year))
        running = RUNNING_CLOCK
        if values["due"] == "soon":
            qs = qs.filter(running, due_on__gte=today, due_on__lte=due_soon_until(today, calendar))
        elif values["due"] == "overdue":
            qs = qs.filter(running, due_on__lt=today)
    # Work first: open requests by due date (soonest first), then closed ones, newest first.
    is_open = Q(state__in=OPEN_STATES)
    qs = qs.annotate(
        closed_rank=Case(When(is_open, then=Value(0)), default=Value(1), output_field=IntegerField()),
        open_due=Case(When(is_open, then=F("due_on")), default=None, output_field=DateField()),
    )
    order = ("closed_rank", F("open_due").asc(nulls_last=True), "-submitted_at", "pk")
    return qs.order_by(*order), form, bureaus


@dataclass
class Row:
    foi: FoiRequest
    masked_name: str
    days_left: int | None
    overdue: bool

    @property
    def overdue_by(self) -> int:
        return max(1, -self.days_left) if self.overdue and self.days_left is not None else 0


def index(request):
    user = request.user
    if not permissions.can(user, "foi_requests.view_request"):
        raise PermissionDenied
    today = timezone.localdate()
    calendar = _calendar(request, today)
    qs, form, bureaus = filtered_requests(user, request.GET, today=today, calendar=calendar)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("p"))
    rows = []
    for foi in page.object_list:
        open_clock = foi.state in OPEN_STATES and foi.due_on is not None
        rows.append(
            Row(
                foi=foi,
                masked_name=mask_name(foi.applicant_name),
                days_left=calendar.count_working_days(today, foi.due_on) if open_clock else None,
                overdue=open_clock and foi.due_on < today,
            )
        )
    query = request.GET.copy()
    query.pop("p", None)
    return _render(
        request,
        "foi_requests/admin/index.html",
        _("FOI requests"),
        {
            "rows": rows,
            "page_obj": page,
            "filter_form": form,
            "show_bureau_filter": bureaus.count() > 1,
            "query": query.urlencode(),
            "can_add": permissions.can(user, "foi_requests.handle_request"),
            "can_dashboard": permissions.can(user, "foi_requests.view_dashboard"),
            "today": today,
        },
    )


# ---- staff entry ---------------------------------------------------------------------------


def _form_errors(form, exc: ValidationError, aliases: dict[str, str] | None = None) -> None:
    """Put a service's errors next to the fields they concern (others above the form)."""
    aliases = aliases or {}
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            target = aliases.get(field, field)
            target = target if target in form.fields else None
            for error in errors:
                form.add_error(target, error)
    else:
        for message in exc.messages:
            form.add_error(None, message)


def create(request):
    user = request.user
    if not permissions.can(user, "foi_requests.handle_request"):
        raise PermissionDenied
    from .services import intake

    form = forms.StaffEntryForm(request.POST or None, request.FILES or None, user=user)
    if request.method == "POST" and form.is_valid():
        scan = form.cleaned_data.get("scan")
        try:
            foi, created = intake.submit_request(
                bureau=form.cleaned_data["bureau"],
                data=form.submission_data(),
                channel=form.cleaned_data["channel"],
                client_token=form.cleaned_data.get("client_token"),
                actor=user,
                ip=audit.client_ip(request),
                arrived_on=form.cleaned_data.get("arrived_on"),
                files=[scan] if scan else (),
            )
        except PermissionDenied:
            form.add_error("bureau", _("You cannot enter requests for this bureau."))
        except ValidationError as exc:
            _form_errors(form, exc, {"attachments": "scan"})
        else:
            if created:
                messages.success(
                    request, _("Request entered. Tracking number: %(number)s.") % {"number": foi.tracking_number}
                )
            else:
                messages.info(request, _("This form was already submitted; here is the request it created."))
            if foi.state == State.SUBMITTED and foi.channel == Channel.POST_UNSIGNED:
                messages.warning(request, str(UNSIGNED_POST_PROMPT))
            return redirect("foi_admin:detail", pk=foi.pk)
    return _render(
        request,
        "foi_requests/admin/create.html",
        _("Enter a request received by post, fax or in person"),
        {"form": form, "unsigned_post_prompt": str(UNSIGNED_POST_PROMPT)},
    )


UNSIGNED_POST_PROMPT = gettext_lazy(
    "Ordinary post (Art. 31): confirm receipt with the applicant on the day the letter arrives, and record the "
    "confirmation; the day of confirmation is the receipt date."
)


# ---- workflow actions ----------------------------------------------------------------------


@dataclass(frozen=True)
class Action:
    name: str
    label: Any
    form: type
    button: Any
    notice: str | None = None  # the notice to generate for the applicant after the step
    danger: bool = False


def _wf():
    from .services import workflow

    return workflow


ACTIONS: dict[str, Action] = {
    a.name: a
    for a in (
        Action("confirm_receipt", gettext_lazy("Confirm receipt"), forms.ConfirmReceiptForm, gettext_lazy("Confirm")),
        Action(
            "request_supplement",
            gettext_lazy("Request a supplement (once only)"),
            forms.SupplementForm,
            gettext_lazy("Send the supplement notice"),
            notice="supplement",
        ),
        Action(
            "receive_supplement",
            gettext_lazy("Record the supplement"),
            forms.ReceiveSupplementForm,
            gettext_lazy("Record"),
        ),
        Action(
            "close_no_supplement",
            gettext_lazy("Close: no supplement in time"),
            forms.NoInputForm,
            gettext_lazy("Close the request"),
            danger=True,
        ),
        Action("start_processing", gettext_lazy("Start processing"), forms.NoInputForm, gettext_lazy("Start")),
        Action(
            "start_consultation",
            gettext_lazy("Consult a third party or agency"),
            forms.ConsultationForm,
            gettext_lazy("Record the consultation letter"),
        ),
        Action(
            "end_consultation",
            gettext_lazy("End a consultation"),
            forms.EndConsultationForm,
            gettext_lazy("Record the result"),
        ),
        Action(
            "request_extension",
            gettext_lazy("Request an extension"),
            forms.ExtensionForm,
            gettext_lazy("Request approval"),
        ),
        Action(
            "decide_extension",
            gettext_lazy("Decide on the extension"),
            forms.DecideExtensionForm,
            gettext_lazy("Decide"),
            notice="extension",
        ),
        Action(
            "send_fee_notice",
            gettext_lazy("Send a fee notice"),
            forms.FeeNoticeForm,
            gettext_lazy("Send the fee notice"),
            notice="fee",
        ),
        Action("record_payment", gettext_lazy("Record the payment"), forms.PaymentForm, gettext_lazy("Record")),
        Action(
            "close_fee_unpaid",
            gettext_lazy("Close: fee not paid in time"),
            forms.NoInputForm,
            gettext_lazy("Close the request"),
            danger=True,
        ),
        Action(
            "set_manual_deadline",
            gettext_lazy("Set a deadline under Art. 35"),
            forms.ManualDeadlineForm,
            gettext_lazy("Set the deadline"),
        ),
        Action("draft_reply", gettext_lazy("Draft the reply"), forms.DraftReplyForm, gettext_lazy("Save the draft")),
        Action(
            "approve_reply",
            gettext_lazy("Approve and issue the reply"),
            forms.NoInputForm,
            gettext_lazy("Approve and issue"),
        ),
        Action("deliver", gettext_lazy("Record delivery"), forms.DeliverForm, gettext_lazy("Record delivery")),
        Action("archive", gettext_lazy("Archive"), forms.NoInputForm, gettext_lazy("Archive")),
        Action(
            "withdraw",
            gettext_lazy("Record a withdrawal by the applicant"),
            forms.WithdrawForm,
            gettext_lazy("Record the withdrawal"),
            danger=True,
        ),
    )
}

# What the register (RequestEvent.action) shows for each step.
EVENT_LABELS = {name: action.label for name, action in ACTIONS.items()} | {
    "submitted": gettext_lazy("Submitted"),
    "received": gettext_lazy("Received"),
    "supplement_requested": gettext_lazy("Supplement requested"),
    "supplement_received": gettext_lazy("Supplement received"),
    "consultation_started": gettext_lazy("Consultation started"),
    "consultation_ended": gettext_lazy("Consultation ended"),
    "extension_requested": gettext_lazy("Extension requested"),
    "extension_approved": gettext_lazy("Extension approved"),
    "extension_rejected": gettext_lazy("Extension rejected"),
    "reply_drafted": gettext_lazy("Reply drafted"),
    "reply_approved": gettext_lazy("Reply approved"),
    "delivered": gettext_lazy("Delivered"),
    "archived": gettext_lazy("Archived"),
    "withdrawn": gettext_lazy("Withdrawn"),
}


def _check_upload(upload, field: str) -> None:
    """The workflow stores uploads as given: refuse here what is not what its extension says."""
    from .validation import check_files

    try:
        check_files([upload])
    except ValidationError as exc:
        raise ValidationError({field: exc.messages}) from exc
    upload.seek(0)


def _run(action: str, foi: FoiRequest, user, data: dict) -> Any:
    """Call the workflow step with what the form parsed."""
    wf = _wf()
    if action == "confirm_receipt":
        return wf.confirm_receipt(foi, actor=user, received_on=data["received_on"], note=data["note"])
    if action == "request_supplement":
        return wf.request_supplement(
            foi, actor=user, items=data["items"], period_working_days=data["period_working_days"]
        )
    if action == "receive_supplement":
        upload = data.get("file")
        if upload:
            _check_upload(upload, "file")
        return wf.receive_supplement(
            foi, actor=user, supplied_on=data["supplied_on"], text=data["text"], files=[upload] if upload else ()
        )
    if action in ("close_no_supplement", "start_processing", "close_fee_unpaid", "archive"):
        return getattr(wf, action)(foi, actor=user)
    if action == "start_consultation":
        return wf.start_consultation(
            foi, actor=user, kind=data["kind"], party=data["party"], subject=data["subject"], sent_on=data["sent_on"]
        )
    if action == "end_consultation":
        return wf.end_consultation(
            data["consultation"], actor=user, ended_on=data["ended_on"], result=data["result"], note=data["note"]
        )
    if action == "request_extension":
        return wf.request_extension(foi, actor=user, working_days=data["working_days"], reason=data["reason"])
    if action == "decide_extension":
        extension = getattr(foi, "extension", None)
        if extension is None:
            raise wf.WorkflowError(_("There is no extension to decide on."), code="no_extension")
        return wf.decide_extension(extension, actor=user, approve=data["decision"] == "approve", note=data["note"])
    if action == "send_fee_notice":
        return wf.send_fee_notice(
            foi, actor=user, method=data["method"], quantity=data["quantity"], sent_on=data["sent_on"]
        )
    if action == "record_payment":
        fee = getattr(foi, "fee_notice", None)
        if fee is None:
            raise wf.WorkflowError(_("There is no fee notice."), code="no_fee_notice")
        return wf.record_payment(fee, actor=user, paid_on=data["paid_on"])
    if action == "set_manual_deadline":
        return wf.set_manual_deadline(foi, actor=user, due_on=data["due_on"], basis=data["basis"])
    if action == "draft_reply":
        return wf.draft_reply(
            foi,
            actor=user,
            reply_type=data["reply_type"],
            outcome=data["outcome"] or None,
            body=data["body"],
            withheld_reason=data["withheld_reason"],
            referral=data["referral"],
        )
    if action == "approve_reply":
        reply = getattr(foi, "reply", None)
        if reply is None:
            raise wf.WorkflowError(_("There is no draft reply to approve."), code="no_reply")
        return wf.approve_reply(reply, actor=user)
    if action == "deliver":
        return wf.deliver(foi, actor=user, delivered_on=data["delivered_on"], note=data["note"])
    if action == "withdraw":
        return wf.withdraw(foi, actor=user, reason=data["reason"])
    raise Http404


def _notice_after(action: Action, foi: FoiRequest, data: dict, request) -> None:
    """The applicant's notice for a step that needs one; a failure here never undoes the step."""
    if action.notice is None or (action.name == "decide_extension" and data.get("decision") != "approve"):
        return
    from .documents import generate_notice

    try:
        generate_notice(FoiRequest.objects.select_related("bureau").get(pk=foi.pk), action.notice)
    except Exception:
        logger.exception("Could not generate the %s notice of %s", action.notice, foi.tracking_number)
        messages.warning(request, _("The step was saved, but the notice document could not be generated."))


@require_POST
def act(request, pk, action):
    foi = _get_request(request, pk)
    spec = ACTIONS.get(action)
    if spec is None:
        raise Http404
    form = spec.form(request.POST, request.FILES, foi=foi)
    status = 200
    if form.is_valid():
        try:
            _run(action, foi, request.user, form.cleaned_data)
        except PermissionDenied as exc:
            form.add_error(None, str(exc) or _("You do not have permission to do this."))
            status = 403
        except ValidationError as exc:  # WorkflowError and the services' validation errors
            _form_errors(form, exc)
        else:
            _notice_after(spec, foi, form.cleaned_data, request)
            messages.success(request, _("Done: %(action)s.") % {"action": spec.label})
            return redirect(reverse("foi_admin:detail", args=[foi.pk]) + "#history")
    foi = _get_request(request, pk)
    return _detail(request, foi, failed=(action, form), status=status)


# ---- detail --------------------------------------------------------------------------------


def _personal(foi: FoiRequest, *, unmasked: bool) -> list[tuple[str, str]]:
    if unmasked:
        values = [
            (_("Applicant name"), foi.applicant_name),
            (_("ID document"), f"{foi.get_id_document_type_display()} {foi.id_document_number}"),
            (_("Contact person"), foi.contact_person),
            (_("Phone"), foi.phone),
            (_("Email"), foi.email),
            (_("Postal address"), " ".join(p for p in (foi.postal_code, foi.postal_address) if p)),
        ]
    else:
        values = [
            (_("Applicant name"), mask_name(foi.applicant_name)),
            (
                _("ID document"),
                f"{foi.get_id_document_type_display()} {mask_id_number(foi.id_document_type, foi.id_document_number)}",
            ),
            (_("Contact person"), mask_name(foi.contact_person)),
            (_("Phone"), mask_phone(foi.phone) if foi.phone else ""),
            (_("Email"), mask_email(foi.email) if foi.email else ""),
            (_("Postal address"), _("(hidden)") if foi.postal_address else ""),
        ]
    return [(label, value or "—") for label, value in values]


def _deadline(foi: FoiRequest, today: dt.date):
    try:
        return _wf().deadline_for(foi, today=today)
    except NotImplementedError:  # the workflow module is still an interface draft
        return None


def _actions_for(foi: FoiRequest, user) -> list[str]:
    try:
        names = _wf().available_actions(foi, user)
    except NotImplementedError:
        return []
    return [name for name in names if name in ACTIONS]


def _detail(request, foi: FoiRequest, *, failed=None, unmasked: bool = False, status: int = 200):
    user = request.user
    today = timezone.localdate()
    calendar = _calendar(request, today)
    deadline = _deadline(foi, today)
    due_on = deadline.due_on if deadline is not None else foi.due_on
    action_forms = []
    for name in _actions_for(foi, user):
        spec = ACTIONS[name]
        form = failed[1] if failed and failed[0] == name else spec.form(foi=foi)
        action_forms.append({"action": spec, "form": form, "failed": bool(failed and failed[0] == name)})
    if failed and failed[0] not in [a["action"].name for a in action_forms]:
        # The step is no longer offered (e.g. the state changed meanwhile): still show why it failed.
        spec = ACTIONS[failed[0]]
        action_forms.insert(0, {"action": spec, "form": failed[1], "failed": True})
    events = list(foi.events.select_related("actor").order_by("at", "pk"))
    for event in events:
        event.label = EVENT_LABELS.get(event.action, event.action)
        event.state_label = State(event.to_state).label if event.to_state in State.values else event.to_state
    days_left = calendar.count_working_days(today, due_on) if due_on and foi.state in OPEN_STATES else None
    media = forms.forms.Media()
    for item in action_forms:
        media += item["form"].media
    context = {
        "foi": foi,
        "today": today,
        "deadline": deadline,
        "due_on": due_on,
        "days_left": days_left,
        "overdue_by": max(1, -days_left) if days_left is not None and due_on < today else 0,
        "media": media,
        "personal": _personal(foi, unmasked=unmasked),
        "unmasked": unmasked,
        "can_view_personal": permissions.can(user, VIEW_PERSONAL_DATA, foi),
        "events": events,
        "supplement": getattr(foi, "supplement", None),
        "consultations": list(foi.consultations.all()),
        "extension": getattr(foi, "extension", None),
        "fee": getattr(foi, "fee_notice", None),
        "reply": getattr(foi, "reply", None),
        "attachments": list(foi.attachments.all()),
        "action_forms": action_forms,
        "needs_same_day_confirmation": foi.state == State.SUBMITTED and foi.channel == Channel.POST_UNSIGNED,
        "unsigned_post_prompt": str(UNSIGNED_POST_PROMPT),
        "awaiting_confirmation": foi.state == State.SUBMITTED,
    }
    return _render(request, "foi_requests/admin/detail.html", foi.tracking_number, context, status=status)


def detail(request, pk):
    return _detail(request, _get_request(request, pk))


@require_POST
def personal_data(request, pk):
    """Show the applicant's personal data unmasked: handlers of the bureau only, each view audited."""
    foi = _get_request(request, pk)
    if not permissions.can(request.user, VIEW_PERSONAL_DATA, foi):
        raise PermissionDenied
    audit.record(
        VIEW_PERSONAL_DATA,
        user=request.user,
        instance=foi,
        request=request,
        data={"tracking_number": foi.tracking_number, "what": "detail"},
    )
    return _detail(request, foi, unmasked=True)


def attachment(request, pk, attachment_pk):
    """Download a file of the request. Files carry personal data: handlers only, each download audited."""
    foi = _get_request(request, pk)
    if not permissions.can(request.user, VIEW_PERSONAL_DATA, foi):
        raise PermissionDenied
    item = get_object_or_404(RequestAttachment, pk=attachment_pk, request=foi)
    audit.record(
        VIEW_PERSONAL_DATA,
        user=request.user,
        instance=foi,
        request=request,
        data={"tracking_number": foi.tracking_number, "what": "attachment", "attachment": item.pk},
    )
    response = FileResponse(item.file.open("rb"), as_attachment=True, filename=item.filename)
    response["Content-Type"] = item.content_type or "application/octet-stream"
    return response


def receipt(request, pk):
    """The applicant's receipt (回执) as PDF, to hand over or post for letters, faxes and visits. Audited."""
    from .receipt import render_receipt_pdf

    foi = _get_request(request, pk)
    if not permissions.can(request.user, VIEW_PERSONAL_DATA, foi):
        raise PermissionDenied
    audit.record(
        VIEW_PERSONAL_DATA,
        user=request.user,
        instance=foi,
        request=request,
        data={"tracking_number": foi.tracking_number, "what": "receipt"},
    )
    response = HttpResponse(render_receipt_pdf(foi), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="receipt-{foi.tracking_number}.pdf"'
    return response


# ---- dashboard -----------------------------------------------------------------------------


@dataclass
class BureauFigures:
    bureau: Bureau
    open: int = 0
    due_soon: int = 0
    overdue: int = 0
    answered: int = 0
    on_time: int = 0

    @property
    def rate(self) -> float | None:
        return None if not self.answered else 100.0 * self.on_time / self.answered


def dashboard_bureaus(user):
    """The bureaus a user's dashboard has rows for: its own, or for the city supervisor every county
    bureau in its subtree (the city bureau's own row too when it handles requests itself)."""
    visible = permissions.scope(user, "foi_requests.view_dashboard", Bureau.objects.disclosing())
    return visible.exclude(kind=BureauKind.REVIEW_OFFICE).order_by("sort_order", "code")


def bureau_figures(bureaus, *, today: dt.date, year: int, calendar=None) -> list[BureauFigures]:
    """Per bureau: open requests, due within 5 working days, overdue, and the on-time rate of the
    requests answered in `year` (reply issued on or before the due date)."""
    from .models import Reply

    bureaus = list(bureaus)
    ids = [b.pk for b in bureaus]
    horizon = due_soon_until(today, calendar)
    running = RUNNING_CLOCK
    counts = {
        row["bureau_id"]: row
        for row in FoiRequest.objects.filter(bureau_id__in=ids)
        .values("bureau_id")
        .annotate(
            open=Count("pk", filter=Q(state__in=OPEN_STATES)),
            due_soon=Count("pk", filter=running & Q(due_on__gte=today, due_on__lte=horizon)),
            overdue=Count("pk", filter=running & Q(due_on__lt=today)),
        )
    }
    answers = {
        row["request__bureau_id"]: row
        for row in Reply.objects.filter(request__bureau_id__in=ids, status=ReplyStatus.APPROVED, replied_on__year=year)
        .values("request__bureau_id")
        .annotate(
            answered=Count("pk"),
            on_time=Count("pk", filter=Q(request__due_on__isnull=True) | Q(replied_on__lte=F("request__due_on"))),
        )
    }
    result = []
    for bureau in bureaus:
        row = counts.get(bureau.pk, {})
        answer = answers.get(bureau.pk, {})
        result.append(
            BureauFigures(
                bureau=bureau,
                open=row.get("open", 0),
                due_soon=row.get("due_soon", 0),
                overdue=row.get("overdue", 0),
                answered=answer.get("answered", 0),
                on_time=answer.get("on_time", 0),
            )
        )
    return result


def dashboard(request):
    user = request.user
    if not permissions.can(user, "foi_requests.view_dashboard"):
        raise PermissionDenied
    today = timezone.localdate()
    year = request.GET.get("year", "")
    year = int(year) if year.isdigit() and 2000 <= int(year) <= 2100 else today.year
    figures = bureau_figures(dashboard_bureaus(user), today=today, year=year, calendar=_calendar(request, today))
    totals = BureauFigures(bureau=None)
    for row in figures:
        for name in ("open", "due_soon", "overdue", "answered", "on_time"):
            setattr(totals, name, getattr(totals, name) + getattr(row, name))
    return _render(
        request,
        "foi_requests/admin/dashboard.html",
        _("FOI requests: due dates and timeliness"),
        {"figures": figures, "totals": totals, "year": year, "today": today, "several": len(figures) > 1},
    )
