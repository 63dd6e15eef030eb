"""Load the ministry's guideline catalogs (标准目录指引) as versioned data.

The two catalogs shipped in `data/` are incomplete reconstructions: their `unverified_items`
become GuidelineItem(verified=False) and are marked “未核实” wherever they are shown. Loading a
newer version adds a new Guideline row and makes it current; bureau catalogs keep pointing at
the rows they were built from, and their items are copies, so nothing of theirs changes.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from django.db import transaction

from gongkai.accounts import permissions
from gongkai.core import audit

from .constants import AUDIENCE_LABELS, CHANNEL_ALIASES, LEVEL_LABELS, MODE_LABELS, Domain
from .models import Guideline, GuidelineItem

DATA_DIR = Path(__file__).with_name("data")
SHIPPED = (
    ("production-safety", Domain.PRODUCTION_SAFETY, "production-safety.json"),
    ("disaster-relief", Domain.DISASTER_RELIEF, "disaster-relief.json"),
)
UNVERIFIED_MARK = "未核实"


def _map(values, table) -> list[str]:
    return [str(table.get(v, v)) for v in values or []]


def _version_of(data: dict[str, Any]) -> str:
    if data.get("version"):
        return str(data["version"])
    date = (data.get("source_document") or {}).get("date") or ""
    return date[:4] or "1"


def _version_key(version: str) -> tuple:
    return tuple(int(n) for n in re.findall(r"\d+", version)) or (0,)


def guideline_rows(data: dict[str, Any]) -> list[dict[str, Any]]:
    """Map the shipped JSON to GuidelineItem field values (pure). Unverified rows come last."""
    rows = [_verified_row(item) for item in data.get("items", [])]
    next_seq = max((r["seq"] for r in rows), default=0)
    for offset, item in enumerate(data.get("unverified_items", []), start=1):
        rows.append(
            {
                "seq": next_seq + offset,
                "level1": item.get("level1") or "",
                "level2": item.get("level2") or "",
                "level3": item.get("level3") or "",
                "content": item.get("content") or "",
                "legal_basis": [],
                "time_limit_text": "",
                "responsible_body": "",
                "channels": [],
                "audience": [],
                "mode": [],
                "levels": [],
                "verified": False,
                "confidence": "",
                "notes": item.get("evidence") or "",
            }
        )
    return rows


def _verified_row(item: dict[str, Any]) -> dict[str, Any]:
    return {
        "seq": int(item["seq"]),
        "level1": item.get("level1") or "",
        "level2": item.get("level2") or "",
        "level3": item.get("level3") or "",
        "content": item.get("content") or "",
        "legal_basis": list(item.get("basis") or []),
        "time_limit_text": item.get("time_limit") or "",
        "responsible_body": item.get("subject") or "",
        "channels": [CHANNEL_ALIASES.get(c, c) for c in item.get("channels") or []],
        "audience": _map(item.get("audience"), AUDIENCE_LABELS),
        "mode": _map(item.get("mode"), MODE_LABELS),
        "levels": _map(item.get("levels"), LEVEL_LABELS),
        "verified": True,
        "confidence": item.get("confidence") or "",
        "notes": item.get("notes") or "",
    }


@transaction.atomic
def guideline_load(
    *, code: str, domain: str, data: dict[str, Any], version: str | None = None, acting_user=None
) -> tuple[Guideline, bool]:
    """Create or update one guideline version from its JSON data; return (guideline, created).

    Idempotent: loading the same code and version again updates the same rows. The highest
    version of a code becomes the current one.
    """
    if acting_user is not None:
        permissions.require(acting_user, "catalogs.manage_guideline")
    version = version or _version_of(data)
    guideline, created = Guideline.objects.update_or_create(
        code=code,
        version=version,
        defaults={
            "domain": domain,
            "title": data.get("title") or code,
            "issuer": data.get("issuer") or "",
            "source_document": data.get("source_document") or {},
            "completeness": data.get("completeness") or "",
            "completeness_note": data.get("completeness_note") or "",
            "channel_checklist": [CHANNEL_ALIASES.get(c, c) for c in data.get("channel_checklist") or []],
            "sources": data.get("sources") or [],
        },
    )
    for row in guideline_rows(data):
        GuidelineItem.objects.update_or_create(guideline=guideline, seq=row["seq"], defaults=row)
    versions = list(Guideline.objects.filter(code=code))
    newest = max(versions, key=lambda g: _version_key(g.version))
    for g in versions:
        if g.is_current != (g.pk == newest.pk):
            g.is_current = g.pk == newest.pk
            g.save(update_fields=["is_current", "updated_at"])
    guideline.refresh_from_db()
    audit.record(
        "catalogs.guideline.loaded",
        user=acting_user,
        instance=guideline,
        data={"code": code, "version": version, "created": created, "items": guideline.items.count()},
    )
    return guideline, created


def guidelines_load_shipped(*, acting_user=None) -> list[Guideline]:
    loaded = []
    for code, domain, filename in SHIPPED:
        data = json.loads((DATA_DIR / filename).read_text(encoding="utf-8"))
        guideline, _created = guideline_load(code=code, domain=domain, data=data, acting_user=acting_user)
        loaded.append(guideline)
    return loaded


def current_guidelines() -> list[Guideline]:
    """The current version of each guideline catalog, production safety first (attachment 1)."""
    order = {Domain.PRODUCTION_SAFETY: 0, Domain.DISASTER_RELIEF: 1}
    guidelines = Guideline.objects.filter(is_current=True).prefetch_related("items")
    return sorted(guidelines, key=lambda g: (order.get(g.domain, 9), g.code))
