"""Staff screens of the self-inspection: the newest result of every bureau the person may see (the bureau
its own, the city every bureau), one bureau's findings, running it now (the city), the rules and their
thresholds (the city supervisor, the system administrator)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from gongkai.accounts import permissions
from gongkai.core.admin_screens import render_admin_screen

from . import selectors, services
from .models import InspectionRule
from .rules import CHANGE_RULE, RUN, VIEW_RESULT


def _screen(request, template, title, context, crumbs=()):
    section = ("site_inspection_admin:index", _("Site self-inspection"))
    return render_admin_screen(request, template, title, context, section=section, icon="tasks", crumbs=crumbs)


def index(request):
    if not permissions.can(request.user, VIEW_RESULT):
        raise PermissionDenied
    return _screen(
        request,
        "site_inspection/admin/index.html",
        _("Site self-inspection"),
        {
            "results": selectors.latest_for_staff(request.user),
            "may_run": permissions.can(request.user, RUN),
            "may_edit_rules": permissions.can(request.user, CHANGE_RULE),
        },
    )


def bureau_result(request, code: str):
    found = [r for r in selectors.latest_for_staff(request.user) if r.bureau.code == code]
    if not found:
        raise Http404
    result = found[0]
    return _screen(
        request,
        "site_inspection/admin/bureau.html",
        result.bureau.name,
        {"result": result, "data": selectors.as_data(result)},
    )


@require_POST
def run_now(request):
    services.run_inspection(trigger="manual", acting_user=request.user, request=request)
    messages.success(request, _("Every bureau has been inspected."))
    return redirect("site_inspection_admin:index")


def rule_list(request):
    if not permissions.can(request.user, VIEW_RESULT) and not permissions.can(request.user, CHANGE_RULE):
        raise PermissionDenied
    return _screen(
        request,
        "site_inspection/admin/rules.html",
        _("Inspection rules"),
        {"rules": InspectionRule.objects.all(), "may_edit": permissions.can(request.user, CHANGE_RULE)},
    )


class RuleForm(forms.ModelForm):
    terms_text = forms.CharField(
        label=gettext_lazy("Terms (one a line)"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    class Meta:
        model = InspectionRule
        fields = ["value", "threshold", "points", "max_points", "enabled"]


def rule_edit(request, pk: int):
    if not permissions.can(request.user, CHANGE_RULE):
        raise PermissionDenied
    rule = get_object_or_404(InspectionRule, pk=pk)
    form = RuleForm(
        request.POST or None, instance=InspectionRule.objects.get(pk=pk), initial={"terms_text": "\n".join(rule.terms)}
    )
    if request.method == "POST" and form.is_valid():
        changes = {name: form.cleaned_data[name] for name in RuleForm.Meta.fields}
        changes["terms"] = [t.strip() for t in form.cleaned_data["terms_text"].splitlines() if t.strip()]
        try:
            services.rule_update(rule=rule, changes=changes, acting_user=request.user, request=request)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("The rule is saved; the next inspection uses it."))
            return redirect("site_inspection_admin:rules")
    return _screen(
        request,
        "site_inspection/admin/rule.html",
        str(rule),
        {"rule": rule, "form": form},
        crumbs=[(reverse("site_inspection_admin:rules"), _("Inspection rules"))],
    )
