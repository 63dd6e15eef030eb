"""Wagtail admin wiring of the standard catalogs: staff screens, menu items, campaigns, audit labels."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from gongkai.accounts.wagtail_policy import PermissionMenuItem, RolePermissionPolicy, ScopedChooserViewSetMixin
from gongkai.core import audit

from . import admin_urls
from .models import Campaign

AUDIT_ACTIONS = {
    "catalogs.guideline.loaded": _("Guideline catalog loaded"),
    "catalogs.catalog.create": _("Catalog created"),
    "catalogs.catalog.adopt_guideline": _("Guideline rows adopted"),
    "catalogs.catalog.reorder": _("Catalog items reordered"),
    "catalogs.catalog.replace_items": _("Catalog items replaced"),
    "catalogs.item.add": _("Catalog item added"),
    "catalogs.item.update": _("Catalog item changed"),
    "catalogs.item.remove": _("Catalog item removed"),
    "catalogs.catalog.submit": _("Catalog submitted for review"),
    "catalogs.catalog.resubmit": _("Catalog submitted for approval"),
    "catalogs.catalog.withdraw": _("Catalog withdrawn from review"),
    "catalogs.catalog.return": _("Catalog returned with opinions"),
    "catalogs.catalog.approve": _("Catalog approved"),
    "catalogs.catalog.publish": _("Catalog published"),
    "catalogs.catalog.revise": _("Catalog revision started"),
    "catalogs.campaign.assign": _("Campaign assigned to catalogs"),
}


audit.register_labels(AUDIT_ACTIONS)


@hooks.register("register_admin_urls")
def register_catalog_admin_urls():
    return [path("catalogs/", include(admin_urls, namespace="catalogs_admin"))]


@hooks.register("register_admin_menu_item")
def register_catalogs_menu_item():
    return PermissionMenuItem(
        _("Standard catalogs"),
        reverse("catalogs_admin:index"),
        name="catalogs",
        icon_name="list-ul",
        order=150,
        action="catalogs.view_catalog",
    )


@hooks.register("register_admin_menu_item")
def register_review_queue_menu_item():
    return PermissionMenuItem(
        _("Catalogs to review"),
        reverse("catalogs_admin:queue"),
        name="catalog-review-queue",
        icon_name="tasks",
        order=151,
        action="catalogs.review_catalog",
    )


class CampaignViewSet(ScopedChooserViewSetMixin, SnippetViewSet):
    model = Campaign
    icon = "date"
    menu_label = _("Catalog campaigns")
    menu_name = "catalog-campaigns"
    menu_order = 152
    add_to_admin_menu = True
    list_display = ["name", "city", "draft_due", "revision_due", "approval_due", "is_active"]
    list_filter = ["is_active"]
    panels = [
        FieldPanel("name"),
        FieldPanel("city"),
        FieldPanel("draft_due"),
        FieldPanel("revision_due"),
        FieldPanel("approval_due"),
        FieldPanel("is_active"),
    ]


register_permission_policy(
    Campaign,
    RolePermissionPolicy(
        Campaign,
        {"add": "catalogs.manage_campaign", "change": "catalogs.manage_campaign", "view": "catalogs.manage_campaign"},
    ),
)
register_snippet(CampaignViewSet)


# The import/export screens of the interchange package (Wagtail only discovers app-level hook modules).
from .interchange import wagtail_hooks as _interchange_hooks  # noqa: E402,F401


@hooks.register("construct_homepage_panels")
def add_home_panels(request, panels):
    """The editor's home: catalogs returned with opinions (admin_home.py)."""
    from .admin_home import add_panels

    add_panels(request, panels)
