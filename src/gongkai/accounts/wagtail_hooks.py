"""Wagtail admin hooks of the accounts app: two-factor enrollment, audited bulk actions on users, the audit log viewer."""

from django import forms
from django.contrib.auth import get_user_model
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.views import account as account_views
from wagtail.users.views.bulk_actions import AssignRoleBulkAction, DeleteBulkAction, SetActiveStateBulkAction

from gongkai.core import audit

from . import permissions, services
from .views import PasswordChangeRequiredView, TwoFactorView
from .wagtail_policy import PermissionMenuItem


@hooks.register("register_admin_urls")
def register_two_factor_url():
    return [
        path("account/two-factor/", TwoFactorView.as_view(), name="gongkai_two_factor"),
        path("account/change-password/", PasswordChangeRequiredView.as_view(), name="gongkai_password_change"),
    ]


@hooks.register("register_account_menu_item")
def register_two_factor_account_item(request):
    if not permissions.can(request.user, "accounts.enroll_totp"):
        return None
    return {
        "url": reverse("gongkai_two_factor"),
        "label": _("Two-factor authentication"),
        "help_text": _("Require a one-time code from an authenticator app at every login."),
    }


# Wagtail's bulk actions on users change rows with queryset.update()/delete(): nothing would be
# audited and no permission asked per account. These replacements (same action types, registered
# after Wagtail's) go through the services.


class AuditedSetActiveStateBulkAction(SetActiveStateBulkAction):
    @classmethod
    def execute_action(cls, objects, mark_as_active=False, model=None, user=None, **kwargs):
        changed = 0
        for account in objects:
            if user is not None and account.pk == user.pk:
                continue
            services.user_update(user=account, acting_user=user, changes={"is_active": mark_as_active})
            changed += 1
        return changed, 0


class AuditedDeleteBulkAction(DeleteBulkAction):
    def get_execution_context(self):
        return {**super().get_execution_context(), "user": self.request.user}

    @classmethod
    def execute_action(cls, objects, model=None, user=None, **kwargs):
        for account in objects:
            services.user_delete(user=account, acting_user=user)
        return len(objects), 0


class AuditedAssignRoleBulkAction(AssignRoleBulkAction):
    """Wagtail groups grant nothing in Gongkai (roles are memberships), but the change is still recorded."""

    def get_execution_context(self):
        return {**super().get_execution_context(), "user": self.request.user}

    @classmethod
    def execute_action(cls, objects, role=None, user=None, **kwargs):
        permissions.require(user, "accounts.manage_group")
        if role is None:
            return 0, 0
        for account in objects:
            role.user_set.add(account)
            audit.record("accounts.user.updated", user=user, instance=account, data={"group_added": role.name})
        return len(objects), 0


for _action_class in (AuditedSetActiveStateBulkAction, AuditedDeleteBulkAction, AuditedAssignRoleBulkAction):
    hooks.register("register_bulk_action", _action_class, order=100)


# --- Account settings: our User has one `full_name`, not Wagtail's first/last name pair. ---
# Wagtail's own "Name and email" panel requires both, which would block every save of the
# account page (including password changes), so it is replaced by a panel for full_name.


class StaffNameForm(forms.ModelForm):
    class Meta:
        model = get_user_model()
        fields = ["full_name", "email"]


class StaffNameSettingsPanel(account_views.BaseSettingsPanel):
    name = "staff_name"
    title = _("Name and email")
    order = 100
    form_class = StaffNameForm


account_views.NameEmailSettingsPanel.is_active = lambda self: False


@hooks.register("register_account_settings_panel")
def register_staff_name_panel(request, user, profile):
    return StaffNameSettingsPanel(request, user, profile)


# --- The audit log viewer (the audit administrator's screen) ----------------------------------------


@hooks.register("register_admin_viewset")
def register_audit_log_viewset():
    from .audit_log import audit_log_viewset

    return audit_log_viewset


@hooks.register("register_reports_menu_item")
def register_audit_log_menu_item():
    return PermissionMenuItem(
        _("Audit log"),
        reverse("gongkai_audit_log:index"),
        name="audit-log",
        icon_name="history",
        order=990,
        action="core.view_audit",
    )


@hooks.register("construct_reports_menu")
def hide_site_history(request, menu_items):
    """Wagtail's "Site history" is replaced by the audit log viewer (audit administrator only)."""
    menu_items[:] = [item for item in menu_items if item.name != "site-history"]
