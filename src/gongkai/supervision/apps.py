from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupervisionConfig(AppConfig):
    name = "gongkai.supervision"
    label = "supervision"
    verbose_name = _("Supervision")

    def ready(self):
        from django.db.models.signals import post_migrate

        from gongkai.accounts.permissions import register_rules, register_scope

        from . import builtin_indicators, models, plugged_indicators
        from .rules import RULES
        from .tasks import schedule_after_migrate

        for model in (models.WorkPlan, models.QuarterlyReport, models.LeaderActivity, models.TrainingSession):
            register_scope(model, "bureau")
        register_scope(models.Finding, "bureau")
        register_scope(models.ReportAttachment, "report__bureau")
        register_scope(models.WorkPlanTask, "plan__bureau")
        for model in (models.EvaluationScheme, models.Inspection, models.Bulletin):
            register_scope(model, "city")
        register_scope(models.CampaignMilestone, "campaign__city")
        register_rules(RULES)
        builtin_indicators.register_builtins()
        plugged_indicators.register_plugged()
        # The worker's daily reminders: queue the first run once the tables exist (tasks.py).
        post_migrate.connect(schedule_after_migrate, sender=self, dispatch_uid="supervision.daily_reminders")
