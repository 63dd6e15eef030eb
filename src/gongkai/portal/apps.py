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
