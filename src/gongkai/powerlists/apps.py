from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PowerListsConfig(AppConfig):
    name = "gongkai.powerlists"
    label = "powerlists"
    verbose_name = _("Power and service lists")

    def ready(self):
        from gongkai.accounts.permissions import register_rules, register_scope
        from gongkai.catalogs.coverage import register_coverage_provider

        from . import models
        from .rules import DJANGO_PERMS, RULES
        from .selectors import coverage

        register_scope(models.ListVersion, "bureau")
        register_scope(models.ListItem, "version__bureau")
        register_rules(RULES, DJANGO_PERMS)
        register_coverage_provider(coverage)
