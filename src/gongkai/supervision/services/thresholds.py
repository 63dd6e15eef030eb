"""The self-check thresholds (the State Council inspection rules the city may edit)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from gongkai.core import audit

from ..models import SelfCheckRule
from .common import _require_supervisor

# ---- self-check rules ---------------------------------------------------------------------------------


@transaction.atomic
def rule_update(
    *,
    rule: SelfCheckRule,
    acting_user,
    warn_at: int,
    veto_at: int,
    window_days=None,
    enabled: bool = True,
    request=None,
) -> SelfCheckRule:
    """Change a threshold of the State Council's rules (the city supervisor)."""
    _require_supervisor(acting_user)
    if warn_at > veto_at:
        raise ValidationError(_("The warning comes before the veto."), code="warn_after_veto")
    before = {
        "warn_at": rule.warn_at,
        "veto_at": rule.veto_at,
        "window_days": rule.window_days,
        "enabled": rule.enabled,
    }
    rule.warn_at, rule.veto_at, rule.window_days, rule.enabled = warn_at, veto_at, window_days, enabled
    rule.save()
    audit.record(
        "supervision.rule.changed",
        user=acting_user,
        instance=rule,
        request=request,
        data={"before": before, "code": rule.code},
    )
    return rule
