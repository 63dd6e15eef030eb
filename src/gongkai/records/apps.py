from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RecordsConfig(AppConfig):
    name = "gongkai.records"
    label = "records"
    verbose_name = _("Published records")

    def ready(self):
        from gongkai.accounts.permissions import register_rules, register_scope

        from .models import Attachment, Record, SystemToken
        from .rules import DJANGO_PERMS, RULES

        register_scope(Record, "bureau")
        register_scope(Attachment, "record__bureau")
        register_scope(SystemToken, "bureau")
        register_rules(RULES, DJANGO_PERMS)
