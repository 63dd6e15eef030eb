from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewMediaConfig(AppConfig):
    name = "gongkai.new_media"
    label = "new_media"
    verbose_name = _("New-media accounts")

    def ready(self):
        from gongkai.accounts.permissions import register_rules, register_scope

        from . import models
        from .rules import DJANGO_PERMS, RULES

        register_scope(models.NewMediaAccount, "bureau")
        register_scope(models.AccountApplication, "bureau")
        register_scope(models.Post, "account__bureau")
        register_rules(RULES, DJANGO_PERMS)

        from gongkai.portal.entries import register_entry

        register_entry(
            key="new_media",
            label=_("Government new-media accounts"),
            description=_("The bureaus' official accounts on WeChat, Weibo and other platforms."),
            url_name="new_media:city",
            order=40,
        )
