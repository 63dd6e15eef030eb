"""The security administrator's account management: Wagtail's user admin, on our rules.

Replaces Wagtail's default user viewset (see wagtail_users.WagtailUsersConfig): accounts are
created and changed through `services` (validated passwords, audit, no superuser flag, no
group editing), and three extra screens per account: roles (grant/revoke memberships),
unlock, and reset of the second factor. Every screen asks the permission module.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.generic import TemplateView
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.users.views import users as wagtail_users

from . import permissions, services
from .forms import MembershipGrantForm, StaffUserEditForm, StaffUserForm
from .models import Membership, User


def _roles_label(user) -> str:
    active = [m for m in user.memberships.all() if m.is_active]
    return "; ".join(f"{m.bureau.short_name} · {m.get_role_display()}" for m in active) or "—"


def _status_label(user) -> str:
    if user.is_locked:
        locked_until = timezone.localtime(user.locked_until)
        return _("Locked until %(time)s") % {"time": locked_until.strftime("%Y-%m-%d %H:%M")}
    if user.failed_login_count:
        return ngettext("%(count)d failed login", "%(count)d failed logins", user.failed_login_count) % {
            "count": user.failed_login_count
        }
    return ""


class UserIndexView(wagtail_users.IndexView):
    viewset_url_names: dict = {}

    @property
    def columns(self):
        columns = list(super().columns)
        columns.insert(3, Column("roles", label=gettext_lazy("Roles"), accessor=_roles_label, width="25%"))
        columns.insert(4, Column("lock_status", label=gettext_lazy("Login status"), accessor=_status_label))
        return [c for c in columns if c.name != "is_superuser"]

    def get_base_queryset(self):
        memberships = Membership.objects.select_related("bureau").order_by("bureau__sort_order", "role")
        return super().get_base_queryset().prefetch_related(Prefetch("memberships", queryset=memberships))

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        url = lambda name: reverse(self.viewset_url_names[name], args=(instance.pk,))  # noqa: E731
        user = self.request.user
        if permissions.can(user, "accounts.manage_membership") and instance.pk != user.pk:
            buttons.append(MenuItem(_("Roles"), url=url("roles"), icon_name="group", priority=15))
        if instance.is_locked and permissions.can(user, "accounts.unlock_user", instance):
            buttons.append(MenuItem(_("Unlock"), url=url("unlock"), icon_name="lock-open", priority=16))
        if permissions.can(user, "accounts.reset_totp", instance) and instance.pk != user.pk:
            if TOTPDevice.objects.filter(user=instance).exists():
                buttons.append(MenuItem(_("Reset two-factor"), url=url("totp_reset"), icon_name="key", priority=17))
        return buttons


# Wagtail's user templates render Wagtail's own field names (first/last name, no phone); ours renders the
# form it is given (username, full name, e-mail, phone, active, passwords).
USER_FORM_TEMPLATE = "wagtailadmin/generic/form.html"


class UserCreateView(wagtail_users.CreateView):
    viewset_url_names: dict = {}

    def save_instance(self):
        data = self.form.cleaned_data
        return services.user_create(
            acting_user=self.request.user,
            username=data["username"],
            password=data["password1"],
            full_name=data["full_name"],
            email=data.get("email", ""),
            phone=data.get("phone", ""),
            is_active=data.get("is_active", True),
            request=self.request,
        )

    def get_success_url(self):
        # A new account has no role yet: go straight to its roles.
        return reverse(self.viewset_url_names["roles"], args=(self.object.pk,))


class UserEditView(wagtail_users.EditView):
    def save_instance(self):
        data = self.form.cleaned_data
        fields = ["full_name", "email", "phone"] + ([] if self.editing_self else ["is_active"])
        # The form has already applied the values to self.object; read the stored ones to diff.
        stored = User.objects.get(pk=self.object.pk)
        return services.user_update(
            user=stored,
            acting_user=self.request.user,
            changes={field: data[field] for field in fields if field in data},
            password=data.get("password1") or "",
            request=self.request,
        )


class UserHistoryView(wagtail_users.HistoryView):
    """An account's history is audit data: the audit administrator reads it, nobody else."""

    any_permission_required = None

    def dispatch(self, request, *args, **kwargs):
        permissions.require(request.user, "core.view_audit")
        return super().dispatch(request, *args, **kwargs)


class _AccountActionMixin(WagtailAdminTemplateMixin):
    action = ""  # the permission module's action
    url_names: dict = {}
    header_icon = "user"

    def dispatch(self, request, *args, **kwargs):
        self.account = get_object_or_404(User, pk=kwargs["pk"])
        permissions.require(request.user, self.action, self.account)
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return self.account.get_full_name()

    def get_breadcrumbs_items(self):
        return [
            *super().get_breadcrumbs_items(),
            {"url": reverse(self.url_names["index"]), "label": _("Users")},
            {"url": "", "label": f"{self.get_page_title()}: {self.get_page_subtitle()}"},
        ]


