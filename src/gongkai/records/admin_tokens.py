"""Business-system tokens and auto-approval in the admin: issuing and revoking a bureau's API
tokens (records:publish only by the bureau's leader, refused by the service), and the catalog
items into which a business system may publish without a person's approval.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gongkai.accounts import permissions
from gongkai.organizations.models import Bureau

from . import review, services
from .admin_base import render_screen, show_errors
from .forms import AutoApprovalForm, TokenForm
from .models import SystemToken


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
            show_errors(request, exc, form)
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
    return render_screen(request, "records/admin/tokens.html", _("Business-system tokens"), context)


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
