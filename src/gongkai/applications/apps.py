from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApplicationsConfig(AppConfig):
    name = "gongkai.applications"
    label = "applications"
    verbose_name = _("Application progress")

    def ready(self):
        from gongkai.accounts.permissions import register_rules, register_scope

        from . import models
        from .rules import DJANGO_PERMS, RULES

        register_scope(models.Application, "bureau")
        register_scope(models.PushLog, "application__bureau")
        register_rules(RULES, DJANGO_PERMS)

        from .services import pushes_created
        from .tasks import on_pushes_created

        pushes_created.connect(on_pushes_created, dispatch_uid="applications.deliver_pushes")

        from gongkai.portal.entries import register_entry

        register_entry(
            key="progress",
            label=_("Application progress"),
            description=_("Follow an application with its number and look-up code."),
            url_name="applications:progress",
            order=35,
        )