class UserRolesView(_AccountActionMixin, TemplateView):
    template_name = "accounts/user_roles.html"
    page_title = gettext_lazy("Roles")
    header_icon = "group"
    action = "accounts.manage_membership"

    def get_context_data(self, form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        context["account"] = self.account
        context["memberships"] = self.account.memberships.select_related("bureau").order_by(
            "-is_active", "bureau__sort_order"
        )
        context["form"] = form or MembershipGrantForm()
        context["revoke_url_name"] = self.url_names["revoke_role"]
        context["editable"] = self.account.pk != self.request.user.pk
        return context

    def post(self, request, *args, **kwargs):
        form = MembershipGrantForm(request.POST)
        if form.is_valid():
            try:
                services.membership_grant(
                    user=self.account,
                    bureau=form.cleaned_data["bureau"],
                    role=form.cleaned_data["role"],
                    acting_user=request.user,
                    request=request,
                )
            except ValidationError as error:
                for message in error.messages:
                    form.add_error(None, message)
            else:
                messages.success(request, _("Role granted."))
                return redirect(self.url_names["roles"], pk=self.account.pk)
        return self.render_to_response(self.get_context_data(form=form))


class UserRevokeRoleView(_AccountActionMixin, TemplateView):
    http_method_names = ["post"]
    action = "accounts.manage_membership"

    def post(self, request, *args, **kwargs):
        membership = get_object_or_404(Membership, pk=kwargs["membership_id"], user=self.account)
        services.membership_revoke(membership=membership, acting_user=request.user, request=request)
        messages.success(request, _("Role revoked."))
        return redirect(self.url_names["roles"], pk=self.account.pk)


class _ConfirmView(_AccountActionMixin, TemplateView):
    template_name = "accounts/confirm_action.html"
    question = ""
    button_label = ""
    done_message = ""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(account=self.account, question=self.question, button_label=self.button_label)
        return context

    def post(self, request, *args, **kwargs):
        self.perform()
        messages.success(request, str(self.done_message) % {"user": self.account.get_full_name()})
        return redirect(self.url_names["index"])


class UserUnlockView(_ConfirmView):
    page_title = gettext_lazy("Unlock account")
    header_icon = "lock-open"
    action = "accounts.unlock_user"
    question = gettext_lazy("Unlock this account and reset its count of failed logins?")
    button_label = gettext_lazy("Unlock")
    done_message = gettext_lazy("Account %(user)s unlocked.")

    def perform(self):
        services.user_unlock(user=self.account, acting_user=self.request.user, request=self.request)


class UserTotpResetView(_ConfirmView):
    page_title = gettext_lazy("Reset two-factor authentication")
    header_icon = "key"
    action = "accounts.reset_totp"
    question = gettext_lazy(
        "Remove this account's authenticator app? The user logs in with the password only until they enroll again."
    )
    button_label = gettext_lazy("Reset two-factor")
    done_message = gettext_lazy("Two-factor authentication of %(user)s removed.")

    def perform(self):
        services.totp_reset(user=self.account, acting_user=self.request.user, request=self.request)


class UserViewSet(wagtail_users.UserViewSet):
    index_view_class = UserIndexView
    add_view_class = UserCreateView
    edit_view_class = UserEditView
    history_view_class = UserHistoryView
    copy_view_enabled = False  # a copied account would bypass services.user_create
    create_template_name = USER_FORM_TEMPLATE
    edit_template_name = USER_FORM_TEMPLATE

    def get_form_class(self, for_update=False):
        return StaffUserEditForm if for_update else StaffUserForm

    @property
    def extra_url_names(self):
        return {
            name: self.get_url_name(name) for name in ("index", "edit", "roles", "revoke_role", "unlock", "totp_reset")
        }

    def get_common_view_kwargs(self, **kwargs):
        return super().get_common_view_kwargs(viewset_url_names=self.extra_url_names, **kwargs)

    def _extra_view(self, view_class):
        return view_class.as_view(url_names=self.extra_url_names)

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("roles/<int:pk>/", self._extra_view(UserRolesView), name="roles"),
            path(
                "roles/<int:pk>/revoke/<int:membership_id>/", self._extra_view(UserRevokeRoleView), name="revoke_role"
            ),
            path("unlock/<int:pk>/", self._extra_view(UserUnlockView), name="unlock"),
            path("two-factor-reset/<int:pk>/", self._extra_view(UserTotpResetView), name="totp_reset"),
        ]
