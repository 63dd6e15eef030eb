from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParticipationConfig(AppConfig):
    name = "gongkai.participation"
    label = "participation"
    verbose_name = _("Public participation")

    def ready(self):
        from gongkai.accounts.permissions import register_rules, register_scope

        from . import models
        from .actions import DJANGO_PERMS, RULES

        for model in (models.DecisionCatalog, models.Consultation, models.Hearing):
            register_scope(model, "bureau")
        register_scope(models.DecisionMatter, "catalog__bureau")
        register_scope(models.Comment, "consultation__bureau")
        register_scope(models.AdoptionSummary, "consultation__bureau")
        register_scope(models.Registration, "hearing__bureau")
        register_scope(models.HearingMinutes, "hearing__bureau")
        register_rules(RULES, DJANGO_PERMS)

        # Public comments, journaled at the POST and stored by the worker (core.intake).
        from gongkai.core import intake as journal

        from .services import comment_intake

        journal.register(comment_intake.KIND, comment_intake.materialise)

        from gongkai.portal.entries import city_bureau_kwargs, register_entry

        register_entry(
            key="participation",
            label=_("Citizens and government"),
            description=_("Consultations on drafts, hearings, surveys and questions to the bureaus (政民互动)."),
            url_name="participation:index",
            url_kwargs=city_bureau_kwargs,
            order=20,
        )
