"""Staff account forms: the login (with the one-time code), creating and changing an account, granting a
role, the TOTP code. They only parse input; accounts.services saves.
"""

from django import forms
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.password_validation import password_validators_help_text_html, validate_password
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.auth import LoginForm

from . import services
from .models import User
from .roles import Role
from .totp import has_confirmed_device, verify_token


class StaffLoginForm(LoginForm):
    """Wagtail's login form plus the login throttles and the TOTP code.

    Order of checks: (1) the throttles of services.login_refusal (per address, per user name and
    address), refused without trying the password but with the same hashing cost; (2) the password,
    through `authenticate()`, whose failure signal counts the failure once (a paused account fails
    there too, after its password was hashed); (3) the one-time code when the account has a confirmed
    authenticator, whose failure is counted here (the backend never saw it). Every refusal before the
    one-time code has the same message, so the answer never tells whether a user name exists or is
    locked (ASVS 2.2.1, 3.2.x).
    """

    otp_token = forms.CharField(
        label=_("One-time code"),
        required=False,
        max_length=8,
        help_text=_("Administrators: the code from your authenticator app."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )

    error_messages = {
        **LoginForm.error_messages,
        "invalid_login": _(
            "The user name or password is wrong, or logins are paused after repeated failures. "
            "Try again in %(minutes)d minutes or ask the security administrator."
        ),
        "otp_required": _("Enter the one-time code from your authenticator app."),
        "otp_invalid": _("The one-time code is wrong or expired."),
    }

    def get_invalid_login_error(self):
        return forms.ValidationError(
            self.error_messages["invalid_login"],
            code="invalid_login",
            params={"minutes": settings.LOGIN_LOCKOUT_MINUTES},
        )

    def clean(self):
        username = self.cleaned_data.get("username") or ""
        refusal = services.login_refusal(username=username, request=self.request)
        if refusal is not None:
            make_password(self.cleaned_data.get("password") or "")  # the cost of trying a password
            services.login_refused(username=username, reason=refusal, request=self.request)
            raise self.get_invalid_login_error()
        cleaned = super().clean()  # a failure is counted by the user_login_failed signal
        user = self.get_user()
        if user is not None and has_confirmed_device(user):
            token = (self.cleaned_data.get("otp_token") or "").strip()
            code = "otp_required" if not token else None
            device = verify_token(user, token) if token else None
            if device is None:
                code = code or "otp_invalid"
                self.user_cache = None
                services.login_failed(username=username, request=self.request, reason=code)
                raise forms.ValidationError(self.error_messages[code], code=code)
            # django-otp's user_logged_in receiver stores the device in the session: the session is verified.
            user.otp_device = device
        return cleaned


class StaffUserForm(forms.ModelForm):
    """Create or edit a staff account in the security administrator's user admin."""

    password1 = forms.CharField(
        label=_("Password"),
        required=False,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password2 = forms.CharField(
        label=_("Password confirmation"),
        required=False,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("Enter the same password as above, for verification."),
    )

    class Meta:
        model = User
        fields = ["username", "full_name", "email", "phone", "is_active"]

    for_update = False

    def __init__(self, *args, editing_self=False, **kwargs):
        super().__init__(*args, **kwargs)
        for_update = self.for_update
        self.fields["full_name"].required = True
        self.fields["password1"].help_text = password_validators_help_text_html()
        if for_update:
            self.fields["username"].disabled = True
            self.fields["password1"].help_text = _("Leave blank to keep the current password.")
        else:
            self.fields["password1"].required = True
            self.fields["password2"].required = True
        if editing_self:
            self.fields["is_active"].disabled = True

    def clean_username(self):
        username = self.cleaned_data.get("username")
        if self.for_update:
            return self.instance.username
        if username and User.objects.filter(username__iexact=username).exists():
            raise forms.ValidationError(_("A user with that username already exists."), code="duplicate_username")
        return username

    def clean(self):
        cleaned = super().clean()
        password1, password2 = cleaned.get("password1"), cleaned.get("password2")
        if password1 or password2:
            if password1 != password2:
                self.add_error("password2", forms.ValidationError(_("The two password fields didn't match.")))
            else:
                candidate = User(
                    username=cleaned.get("username") or self.instance.username,
                    full_name=cleaned.get("full_name", ""),
                    email=cleaned.get("email", ""),
                )
                try:
                    validate_password(password1, candidate)
                except forms.ValidationError as error:
                    self.add_error("password1", error)
        return cleaned

    def save(self, commit=True):  # pragma: no cover - the views save through services
        raise NotImplementedError("Save accounts through gongkai.accounts.services.")


class StaffUserEditForm(StaffUserForm):
    for_update = True


class MembershipGrantForm(forms.Form):
    bureau = forms.ModelChoiceField(label=_("Bureau"), queryset=None)
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)

    def __init__(self, *args, **kwargs):
        from gongkai.organizations.models import Bureau

        super().__init__(*args, **kwargs)
        self.fields["bureau"].queryset = Bureau.objects.filter(is_active=True).order_by("sort_order", "code")


class OneTimeCodeForm(forms.Form):
    token = forms.CharField(
        label=_("One-time code"),
        max_length=8,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )
