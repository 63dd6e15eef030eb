from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InquiriesConfig(AppConfig):
    name = "gongkai.inquiries"
    label = "inquiries"
    verbose_name = _("Public inquiries")

    def ready(self):
        from gongkai.accounts.permissions import register_rules, register_scope

        from . import models
        from .rules import DJANGO_PERMS, RULES

        register_scope(models.Inquiry, "bureau")
        register_scope(models.InquiryPolicy, "bureau")
        register_rules(RULES, DJANGO_PERMS)

        # The public form's inquiries, journaled at the POST, stored by the worker (core.intake).
        from gongkai.core import intake as journal

        from . import public_intake

        journal.register(public_intake.KIND, public_intake.materialise)

        from gongkai.portal.entries import city_bureau_kwargs, register_entry

        register_entry(
            key="inquiries",
            label=_("Ask a question"),
            description=_("Ask a bureau; the answer comes within the working days it promises."),
            url_name="inquiries:ask",
            url_kwargs=city_bureau_kwargs,
            order=25,
        )
