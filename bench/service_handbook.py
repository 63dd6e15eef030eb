"""Build time and size of the service handbook (issue 17), in process.

    .venv/bin/python bench/service_handbook.py [--n 100]        # SQLite file under /tmp
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/gongkai_handbook_bench .venv/bin/python bench/service_handbook.py

Creates its own database (SQLite: /tmp/gongkai_handbook_bench/; PostgreSQL: the DATABASE_URL database must
exist), loads the demo bureaus and accounts and the services' demo, gives 武陟县 N published guides more
(written by its editor, approved by its reviewer, through the services), then times the PDF and the DOCX of
武陟县's handbook and of the city-wide one (a fresh font subset each time: the process-wide cache is
emptied). Prints seconds, pages and bytes.
"""

import argparse
import io
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))
os.environ.setdefault("GONGKAI_VAR_DIR", "/tmp/gongkai_handbook_bench")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.conf.settings")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=100)
    args = parser.parse_args()
    Path(os.environ["GONGKAI_VAR_DIR"]).mkdir(parents=True, exist_ok=True)

    import django

    django.setup()
    import pypdf
    from django.core.management import call_command
    from tests.service_items.factories import MATERIALS, complete_fields

    from gongkai.accounts.models import User
    from gongkai.demo import organizations
    from gongkai.demo import service_items as services_demo
    from gongkai.organizations.models import Bureau
    from gongkai.service_items import fonts, handbook, services
    from gongkai.service_items.models import ItemType, ServiceItem

    call_command("migrate", verbosity=0)
    organizations.load_demo()
    services_demo.load_demo()
    wuzhi = Bureau.objects.get(code="wuzhi")
    editor, reviewer = User.objects.get(username="wuzhi-editor"), User.objects.get(username="wuzhi-reviewer")
    have = ServiceItem.objects.filter(bureau=wuzhi, code__startswith="BENCH-").count()
    for n in range(have, args.n):
        item = services.item_create(
            bureau=wuzhi,
            code=f"BENCH-{n:03d}",
            name=f"演示事项{n:03d}：危险化学品经营许可证变更",
            item_type=ItemType.LICENSING,
            acting_user=editor,
        )
        guide = services.guide_save(item=item, fields=complete_fields(), materials=MATERIALS, acting_user=editor)
        services.guide_submit(guide=guide, acting_user=editor)
        services.guide_approve(guide=guide, acting_user=reviewer, confidentiality_result="passed")
    for label, bureau in (("wuzhi", wuzhi), ("city", None)):
        guides = len(handbook.guides_for(bureau))
        for fmt in ("pdf", "docx"):
            fonts._registered.clear()
            started = time.perf_counter()
            data = handbook.build_files(bureau, fmt=fmt)
            seconds = time.perf_counter() - started
            pages = len(pypdf.PdfReader(io.BytesIO(data)).pages) if fmt == "pdf" else "-"
            print(f"{label:6} {fmt:4} guides={guides:4} seconds={seconds:6.2f} pages={pages} bytes={len(data)}")


if __name__ == "__main__":
    main()
