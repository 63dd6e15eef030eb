"""Wagtail admin screens of the portal: each bureau's disclosure guide, the portal settings (bureaus:
organizations.wagtail_hooks).

Also makes the whole Wagtail admin work under the strict CSP (see `admin_csp_init_js`).
"""

from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from gongkai.accounts.wagtail_policy import RolePermissionPolicy, ScopedChooserViewSetMixin, ScopedViewSetMixin
from gongkai.core.models import SiteSetting

from .models import DisclosureGuide


class DisclosureGuideViewSet(ScopedViewSetMixin, SnippetViewSet):
    model = DisclosureGuide
    icon = "doc-full"
    menu_label = _("Disclosure guides")
    menu_order = 200
    add_to_admin_menu = True
    list_display = ["bureau", "live", "last_published_at"]
    search_fields = ["body"]
    panels = [FieldPanel("bureau", read_only=True), FieldPanel("body"), FieldPanel("rules_text")]


class PlatformSettingPolicy(RolePermissionPolicy):
    """SiteSetting belongs to no bureau: an instance is allowed exactly when the action is."""

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action)

    def instances_user_has_permission_for(self, user, action):
        manager = self.model._default_manager
        return manager.all() if self.user_has_permission(user, action) else manager.none()


class SiteSettingViewSet(ScopedChooserViewSetMixin, SnippetViewSet):
    """The platform name and the site identity of the portal footer (system administrator only)."""

    model = SiteSetting
    icon = "cogs"
    menu_label = _("Portal settings")
    menu_order = 220
    add_to_admin_menu = True
    list_display = ["platform_name", "site_code", "icp_number"]
    panels = [
        MultiFieldPanel([FieldPanel("platform_name"), FieldPanel("platform_name_en")], heading=_("Platform")),
        MultiFieldPanel(
            [FieldPanel("organizer"), FieldPanel("operator"), FieldPanel("contact_phone"), FieldPanel("contact_email")],
            heading=_("Sponsor and contact"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("site_code"),
                FieldPanel("icp_number"),
                FieldPanel("public_security_number"),
                FieldPanel("error_report_url"),
                FieldPanel("footer_note"),
            ],
            heading=_("Site identity in the footer"),
        ),
    ]


register_permission_policy(
    DisclosureGuide,
    RolePermissionPolicy(
        DisclosureGuide,
        {"change": "portal.change_guide", "publish": "portal.publish_guide", "view": "portal.view_guide"},
    ),
)
register_permission_policy(
    SiteSetting,
    PlatformSettingPolicy(
        SiteSetting,
        {"add": "core.change_settings", "change": "core.change_settings", "view": "core.change_settings"},
    ),
)
register_snippet(DisclosureGuideViewSet)
register_snippet(SiteSettingViewSet)


@hooks.register("insert_global_admin_js")
def admin_csp_init_js():
    """Run the widget initialisers that Wagtail writes as inline scripts, from an external file.

    Our CSP allows scripts from 'self' only. Wagtail's date/time choosers and inline panels
    initialise through inline <script> elements; the overrides in portal/templates/wagtailadmin/
    turn those into JSON blocks and this script makes the calls. The CSP stays strict everywhere.
    """
    return format_html('<script src="{}"></script>', static("gongkai_admin/csp-init.js"))


@hooks.register("register_log_actions")
def register_guide_audit_actions(actions):
    label = _("Disclosure guide changed")
    actions.register_action("portal.guide.changed", label, label)


@hooks.register("after_create_snippet")
@hooks.register("after_edit_snippet")
def audit_guide_edit(request, instance):
    """Wagtail logs the guide's edits without their content; this record holds the before/after text."""
    if isinstance(instance, DisclosureGuide):
        from .services import guide_edit_audited

        guide_edit_audited(guide=instance, acting_user=request.user, request=request)
