"""Staff screens of the new-media registry in the Wagtail admin: the accounts and applications a person
may see, a new application, one application with its steps and the decision form, recording a post and
importing posts. Thin: each screen asks the permission module what to show and calls one service."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _

from gongkai.accounts import permissions
from gongkai.core.admin_screens import render_admin_screen, show_errors
from gongkai.organizations.models import Bureau

from . import selectors, services
from .admin_forms import ApplicationForm, DecisionForm, ImportForm, PostForm
from .models import AccountApplication, AccountStatus
from .rules import APPLY, RECORD_POST, VIEW_ACCOUNT


def _section():
    return ("new_media_admin:index", _("New-media accounts"))


def _screen(request, template, title, context, crumbs=()):
    return render_admin_screen(request, template, title, context, section=_section(), icon="globe", crumbs=crumbs)


def _bureaus(user, action):
    return permissions.scope(user, action, Bureau.objects.disclosing()).order_by("sort_order", "code")


def index(request):
    if not permissions.can(request.user, VIEW_ACCOUNT):
        raise PermissionDenied
    silent = {a.pk for a in selectors.silent_accounts()}
    accounts = list(selectors.accounts_for_staff(request.user))
    return _screen(
        request,
        "new_media/admin/index.html",
        _("New-media accounts"),
        {
            "accounts": [{"account": a, "silent": a.pk in silent} for a in accounts],
            "waiting": list(selectors.applications_waiting_for(request.user)),
            "applications": list(selectors.applications_for_staff(request.user)[:50]),
            "may_apply": permissions.can(request.user, APPLY),
            "may_post": permissions.can(request.user, RECORD_POST),
        },
    )


def apply(request):
    bureaus = _bureaus(request.user, APPLY)
    if not bureaus.exists():
        raise PermissionDenied
    accounts = selectors.accounts_for_staff(request.user).filter(status=AccountStatus.ACTIVE, bureau__in=bureaus)
    form = ApplicationForm(request.POST or None, bureaus=bureaus, accounts=accounts)
    if request.method == "POST" and form.is_valid():
        try:
            application = services.application_submit(
                **form.service_kwargs(), acting_user=request.user, request=request
            )
        except ValidationError as exc:
            show_errors(request, exc)
        else:
            messages.success(request, _("The application is submitted to the bureau's leader."))
            return redirect("new_media_admin:application", pk=application.pk)
    return _screen(request, "new_media/admin/form.html", _("New application"), {"form": form})


def application_detail(request, pk: int):
    application = get_object_or_404(AccountApplication.objects.select_related("bureau", "account"), pk=pk)
    if not permissions.can(request.user, VIEW_ACCOUNT, application):
        raise Http404
    may_decide = services.may_decide(request.user, application)
    form = DecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.application_decide(
                application,
                acting_user=request.user,
                approve="approve" in request.POST,
                opinion=form.cleaned_data["opinion"],
                confidentiality_result=form.cleaned_data["confidentiality_result"],
                confidentiality_notes=form.cleaned_data["confidentiality_notes"],
                request=request,
            )
        except ValidationError as exc:
            show_errors(request, exc)
        else:
            messages.success(request, _("Your decision is recorded."))
            return redirect("new_media_admin:application", pk=application.pk)
    return _screen(
        request,
        "new_media/admin/application.html",
        str(application),
        {
            "application": application,
            "steps": application.steps.select_related("decided_by"),
            "may_decide": may_decide,
            "bureau_step": application.stage == "bureau",
            "form": form,
        },
    )


def record_post(request):
    accounts = permissions.scope(
        request.user, RECORD_POST, selectors.accounts_for_staff(request.user).filter(status=AccountStatus.ACTIVE)
    )
    if not permissions.can(request.user, RECORD_POST):
        raise PermissionDenied
    form = PostForm(request.POST or None, accounts=accounts)
    if request.method == "POST" and form.is_valid():
        try:
            services.post_record(**form.cleaned_data, acting_user=request.user, request=request)
        except ValidationError as exc:
            show_errors(request, exc)
        else:
            messages.success(request, _("The post is recorded."))
            return redirect("new_media_admin:index")
    return _screen(request, "new_media/admin/form.html", _("Record a post"), {"form": form})


def import_posts(request):
    bureaus = _bureaus(request.user, RECORD_POST)
    if not bureaus.exists():
        raise PermissionDenied
    form = ImportForm(request.POST or None, request.FILES or None, bureaus=bureaus)
    if request.method == "POST" and form.is_valid():
        try:
            text = form.cleaned_data["file"].read().decode("utf-8-sig")
            result = services.posts_import(
                bureau=form.cleaned_data["bureau"], text=text, acting_user=request.user, request=request
            )
        except UnicodeDecodeError:
            messages.error(request, _("The file is not UTF-8 text."))
        except ValidationError as exc:
            show_errors(request, exc)
        else:
            messages.success(
                request,
                _("%(created)s posts imported, %(skipped)s already recorded.")
                % {"created": result.created, "skipped": result.skipped},
            )
            for error in result.errors[:20]:
                messages.warning(request, error)
            return redirect("new_media_admin:index")
    return _screen(request, "new_media/admin/form.html", _("Import posts"), {"form": form, "multipart": True})
