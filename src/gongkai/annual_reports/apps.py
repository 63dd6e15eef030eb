from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AnnualReportsConfig(AppConfig):
    name = "gongkai.annual_reports"
    label = "annual_reports"
    verbose_name = _("Annual disclosure reports")

    def ready(self):
        from django.db.models.signals import post_migrate

        from gongkai.accounts.permissions import register_rules, register_scope
        from gongkai.portal.rendering import SectionProvider, register_section_provider

        from . import models, rendering
        from .rules import DJANGO_PERMS, RULES
        from .tasks import schedule_after_migrate

        register_scope(models.AnnualReport, "bureau")
        register_rules(RULES, DJANGO_PERMS)
        register_section_provider(
            "annual_reports",
            SectionProvider(
                context=rendering.section_context,
                template="annual_reports/_section.html",
                updated_at=rendering.section_updated_at,
            ),
        )
        post_migrate.connect(schedule_after_migrate, sender=self, dispatch_uid="annual_reports.daily_reminders")
