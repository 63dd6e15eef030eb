"""Use cases of the self-inspection: run it (for every disclosing bureau, or some) and store each bureau's
result; change a rule. Runs come from the worker's daily task, the command or the city's screen; each run
and each rule change is audited (`site_inspection.run.completed`, `site_inspection.rule.changed`)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.accounts import permissions
from gongkai.core import audit
from gongkai.organizations.models import Bureau

from . import checks, scoring
from .models import InspectionResult, InspectionRule, InspectionRun, RuleKind
from .rules import CHANGE_RULE, RUN

PASS_RULE = "PASS"


def inspect_bureau(bureau, rules: list[InspectionRule], ctx: checks.Context) -> tuple[str, Decimal, list]:
    """The verdict, score and findings of one bureau under `rules` (enabled ones only)."""
    by_code = {rule.code: rule for rule in rules if rule.enabled}
    findings: list[scoring.Finding] = []
    for code, rule in by_code.items():
        check = checks.CHECKS.get(code)
        if check is None:
            continue
        if code == "D-STALE" and "W-V4a" in by_code:
            findings += checks.check_stale_deduction(bureau, rule, ctx, veto_rule=by_code["W-V4a"])
        else:
            findings += check(bureau, rule, ctx)
    caps = {r.code: r.max_points for r in by_code.values() if r.kind == RuleKind.DEDUCTION and r.max_points}
    pass_rule = by_code.get(PASS_RULE)
    pass_mark = Decimal(pass_rule.value) if pass_rule else Decimal(60)
    verdict, score = scoring.verdict(findings, caps, pass_mark)
    return verdict, score, findings


def run_inspection(
    *, bureaus=None, trigger: str = "command", acting_user=None, now: dt.datetime | None = None, request=None
) -> list[InspectionResult]:
    """Inspect `bureaus` (default: every disclosing bureau) and store one result each. `acting_user`
    (a person starting it from a screen) must be allowed to run it; the worker and the command run as
    the system."""
    if acting_user is not None:
        permissions.require(acting_user, RUN)
    now = now or timezone.now()
    bureaus = list(bureaus if bureaus is not None else Bureau.objects.disclosing().select_related("parent"))
    rules = list(InspectionRule.objects.all())
    ctx = checks.Context(now=now, publish_root=Path(settings.PUBLISH_ROOT))
    computed = [(bureau, *inspect_bureau(bureau, rules, ctx)) for bureau in bureaus]
    with transaction.atomic():
        run = InspectionRun.objects.create(started_at=now, trigger=trigger)
        results = InspectionResult.objects.bulk_create(
            [
                InspectionResult(
                    run=run,
                    bureau=bureau,
                    checked_at=now,
                    verdict=verdict,
                    score=score,
                    findings=[f.as_dict() for f in findings],
                )
                for bureau, verdict, score, findings in computed
            ]
        )
        run.finished_at = timezone.now()
        run.save(update_fields=["finished_at", "updated_at"])
        audit.record(
            "site_inspection.run.completed",
            user=acting_user,
            request=request,
            label=f"inspection {run.pk}",
            data={
                "trigger": trigger,
                "bureaus": len(results),
                "failed": sorted(r.bureau.code for r in results if r.verdict == scoring.FAIL),
            },
        )
    return results


EDITABLE = ("value", "threshold", "points", "max_points", "enabled", "terms")


@transaction.atomic
def rule_update(*, rule: InspectionRule, changes: dict, acting_user, request=None) -> InspectionRule:
    """Change a rule's thresholds, points, terms or whether it is checked."""
    permissions.require(acting_user, CHANGE_RULE)
    rule = InspectionRule.objects.select_for_update().get(pk=rule.pk)
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise ValidationError(
            _("These fields cannot be changed: %(names)s"), params={"names": ", ".join(sorted(unknown))}
        )
    before = {name: getattr(rule, name) for name in changes}
    for name, value in changes.items():
        if name in ("points", "max_points"):
            try:
                value = Decimal(str(value))
            except InvalidOperation as exc:
                raise ValidationError(_("Points must be a number."), code="invalid") from exc
        setattr(rule, name, value)
    rule.full_clean()
    rule.save()
    audit.record(
        "site_inspection.rule.changed",
        user=acting_user,
        instance=rule,
        request=request,
        data={name: [str(before[name]), str(getattr(rule, name))] for name in changes},
    )
    return rule
