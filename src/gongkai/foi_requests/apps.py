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
