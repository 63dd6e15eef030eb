"""Staff screens of FOI requests in the Wagtail admin (thin: forms → intake/workflow services): the list and staff entry.

A request the user may not see is a 404 (a county editor never learns another county's requests
exist). Lists mask the applicant's name and never show ID numbers, phones, emails or addresses.
The other screens: the detail page with its steps (admin_detail.py, admin_actions.py), the
dashboard (admin_dashboard.py); this module has the plumbing they share.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Case, DateField, F, IntegerField, Q, Value, When
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gongkai.accounts import permissions
from gongkai.core import audit
from gongkai.core.admin_screens import render_admin_screen
from gongkai.organizations.models import Bureau
from gongkai.screening.masking import NAME, mask_value
from gongkai.workdays.due import due_soon_until

from . import admin_forms as forms
from .constants import OPEN_STATES, Channel, State
from .models import FoiRequest
from .reminders import RUNNING_CLOCK, reminder_calendar
from .rules import HANDLE_REQUEST, VIEW_DASHBOARD, VIEW_REQUEST

PAGE_SIZE = 50


def mask_name(name: str) -> str:
    """张三 → 张某, 欧阳娜娜 → 欧阳某某 (the one name mask: `gongkai.screening.masking`)."""
    return mask_value(NAME, name)


# ---- plumbing ------------------------------------------------------------------------------


def render_screen(request, template: str, title: str, context: dict, crumbs=(), status: int = 200) -> TemplateResponse:
    section = ("foi_admin:index", _("FOI requests"))
    return render_admin_screen(
        request, template, title, context, section=section, icon="mail", crumbs=crumbs, status=status
    )


def _visible(user):
    return permissions.scope(user, VIEW_REQUEST, FoiRequest.objects.all())


def get_request(request, pk) -> FoiRequest:
    if not permissions.can(request.user, VIEW_REQUEST):
        raise PermissionDenied
    try:
        return _visible(request.user).select_related("bureau").get(pk=pk)
    except FoiRequest.DoesNotExist as exc:
        raise Http404 from exc


def admin_calendar(request, today: dt.date):
    from gongkai.workdays.services import calendar_for

    return calendar_for([today.year, today.year + 1], request=request)  # built once per HTTP request


# ---- list ----------------------------------------------------------------------------------


def filtered_requests(user, data, *, today: dt.date, calendar=None):
    """The user's requests narrowed by the list filters; returns (queryset, filter form)."""
    bureaus = permissions.scope(user, VIEW_REQUEST, Bureau.objects.disclosing()).order_by("sort_order", "code")
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
            qs = qs.filter(
                running, due_on__gte=today, due_on__lte=due_soon_until(today, calendar or reminder_calendar(today))
            )
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
    if not permissions.can(user, VIEW_REQUEST):
        raise PermissionDenied
    today = timezone.localdate()
    calendar = admin_calendar(request, today)
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
    return render_screen(
        request,
        "foi_requests/admin/index.html",
        _("FOI requests"),
        {
            "rows": rows,
            "page_obj": page,
            "filter_form": form,
            "show_bureau_filter": bureaus.count() > 1,
            "query": query.urlencode(),
            "can_add": permissions.can(user, HANDLE_REQUEST),
            "can_dashboard": permissions.can(user, VIEW_DASHBOARD),
            "today": today,
        },
    )


# ---- staff entry ---------------------------------------------------------------------------


def form_errors(form, exc: ValidationError, aliases: dict[str, str] | None = None) -> None:
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
    if not permissions.can(user, HANDLE_REQUEST):
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
                acting_user=user,
                ip=audit.client_ip(request),
                arrived_on=form.cleaned_data.get("arrived_on"),
                files=[scan] if scan else (),
            )
        except PermissionDenied:
            form.add_error("bureau", _("You cannot enter requests for this bureau."))
        except ValidationError as exc:
            form_errors(form, exc, {"attachments": "scan"})
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
    return render_screen(
        request,
        "foi_requests/admin/create.html",
        _("Enter a request received by post, fax or in person"),
        {"form": form, "unsigned_post_prompt": str(UNSIGNED_POST_PROMPT)},
    )


UNSIGNED_POST_PROMPT = gettext_lazy(
    "Ordinary post (Art. 31): confirm receipt with the applicant on the day the letter arrives, and record the "
    "confirmation; the day of confirmation is the receipt date."
)
