"""Wagtail admin screens of the accounts app that are not part of the user viewset."""

import django_otp
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.forms import PasswordChangeForm
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from . import permissions, services, totp
from .forms import OneTimeCodeForm


class TwoFactorView(WagtailAdminTemplateMixin, TemplateView):
    """Enroll (or remove) one's own authenticator app. Offered to the administrator roles."""

    template_name = "accounts/two_factor.html"
    page_title = gettext_lazy("Two-factor authentication")
    header_icon = "key"

    def dispatch(self, request, *args, **kwargs):
        permissions.require(request.user, "accounts.enroll_totp")
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [
            *super().get_breadcrumbs_items(),
            {"url": reverse("wagtailadmin_account"), "label": _("Account")},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        confirmed = TOTPDevice.objects.filter(user=user, confirmed=True).first()
        context["enrolled"] = confirmed is not None
        context["form"] = form or OneTimeCodeForm()
        if confirmed is None:
            device = services.totp_device_start(acting_user=user)
            uri = totp.provisioning_uri(device)
            context["otpauth_uri"] = uri
            context["qr_svg"] = totp.qr_svg(uri)
            context["secret"] = totp.secret_base32(device)
        return context

    def post(self, request, *args, **kwargs):
        form = OneTimeCodeForm(request.POST)
        action = request.POST.get("action")
        if not form.is_valid() or action not in ("confirm", "remove"):
            return self.render_to_response(self.get_context_data(form=form))
        token = form.cleaned_data["token"]
        if action == "confirm":
            device = services.totp_device_confirm(acting_user=request.user, token=token, request=request)
            if device is None:
                form.add_error("token", _("The one-time code is wrong or expired."))
                return self.render_to_response(self.get_context_data(form=form))
            # This session has just proved the factor: keep it signed in.
            django_otp.login(request, device)
            messages.success(request, _("Two-factor authentication is on. Logins now ask for a one-time code."))
        else:
            if not services.totp_device_remove(acting_user=request.user, token=token, request=request):
                form.add_error("token", _("The one-time code is wrong or expired."))
                return self.render_to_response(self.get_context_data(form=form))
            messages.success(request, _("Two-factor authentication is off."))
        return redirect("gongkai_two_factor")


class PasswordChangeRequiredView(WagtailAdminTemplateMixin, TemplateView):
    """Change one's own password. The session gate (middleware.session_gate) sends every staff user here
    while their password is a one-time password set by someone else, or older than PASSWORD_MAX_AGE_DAYS."""

    template_name = "accounts/password_change.html"
    page_title = gettext_lazy("Change your password")
    header_icon = "key"

    def get_context_data(self, form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["form"] = form or PasswordChangeForm(user)
        context["one_time"] = user.must_change_password
        context["expired"] = user.password_expired
        return context

    def post(self, request, *args, **kwargs):
        form = PasswordChangeForm(request.user, request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        user = form.save()  # User.save clears the one-time flag, keeps the history and audits the change
        update_session_auth_hash(request, user)
        messages.success(request, _("Your password has been changed."))
        return redirect("wagtailadmin_home")
