from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkdaysConfig(AppConfig):
    name = "gongkai.workdays"
    label = "workdays"
    verbose_name = _("Working-day calendar")

    def ready(self):
        from gongkai.accounts.permissions import register_rules

        from .rules import DJANGO_PERMS, RULES

        register_rules(RULES, DJANGO_PERMS)
