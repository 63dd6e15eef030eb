from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ServiceItemsConfig(AppConfig):
    name = "gongkai.service_items"
    label = "service_items"
    verbose_name = _("Service items")

    def ready(self):
        from gongkai.accounts.permissions import register_rules, register_scope

        from . import models
        from .rules import DJANGO_PERMS, RULES

        register_scope(models.ServiceItem, "bureau")
        register_scope(models.ServiceGuide, "item__bureau")
        register_scope(models.GuideMaterial, "guide__item__bureau")
        register_scope(models.Handbook, "bureau")
        register_rules(RULES, DJANGO_PERMS)

        from gongkai.portal.entries import register_entry

        from .selectors import services_entry_kwargs

        register_entry(
            key="services",
            label=_("Services"),
            description=_("Service guides: what to prepare, where to go, how long it takes."),
            url_name="service_items:list",
            url_kwargs=services_entry_kwargs,
            order=30,
        )

        from .services import guide_published
        from .tasks import on_guide_published

        guide_published.connect(on_guide_published, dispatch_uid="service_items.handbook_rebuild")
