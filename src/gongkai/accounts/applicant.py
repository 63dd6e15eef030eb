"""Accounts for members of the public (optional): sign up, sign in, sign out.

An applicant account only lets its owner see, in one list, the requests filed while signed in
(and those they proved to be theirs with a one-time code). It has no role and no admin access;
staff accounts are made by the security administrator, never here. Sign-in uses the staff login
form's checks, so the same lockout after repeated failures applies.
"""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib.auth import login, logout
from django.contrib.auth.password_validation import password_validators_help_text_html
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import path
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from gongkai.core.audit import client_ip
from gongkai.core.frame import render_private_page
from gongkai.core.ratelimit import HourlyCounter

from . import services
from .forms import StaffLoginForm
from .models import User

SIGNUPS_PER_HOUR = 10


class SignupForm(forms.Form):
    full_name = forms.CharField(label=pgettext_lazy("person", "Name"), max_length=50)
    email = forms.EmailField(label=gettext_lazy("Email"), max_length=150)
    phone = forms.CharField(label=gettext_lazy("Mobile phone (optional)"), max_length=30, required=False)
    password1 = forms.CharField(
        label=gettext_lazy("Password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validators_help_text_html,
    )
    password2 = forms.CharField(
        label=gettext_lazy("Password again"), widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )

    required_fields = frozenset({"full_name", "email", "password1", "password2"})

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        if User.objects.filter(username__iexact=email).exists():
            raise ValidationError(_("An account with this email address exists already. Sign in instead."))
        return email

    def clean(self):
        data = super().clean()
        if data.get("password1") and data.get("password1") != data.get("password2"):
            self.add_error("password2", _("The two passwords differ."))
        return data


class ApplicantLoginForm(StaffLoginForm):
    username = forms.CharField(label=gettext_lazy("Email"), max_length=150)
    required_fields = frozenset({"username", "password"})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Wagtail's label has no zh-hans translation in its catalog: ours ("密码", as on the sign-up form).
        self.fields["password"].label = gettext_lazy("Password")


def _next_url(request, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return default


_signups = HourlyCounter("gongkai:applicant-signup")


@require_http_methods(["GET", "HEAD", "POST"])
def signup(request):
    next_url = _next_url(request, "/foi/mine/")
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        ip = client_ip(request) or "unknown"
        # Counted atomically before the account exists (shared by every worker); given back on failure.
        if not _signups.acquire(ip, SIGNUPS_PER_HOUR):
            _signups.release(ip)
            form.add_error(None, _("Too many accounts were created from this address. Try again in an hour."))
        else:
            try:
                user = services.applicant_signup(
                    email=form.cleaned_data["email"],
                    password=form.cleaned_data["password1"],
                    full_name=form.cleaned_data["full_name"].strip(),
                    phone=form.cleaned_data["phone"].strip(),
                    request=request,
                )
            except ValidationError as exc:
                _signups.release(ip)
                form.add_error("password1", exc)
            except BaseException:
                _signups.release(ip)
                raise
            else:
                login(request, user, backend=settings.AUTHENTICATION_BACKENDS[0])
                return redirect(next_url)
    status = 400 if form.errors else 200
    return render_private_page(
        request,
        "accounts/applicant/signup.html",
        {"form": form, "next": next_url},
        url_name="applicant:signup",
        status=status,
    )


@require_http_methods(["GET", "HEAD", "POST"])
def signin(request):
    next_url = _next_url(request, "/foi/mine/")
    form = ApplicantLoginForm(request, data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        login(request, form.get_user())
        return redirect(next_url)
    status = 400 if form.errors else 200
    return render_private_page(
        request,
        "accounts/applicant/login.html",
        {"form": form, "next": next_url},
        url_name="applicant:login",
        status=status,
    )


@require_POST
def signout(request):
    logout(request)
    return redirect("/")


urlpatterns = [
    path("account/signup/", signup, name="signup"),
    path("account/login/", signin, name="login"),
    path("account/logout/", signout, name="logout"),
]
