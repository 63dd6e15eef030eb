"""Admin wiring of the catalog import/export: URLs, a menu item, audit event labels.

Loaded by gongkai.catalogs.wagtail_hooks (Wagtail only discovers app-level hook modules).
"""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from gongkai.accounts.wagtail_policy import PermissionMenuItem
from gongkai.core import audit

from . import admin_urls
from .service import IMPORT_ACTION

AUDIT_ACTIONS = {
    "catalogs.catalog.import": _("Catalog imported from a file"),
    "catalogs.catalog.import_failed": _("Catalog import refused"),
    "catalogs.import_job.uploaded": _("Catalog file uploaded for import"),
}


@hooks.register("register_admin_urls")
def register_interchange_urls():
    return [path("catalog-files/", include((admin_urls, "catalog_interchange"), namespace="catalog_interchange"))]


@hooks.register("register_admin_menu_item")
def register_import_menu_item():
    return PermissionMenuItem(
        _("Import catalog"), reverse("catalog_interchange:index"), icon_name="upload", order=310, action=IMPORT_ACTION
    )


audit.register_labels(AUDIT_ACTIONS)
