from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InquiriesConfig(AppConfig):
    name = "gongkai.inquiries"
    label = "inquiries"
    verbose_name = _("Public inquiries")

    def ready(self):
        from gongkai.accounts.permissions import register_rules, register_scope

        from . import models
        from .rules import DJANGO_PERMS, RULES

        register_scope(models.Inquiry, "bureau")
        register_scope(models.InquiryPolicy, "bureau")
        register_rules(RULES, DJANGO_PERMS)
