from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConcernsConfig(AppConfig):
    name = "gongkai.concerns"
    label = "concerns"
    verbose_name = _("Responses to public concerns")

    def ready(self):
        from gongkai.accounts.permissions import register_rules, register_scope

        from . import models
        from .rules import DJANGO_PERMS, RULES

        register_scope(models.Concern, "bureau")
        register_scope(models.ConcernResponse, "concern__bureau")
        register_rules(RULES, DJANGO_PERMS)
