"""The elements a service guide must have before it may be submitted for approval (pure, no database).

The national website rules list the key element categories of a 办事指南 (事项名称、设定依据、申请条件、
办理材料、办理地点、办理机构、收费标准、办理时间、联系电话、办理流程; 政府网站与政务新媒体检查指标,
单项否决 "服务不实用"): `missing_elements` names the ones a guide lacks. `limit_problems` checks the time
limits: a promised limit (承诺时限) never exceeds the statutory one (法定时限), and a conditional material
says when it is needed.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

ELEMENT_LABELS = {
    "name": _("Item name"),
    "legal_basis": _("Legal basis"),
    "conditions": _("Conditions"),
    "materials": _("Materials"),
    "office_address": _("Office address"),
    "office_name": _("Handling office"),
    "fees": _("Fees"),
    "office_hours": _("Office hours"),
    "phone": _("Phone"),
    "steps": _("Steps"),
}


def missing_elements(guide: dict) -> list[str]:
    """The key elements `guide` (its fields as a dict, `materials` a list) lacks, in the order above."""
    missing = []
    for key in ELEMENT_LABELS:
        if key == "materials":
            present = bool(guide.get("materials"))
        elif key == "fees":
            present = bool(guide.get("is_free")) or bool((guide.get("fees") or "").strip())
        else:
            present = bool(str(guide.get(key) or "").strip())
        if not present:
            missing.append(key)
    return missing


def limit_problems(guide: dict) -> list[str]:
    problems = []
    statutory, promised = guide.get("statutory_limit_days"), guide.get("promised_limit_days")
    if statutory is not None and promised is not None and promised > statutory:
        problems.append(str(_("The promised time limit may not exceed the statutory one.")))
    if not guide.get("is_free") and not (guide.get("fee_basis") or "").strip():
        problems.append(str(_("A guide that charges fees states their basis.")))
    problems.extend(
        str(_("Say when the conditional material “%(name)s” is needed.") % {"name": material["name"]})
        for material in guide.get("materials") or []
        if not material.get("required", True) and not (material.get("condition") or "").strip()
    )
    return problems
