"""Wagtail admin screen for the holiday / adjusted-working-day overrides (system administrator only).

Every create, edit and delete through the screen records a `workdays.override.*` audit event
(with the old and new values) on top of Wagtail's own log entry.
"""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import CreateView, DeleteView, EditView, SnippetViewSet

from gongkai.accounts import permissions
from gongkai.accounts.wagtail_policy import RolePermissionPolicy, ScopedChooserViewSetMixin

from . import services
from .models import CalendarOverride

AUDIT_ACTIONS = {
    "workdays.override.created": _("Calendar override created"),
    "workdays.override.changed": _("Calendar override changed"),
    "workdays.override.deleted": _("Calendar override deleted"),
}


class GlobalRolePermissionPolicy(RolePermissionPolicy):
    """For platform-wide objects that belong to no bureau: the answer never depends on the instance."""

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action)

    def instances_user_has_permission_for(self, user, action):
        ours = self._our(action)
        if ours and permissions.can(user, ours):
            return self.model._default_manager.all()
        return self.model._default_manager.none()


class OverrideSaveMixin:
    """Create and edit go through services.override_save (locked, validated, audited in one transaction)."""

    def save_instance(self):
        data = self.form.cleaned_data
        return services.override_save(
            date=data["date"],
            is_workday=data["is_workday"],
            reason=data["reason"],
            source_doc=data["source_doc"],
            acting_user=self.request.user,
            request=self.request,
            override=self.form.instance if self.form.instance.pk else None,
        )


class OverrideCreateView(OverrideSaveMixin, CreateView):
    pass


class OverrideEditView(OverrideSaveMixin, EditView):
    pass


class OverrideDeleteView(DeleteView):
    def delete_action(self):
        services.override_delete(override=self.object, acting_user=self.request.user, request=self.request)


class CalendarOverrideViewSet(ScopedChooserViewSetMixin, SnippetViewSet):
    model = CalendarOverride
    icon = "date"
    menu_label = _("Holidays and working days")
    menu_name = "calendar-overrides"
    add_to_settings_menu = True
    add_view_class = OverrideCreateView
    edit_view_class = OverrideEditView
    delete_view_class = OverrideDeleteView
    list_display = ["date", "is_workday", "reason", "source_doc"]
    list_filter = ["is_workday"]
    search_fields = ["reason", "source_doc"]
    ordering = ["-date"]
    panels = [FieldPanel("date"), FieldPanel("is_workday"), FieldPanel("reason"), FieldPanel("source_doc")]


@hooks.register("register_log_actions")
def register_workdays_log_actions(actions):
    for action, label in AUDIT_ACTIONS.items():
        actions.register_action(action, label, label)


register_permission_policy(
    CalendarOverride,
    GlobalRolePermissionPolicy(
        CalendarOverride,
        {
            "add": "workdays.change_calendar",
            "change": "workdays.change_calendar",
            "delete": "workdays.change_calendar",
            "view": "workdays.view_calendar",
        },
    ),
)
register_snippet(CalendarOverrideViewSet)


@hooks.register("construct_homepage_panels")
def add_home_panels(request, panels):
    """A warning on every staff member's home while due dates are counted in a provisional year."""
    from .admin_home import add_panels

    add_panels(request, panels)
