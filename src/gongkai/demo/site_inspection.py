"""Demo of the self-inspection: one run over every bureau through `site_inspection.services`, so that the
admin screens show results at once (the worker repeats it every day at 06:00). The demo data leave what the
inspection should find: 武陟县's Douyin account silent for 20 days (demo/new_media.py) and columns whose
periodic update is overdue (demo/records.py keeps some items' history old)."""

from __future__ import annotations

from gongkai.site_inspection import services
from gongkai.site_inspection.scoring import FAIL


def load_demo(stdout=None) -> int:
    results = services.run_inspection(trigger="demo")
    failed = [r.bureau.code for r in results if r.verdict == FAIL]
    if stdout is not None:
        stdout.write(f"Self-inspection: {len(results)} bureaus, {len(failed)} failed ({', '.join(failed)})")
    return len(failed)
