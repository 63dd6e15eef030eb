"""Wagtail admin screens of the portal: each bureau's disclosure guide, the portal settings (bureaus:
organizations.wagtail_hooks).

Also makes the whole Wagtail admin work under the strict CSP (see `admin_csp_init_js`).
"""

from django.core.exceptions import PermissionDenied
from django.templatetags.static import static
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.admin.views import generic
from wagtail.admin.widgets import ListingButton
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import EditView, SnippetViewSet

from gongkai.accounts.wagtail_policy import RolePermissionPolicy, ScopedChooserViewSetMixin, ScopedViewSetMixin
from gongkai.core.models import SiteSetting

from .models import DisclosureGuide


class GuideServiceSaveMixin:
    """Every change of a guide in the admin goes through portal.services.guide_save (sanitised, audited);
    publishing goes through guide_publish on its own screen (four eyes), never from the edit form."""

    def save_instance(self):
        from . import services

        instance, data = self.form.instance, self.form.cleaned_data
        guide = services.guide_save(
            bureau=instance.bureau,
            body=data.get("body", instance.body),
            rules_text=data.get("rules_text", instance.rules_text),
            publish=False,
            acting_user=self.request.user,
            request=self.request,
        )
        self.new_revision = guide.latest_revision
        self.has_content_changes = True
        return guide

    def publish_action(self):
        raise PermissionDenied


class GuideEditView(GuideServiceSaveMixin, EditView):
    pass


class DisclosureGuideViewSet(ScopedViewSetMixin, SnippetViewSet):
    model = DisclosureGuide
    edit_view_class = GuideEditView
    icon = "doc-full"
    menu_label = _("Disclosure guides")
    menu_order = 200
    add_to_admin_menu = True
    list_display = ["bureau", "live", "last_published_at"]
    search_fields = ["body"]
    panels = [FieldPanel("bureau", read_only=True), FieldPanel("body"), FieldPanel("rules_text")]

    @property
    def revisions_revert_view_class(self):
        # Reverting saves a revision too: through guide_save (the mixin comes before Wagtail's revert mixin).
        return type(
            "GuideRevertView",
            (GuideServiceSaveMixin, generic.RevisionsRevertMixin, EditView),
            {"view_name": "revisions_revert"},
        )


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
        # No "add", "publish" or "unpublish": guides are created and published through portal.services only.
        {"change": "portal.change_guide", "view": "portal.view_guide"},
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


@hooks.register("register_admin_urls")
def register_guide_publish_url():
    from .admin_views import guide_publish

    return [path("guides/<int:pk>/publish/", guide_publish, name="portal_guide_publish")]


@hooks.register("register_snippet_listing_buttons")
def guide_publish_button(snippet, user, next_url=None):
    from gongkai.accounts import permissions

    if isinstance(snippet, DisclosureGuide) and snippet.has_unpublished_changes:
        if permissions.can(user, "portal.publish_guide", snippet):
            yield ListingButton(
                _("Approve and publish"), reverse("portal_guide_publish", args=[snippet.pk]), icon_name="upload"
            )


# ---- the editor's home -----------------------------------------------------------------------------
# Wagtail's dashboard is about pages, images and documents, which this platform does not use (a page search,
# page counts, page workflows, a link to Wagtail's editor guide). The apps add what needs the person instead
# (records, catalogs, FOI requests: their construct_homepage_panels hooks); the template
# portal/templates/wagtailadmin/home.html drops the page search, home/account_summary.html the guide link.

WAGTAIL_PAGE_PANELS = frozenset(
    {
        "WhatsNewInWagtailVersionPanel",
        "WorkflowObjectsToModeratePanel",
        "UserObjectsInWorkflowModerationPanel",
        "RecentEditsPanel",
        "LockedPagesPanel",
    }
)


@hooks.register("construct_homepage_panels", order=-100)
def remove_page_panels(request, panels):
    panels[:] = [p for p in panels if type(p).__name__ not in WAGTAIL_PAGE_PANELS]


@hooks.register("construct_homepage_summary_items", order=1000)
def remove_wagtail_summary_items(request, items):
    """Counts of Wagtail pages, images and documents mean nothing here."""
    items[:] = [i for i in items if not type(i).__module__.startswith("wagtail.")]


@hooks.register("construct_help_menu", order=1000)
def remove_wagtail_guides(request, menu_items):
    """Wagtail's editor guide and release notes (in English, about pages) are not this platform's help."""
    menu_items[:] = [
        m for m in menu_items if not (m.name == "editor-guide" or m.name.startswith("whats-new-in-wagtail"))
    ]
