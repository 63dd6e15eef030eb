from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _
from django_otp import DEVICE_ID_SESSION_KEY
from wagtail.admin.forms.auth import LoginForm

from .totp import has_confirmed_device, verify_token


class StaffLoginForm(LoginForm):
    """Wagtail's login form plus the lockout message and the optional TOTP code."""

    otp_token = forms.CharField(
        label=_("One-time code"),
        required=False,
        max_length=8,
        help_text=_("Only if you enrolled an authenticator app."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )

    error_messages = {
        **LoginForm.error_messages,
        "locked": _("This account is locked after repeated failed logins. Try again later or ask the security administrator."),
        "otp_required": _("Enter the one-time code from your authenticator app."),
        "otp_invalid": _("The one-time code is wrong or expired."),
    }

    def clean(self):
        username = self.cleaned_data.get("username")
        user = get_user_model().objects.filter(username=username).first() if username else None
        if user is not None and user.is_locked:
            raise forms.ValidationError(self.error_messages["locked"], code="locked")
        cleaned = super().clean()
        user = self.get_user()
        if user is not None and has_confirmed_device(user):
            token = (self.cleaned_data.get("otp_token") or "").strip()
            if not token:
                raise forms.ValidationError(self.error_messages["otp_required"], code="otp_required")
            device = verify_token(user, token)
            if device is None:
                raise forms.ValidationError(self.error_messages["otp_invalid"], code="otp_invalid")
            # Remembered in the session; django-otp's middleware marks the user verified from it.
            self.request.session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        return cleaned

