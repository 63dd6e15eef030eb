"""The audit log viewer (in accounts: it is the audit administrator's screen; core keeps the log itself): read-only, for the audit administrator only (三员分立).

Filters by date range, user, action, bureau and result; paginated; exported as CSV or XLSX
(each export is itself audited). Nobody can add, change or delete a record here: the policy
grants only "view", and the model, its queryset and the database refuse changes anyway.
"""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.generic import models as generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.log_actions import registry as log_action_registry
from wagtail.permissions import register_permission_policy

from gongkai.core import audit
from gongkai.core.models import AuditLogEntry, AuditResult
from gongkai.organizations.models import Bureau

from . import permissions
from .wagtail_policy import RolePermissionPolicy

# CSV cells that a spreadsheet would run as a formula (CSV injection): prefix with a quote.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _action_choices():
    used = set(AuditLogEntry.objects.order_by().values_list("action", flat=True).distinct())
    registered = dict(log_action_registry.get_choices())
    return sorted(((action, f"{registered.get(action, action)} ({action})") for action in used), key=lambda c: c[0])


def _bureau_choices():
    return [(b.code, f"{b.name} ({b.code})") for b in Bureau.objects.order_by("sort_order", "code")]


class AuditLogFilterSet(WagtailFilterSet):
    timestamp = django_filters.DateFromToRangeFilter(label=_("Date"), widget=DateRangePickerWidget)
    username = django_filters.CharFilter(label=_("User name"), lookup_expr="icontains")
    action = django_filters.ChoiceFilter(label=_("Action"), choices=_action_choices, empty_label=_("All"))
    bureau_code = django_filters.ChoiceFilter(label=_("Bureau"), choices=_bureau_choices, empty_label=_("All"))
    result = django_filters.ChoiceFilter(
        label=_("Result"), choices=AuditResult.choices, empty_label=_("All"), widget=forms.RadioSelect
    )
    ip_address = django_filters.CharFilter(label=_("IP address"), lookup_expr="exact")

    class Meta:
        model = AuditLogEntry
        fields = []


def _action_label(entry) -> str:
    return str(log_action_registry.get_action_label(entry.action)) if entry.action else ""


class AuditLogIndexView(generic.IndexView):
    export_formats = ("csv", "xlsx")

    @property
    def columns(self):
        return [
            DateColumn("timestamp", label=_("Date and time"), sort_key="timestamp", width="15%"),
            Column("username", label=_("User name"), sort_key="username"),
            Column("action", label=_("Action"), accessor=_action_label, sort_key="action"),
            Column("label", label=_("Object")),
            Column("bureau_code", label=_("Bureau"), sort_key="bureau_code"),
            Column("ip_address", label=_("IP address")),
            Column("result", label=_("Result"), accessor="get_result_display", sort_key="result"),
        ]

    def get_edit_url(self, instance):
        return self.get_inspect_url(instance)

    def render_to_response(self, context, **response_kwargs):
        if self.is_export:
            permissions.require(self.request.user, "core.export_audit")
            audit.record(
                "core.audit.exported",
                user=self.request.user,
                request=self.request,
                data={
                    "format": self.request.GET.get("export"),
                    "filters": {k: v for k, v in self.request.GET.items() if k != "export"},
                },
            )
        return super().render_to_response(context, **response_kwargs)

    def stream_csv(self, queryset):
        yield "\ufeff"  # UTF-8 byte order mark: spreadsheet programs then read Chinese correctly
        yield from super().stream_csv(queryset)

    def write_csv_row(self, writer, row_dict):
        safe = {}
        for field, value in row_dict.items():
            value = self.preprocess_field_value(field, value, self.FORMAT_CSV)
            if isinstance(value, str) and value.startswith(_FORMULA_START):
                value = "'" + value
            safe[field] = value
        return writer.writerow(safe)


# What an entry shows; the export leaves out the user link and the entry's own uuid.
ENTRY_FIELDS = [
    "timestamp",
    "username",
    "user",
    "action",
    "label",
    "content_type",
    "object_id",
    "bureau_code",
    "ip_address",
    "result",
    "data",
    "uuid",
]


class AuditLogInspectView(generic.InspectView):
    def get_fields(self):
        return list(ENTRY_FIELDS)


class AuditLogViewSet(ModelViewSet):
    model = AuditLogEntry
    icon = "history"
    menu_label = _("Audit log")
    menu_name = "audit-log"
    url_prefix = "audit-log"
    add_to_admin_menu = False  # listed in the Reports menu (see wagtail_hooks)
    index_view_class = AuditLogIndexView
    inspect_view_class = AuditLogInspectView
    inspect_view_enabled = True
    copy_view_enabled = False
    form_fields = []  # no add or edit form is ever served: the policy grants "view" only
    filterset_class = AuditLogFilterSet
    list_per_page = 50
    ordering = ["-timestamp", "-id"]
    list_export = [f for f in ENTRY_FIELDS if f not in ("user", "uuid")]
    export_headings = {
        "timestamp": _("Date and time"),
        "username": _("User name"),
        "action": _("Action"),
        "label": _("Object"),
        "content_type": _("Object type"),
        "object_id": _("Object id"),
        "bureau_code": _("Bureau"),
        "ip_address": _("IP address"),
        "result": _("Result"),
        "data": _("Details"),
    }
    export_filename = "audit-log"


register_permission_policy(AuditLogEntry, RolePermissionPolicy(AuditLogEntry, {"view": "core.view_audit"}))
audit_log_viewset = AuditLogViewSet("gongkai_audit_log")
