"""The roles a user can hold at a bureau, and which of them are the three administrators (三员)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    EDITOR = "editor", _("Editor")
    REVIEWER = "reviewer", _("Reviewer")
    LEADER = "leader", _("Leader in charge")
    GOV_REVIEWER = "gov_reviewer", _("Government reviewer")
    CITY_SUPERVISOR = "city_supervisor", _("City supervisor")
    SYSTEM_ADMIN = "system_admin", _("System administrator")
    SECURITY_ADMIN = "security_admin", _("Security administrator")
    AUDIT_ADMIN = "audit_admin", _("Audit administrator")


# 三员分立 (GB/T 22239-2019 安全管理中心): no account may hold two of these.
ADMIN_ROLES = frozenset({Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN, Role.AUDIT_ADMIN})
BUSINESS_ROLES = frozenset(set(Role) - ADMIN_ROLES)
