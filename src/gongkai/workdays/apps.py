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

        from django.core import checks

        from .coverage import check_calendar_coverage

        checks.register(check_calendar_coverage, "gongkai")

        from django.db.models.signals import post_delete, post_save

        from .models import CalendarOverride
        from .services import forget_calendar

        post_save.connect(forget_calendar, sender=CalendarOverride, dispatch_uid="workdays.forget_calendar.save")
        post_delete.connect(forget_calendar, sender=CalendarOverride, dispatch_uid="workdays.forget_calendar.delete")
