from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "gongkai.accounts"
    label = "accounts"
    verbose_name = _("Accounts and roles")

    def ready(self):
        from gongkai.core import access

        from . import denials, permissions, signals  # noqa: F401

        access.register_checker(permissions.can)  # core asks through this seam, never by importing accounts
        denials.install()
