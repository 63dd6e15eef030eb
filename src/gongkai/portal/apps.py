from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "gongkai.portal"
    label = "portal"
    verbose_name = _("Public portal")

    def ready(self):
        from gongkai.accounts.permissions import register_scope
        from gongkai.organizations.models import Bureau

        from .models import DisclosureGuide

        register_scope(Bureau, "")
        register_scope(DisclosureGuide, "bureau")

        from django.core.signals import setting_changed
        from django.db.models.signals import post_delete, post_save

        from gongkai.core import frame
        from gongkai.core.models import SiteSetting

        from . import rendering, responses, selectors

        frame.register_private_page_renderer(responses.render_private_page)  # for accounts' applicant pages

        # Other processes see a saved row through its version; this one forgets its copies at once.
        post_save.connect(selectors.forget_site_setting, sender=SiteSetting, dispatch_uid="portal_site_saved")
        post_delete.connect(selectors.forget_site_setting, sender=SiteSetting, dispatch_uid="portal_site_deleted")
        setting_changed.connect(rendering.forget_shell, dispatch_uid="portal_shell_settings")
