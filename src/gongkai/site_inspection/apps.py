from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class SiteInspectionConfig(AppConfig):
    name = "gongkai.site_inspection"
    label = "site_inspection"
    verbose_name = _("Site self-inspection")

    def ready(self):
        from gongkai.accounts.permissions import register_rules, register_scope

        from . import models
        from .rules import RULES
        from .tasks import schedule_after_migrate

        register_scope(models.InspectionResult, "bureau")
        register_rules(RULES)
        # The worker's daily inspection: queue the first run once the tables exist (tasks.py).
        post_migrate.connect(schedule_after_migrate, sender=self, dispatch_uid="site_inspection.daily")
