"""Staff screens of public inquiries in the Wagtail admin: the list (late ones first), one inquiry with its
answer, the approval, the bureau's answer time. Thin: each screen asks the permission module what to show
and calls one service; the services refuse what the user may not do (four eyes on approval)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gongkai.accounts import permissions
from gongkai.core import audit
from gongkai.core.admin_screens import render_admin_screen, review_screen, show_errors
from gongkai.organizations.models import Bureau

from . import selectors, services
from .admin_forms import AnswerForm, InvalidForm, PolicyForm
from .models import OPEN_STATUSES, Inquiry, InquiryStatus
from .rules import ANSWER_INQUIRY, APPROVE_ANSWER, SET_POLICY, VIEW_INQUIRY

FILTERS = ("open", "overdue", "review", "answered", "all")


def _render(request, template: str, title: str, context: dict, crumbs=()) -> TemplateResponse:
    section = ("inquiries_admin:index", _("Public inquiries"))
    return render_admin_screen(request, template, title, context, section=section, icon="mail", crumbs=crumbs)


def _inquiry(request, pk: int) -> Inquiry:
    inquiry = get_object_or_404(Inquiry.objects.select_related("bureau"), pk=pk)
    if not permissions.can(request.user, VIEW_INQUIRY, inquiry):
        raise Http404
    return inquiry


def index(request):
    if not permissions.can(request.user, VIEW_INQUIRY):
        raise PermissionDenied
    shown = request.GET.get("show", "open")
    shown = shown if shown in FILTERS else "open"
    rows = selectors.for_staff(request.user)
    today = timezone.localdate()
    if shown == "open":
        rows = rows.filter(status__in=OPEN_STATUSES).order_by("due_on", "submitted_at")
    elif shown == "overdue":
        rows = selectors.overdue(rows, today=today).order_by("due_on")
    elif shown == "review":
        rows = rows.filter(status=InquiryStatus.ANSWER_SUBMITTED).order_by("due_on")
    elif shown == "answered":
        rows = rows.filter(status=InquiryStatus.ANSWERED).order_by("-answered_at")
    policies = [
        {"bureau": b, "days": services.answer_days(b)} for b in permissions.active_bureaus(request.user, SET_POLICY)
    ]
    return _render(
        request,
        "inquiries/admin/index.html",
        _("Public inquiries"),
        {
            "rows": rows[:300],
            "shown": shown,
            "filters": [(f, FILTER_LABELS()[f]) for f in FILTERS],
            "today": today,
            "late": selectors.late_by_bureau(request.user, today=today),
            "policies": policies,
            "default_days": services.default_answer_days(),
        },
    )


def FILTER_LABELS():  # noqa: N802 (a table, translated when called)
    return {
        "open": _("Unanswered"),
        "overdue": _("Overdue"),
        "review": _("Waiting for approval"),
        "answered": _("Answered"),
        "all": _("All"),
    }


def detail(request, pk: int):
    inquiry = _inquiry(request, pk)
    may_answer = inquiry.is_open and permissions.can(request.user, ANSWER_INQUIRY, inquiry)
    initial = {
        "answer_text": inquiry.answer_text,
        "public_subject": inquiry.public_subject,
        "public_body": inquiry.public_body,
        "publish": inquiry.publish,
    }
    form = AnswerForm(request.POST or None, initial=initial, consent=inquiry.consent_publish)
    if request.method == "POST" and may_answer and form.is_valid():
        data = form.cleaned_data
        try:
            services.answer_save(
                inquiry=inquiry,
                answer_text=data["answer_text"],
                public_subject=data.get("public_subject"),
                public_body=data.get("public_body"),
                publish=data.get("publish") if inquiry.consent_publish else None,
                acting_user=request.user,
                request=request,
            )
            if "submit" in request.POST:
                services.answer_submit(inquiry=inquiry, acting_user=request.user, request=request)
                messages.success(request, _("The answer is submitted. A reviewer or the leader approves it."))
                return redirect("inquiries_admin:index")
        except ValidationError as exc:
            show_errors(request, exc)
        else:
            messages.success(request, _("The answer is saved."))
            return redirect("inquiries_admin:detail", pk=inquiry.pk)
    audit.record("inquiries.personal_data.viewed", user=request.user, instance=inquiry, request=request)
    return _render(
        request,
        "inquiries/admin/detail.html",
        _("Inquiry %(number)s") % {"number": inquiry.tracking_number},
        {
            "inquiry": inquiry,
            "form": form,
            "may_answer": may_answer,
            "may_review": inquiry.status == InquiryStatus.ANSWER_SUBMITTED
            and permissions.can(request.user, APPROVE_ANSWER, inquiry),
            "may_invalidate": inquiry.is_open and permissions.can(request.user, APPROVE_ANSWER, inquiry),
            "invalid_form": InvalidForm(),
            "late": inquiry.is_open and inquiry.due_on < timezone.localdate(),
        },
    )


def review(request, pk: int):
    inquiry = _inquiry(request, pk)
    common = {"inquiry": inquiry, "acting_user": request.user, "request": request}
    return review_screen(
        request,
        waiting=inquiry.status == InquiryStatus.ANSWER_SUBMITTED,
        not_waiting=_("No answer of this inquiry is waiting for approval."),
        back=reverse("inquiries_admin:detail", args=[inquiry.pk]),
        allowed=permissions.can(request.user, APPROVE_ANSWER, inquiry),
        approve=lambda **check: services.answer_approve(**common, **check),
        send_back=lambda reason: services.answer_return(**common, reason=reason),
        approved=_("The answer is approved."),
        returned=_("The answer is returned to its author."),
        done=reverse("inquiries_admin:index"),
        render=lambda form: _render(
            request,
            "inquiries/admin/review.html",
            _("Approve the answer to %(number)s") % {"number": inquiry.tracking_number},
            {"inquiry": inquiry, "form": form, "may_approve": services.may_approve(request.user, inquiry)},
            crumbs=[(reverse("inquiries_admin:detail", args=[inquiry.pk]), inquiry.tracking_number)],
        ),
    )


@require_POST
def invalidate(request, pk: int):
    inquiry = _inquiry(request, pk)
    form = InvalidForm(request.POST)
    if form.is_valid():
        try:
            services.mark_invalid(
                inquiry=inquiry, acting_user=request.user, reason=form.cleaned_data["reason"], request=request
            )
        except ValidationError as exc:
            show_errors(request, exc)
        else:
            messages.success(request, _("The message is marked as not valid."))
    else:
        messages.error(request, _("Say why the message is not valid."))
    return redirect("inquiries_admin:detail", pk=inquiry.pk)


@require_POST
def policy(request, code: str):
    bureau = get_object_or_404(Bureau, code=code)
    form = PolicyForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Between 1 and 60 working days."))
    else:
        try:
            days = services.policy_set(
                bureau=bureau,
                answer_working_days=form.cleaned_data["answer_working_days"],
                acting_user=request.user,
                request=request,
            )
        except ValidationError as exc:
            show_errors(request, exc)
        else:
            messages.success(
                request, _("%(bureau)s answers within %(n)d working days.") % {"bureau": bureau.name, "n": days}
            )
    return redirect("inquiries_admin:index")
