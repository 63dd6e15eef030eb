from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    name = "gongkai.surveys"
    label = "surveys"
    verbose_name = _("Surveys")

    def ready(self):
        from gongkai.accounts.permissions import register_rules, register_scope

        from . import models
        from .rules import DJANGO_PERMS, RULES

        register_scope(models.Survey, "bureau")
        register_scope(models.Question, "survey__bureau")
        register_scope(models.SurveyResponse, "survey__bureau")
        register_rules(RULES, DJANGO_PERMS)
