"""Wagtail admin wiring of bureaus: the screen of pending profile changes, its menu item, the audit
event labels.
"""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet

from gongkai.accounts.wagtail_policy import PermissionMenuItem
from gongkai.core import audit

from .admin_views import BureauPermissionPolicy, BureauViewSet, ProfileChangesView
from .models import Bureau

register_permission_policy(
    Bureau,
    BureauPermissionPolicy(
        Bureau,
        {
            "add": "organizations.add_bureau",
            "change": "organizations.change_bureau",
            "view": "organizations.view_bureau",
        },
    ),
)
register_snippet(BureauViewSet)


@hooks.register("register_admin_urls")
def register_profile_changes_url():
    return [path("bureau-profile-changes/", ProfileChangesView.as_view(), name="organizations_profile_changes")]


@hooks.register("register_admin_menu_item")
def register_profile_changes_menu_item():
    return PermissionMenuItem(
        _("Bureau profile changes"),
        reverse("organizations_profile_changes"),
        name="bureau-profile-changes",
        icon_name="site",
        order=211,
        action="organizations.review_profile_change",
    )


AUDIT_ACTIONS = {
    "organizations.bureau.created": _("Bureau created"),
    "organizations.profile_change.proposed": _("Bureau profile change proposed"),
    "organizations.profile_change.approved": _("Bureau profile change approved and published"),
    "organizations.profile_change.rejected": _("Bureau profile change rejected"),
    "organizations.profile_change.withdrawn": _("Bureau profile change withdrawn"),
}


audit.register_labels(AUDIT_ACTIONS)
