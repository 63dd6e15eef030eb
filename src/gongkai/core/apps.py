from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "gongkai.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self):
        from . import checks  # noqa: F401 - registers the system checks
        from .widgets import install_csp_safe_choosers

        install_csp_safe_choosers()  # the admin's chooser widgets without inline scripts (strict CSP)
