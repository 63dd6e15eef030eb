from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FoiRequestsConfig(AppConfig):
    name = "gongkai.foi_requests"
    label = "foi_requests"
    verbose_name = _("FOI requests")

    def ready(self):
        from gongkai.accounts.permissions import register_rules, register_scope

        from . import models
        from .rules import DJANGO_PERMS, RULES

        register_scope(models.FoiRequest, "bureau")
        for model in (
            models.RequestEvent,
            models.RequestAttachment,
            models.SupplementRequest,
            models.Consultation,
            models.Extension,
            models.FeeNotice,
            models.Reply,
            models.TrackingCode,
        ):
            register_scope(model, "request__bureau")
        register_rules(RULES, DJANGO_PERMS)

        from gongkai.portal.entries import register_entry

        register_entry(
            key="foi",
            label=_("Request government information"),
            description=_("Ask a bureau for information it holds that is not published (依申请公开)."),
            url_name="foi:index",
            order=10,
        )

        # Audit event names of the workflow steps (services/steps.py).
        from wagtail import hooks

        from .services.steps import register_audit_actions

        hooks.register("register_log_actions", register_audit_actions)
        from .services.intake import register_audit_actions as register_public_audit_actions

        hooks.register("register_log_actions", register_public_audit_actions)

        # The public form's submissions, journaled at the POST, registered by the worker (core.intake).
        from gongkai.core import intake as journal

        from .services import public_intake

        journal.register(public_intake.KIND, public_intake.materialise)

        # The worker's daily reminders: queue the first run once the tables exist (tasks.py).
        from django.db.models.signals import post_migrate

        from .tasks import schedule_after_migrate

        post_migrate.connect(schedule_after_migrate, sender=self, dispatch_uid="foi_requests.daily_reminders")
