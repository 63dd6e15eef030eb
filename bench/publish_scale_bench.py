"""Full rebuild at scale (issue 13, Measure): `publish_site` over the demo plus N synthetic records.

    .venv/bin/python bench/publish_scale_bench.py --records 2000 [--db gongkai_publish_scale] [--reuse-setup]
    .venv/bin/python bench/publish_scale_bench.py --records 100000 --reuse-setup     # on a quiet machine

A PostgreSQL database (127.0.0.1:5432, `--db`, dropped and created; `--reuse-setup` copies the migrated
demo from `<db>_setup`, made by the first run with the flag; dropped afterwards unless `--keep-db`), the
Jiaozuo demo loaded, then N published records generated in 修武县 through the bulk service
(`records_create_bulk`, batches of `--batch`, a token with records:publish into auto-approved items,
spread over the bureau's catalog items: each record with its revision, index number, audit entries and
review log, as the API writes them; search entries are not written, `publish_site` does not read them).
Then `manage.py publish_site --out DIR` (full rebuild; with `--bureau CODE` that bureau's pages only, a
cheaper proof) into a fresh directory, timed: pages, seconds, CPU
seconds of this process and of its PostgreSQL backend (from /proc), CPU ms per page, and the rebuild of
1,000,000 records extrapolated from the pages per record and the CPU per page of this run. Results as
JSON to bench/results/publish-scale-<time>.json.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from intake_bench import PG, ROOT, drop_database, in_process_demo_database, run_stamp, save_results  # noqa: E402 (bench/ on the path)


def prepare(args) -> None:
    os.environ.update(
        DATABASE_URL=f"{PG}/{args.db}",
        GONGKAI_VAR_DIR=os.environ.get("GONGKAI_VAR_DIR", f"/tmp/{args.db}"),
        DJANGO_SETTINGS_MODULE="gongkai.conf.settings",
        PUBLISH_ON_CHANGE="false",  # the rebuild is timed on its own; nothing is queued while generating
    )
    Path(os.environ["GONGKAI_VAR_DIR"]).mkdir(parents=True, exist_ok=True)
    sys.path.insert(0, str(ROOT / "src"))
    in_process_demo_database(args.db, args.reuse_setup)


def generate(n: int, batch: int) -> dict:
    """N published records in 修武县 through the bulk service, over the bureau's publishable items."""
    from api_records import payload

    from gongkai.accounts.models import User
    from gongkai.organizations.models import Bureau
    from gongkai.records import review, services
    from gongkai.records.actors import SystemActor
    from gongkai.records.api.serializers import RecordInSerializer
    from gongkai.records.catalog_access import publishable_items
    from gongkai.records.services.bulk import BulkItem, records_create_bulk

    xiuwu = Bureau.objects.get(code="xiuwu")
    leader = User.objects.get(username="xiuwu-leader")
    token, _raw = services.system_token_create(
        acting_user=leader, bureau=xiuwu, name=f"scale-{time.time_ns()}", scopes=["records:write", "records:publish"]
    )
    actor = SystemActor(token)
    items = list(publishable_items(xiuwu))
    for item in items:
        review.auto_approval_set(acting_user=leader, item=item, enabled=True)
    # One record validated by the API's serializer; the others are its fields with their own title and numbers.
    serializer = RecordInSerializer(data=payload(items[0], 0, "scale", 0, publish=True))
    serializer.is_valid(raise_exception=True)
    template = dict(serializer.validated_data)
    for key in ("external_id", "catalog_item", "publish"):
        template.pop(key, None)
    stamp = time.time_ns()
    started, cpu = time.monotonic(), time.process_time()
    for first in range(0, n, batch):
        chunk = [
            BulkItem(
                external_id=f"scale-{stamp}-{i}",
                catalog_item=str(items[i % len(items)].key),
                publish=True,
                fields={
                    **template,
                    "title": f"关于做好第{i}批安全生产检查工作的通知",
                    "document_number": f"修应急〔2026〕{i + 1}号",
                },
            )
            for i in range(first, min(n, first + batch))
        ]
        records_create_bulk(acting_user=actor, bureau=xiuwu, items=chunk)
        print(f"   generated {min(n, first + batch)} of {n}", end="\r", flush=True)
    print()
    return {
        "records": n,
        "catalog_items": len(items),
        "seconds": round(time.monotonic() - started, 1),
        "cpu_seconds_app": round(time.process_time() - cpu, 1),
    }


def rebuild(bureau: str | None) -> dict:
    """`publish_site --out DIR [--bureau CODE]` into an empty directory: pages (files but the .gz/.br
    copies), time, CPU of this process and of its PostgreSQL backend."""
    from api_bulk_bench import db_cpu  # CPU seconds of this connection's PostgreSQL backend
    from django.core.management import call_command
    from django.db import connection

    from gongkai.records.constants import RecordStatus
    from gongkai.records.models import Record

    out = Path(tempfile.mkdtemp(prefix="gongkai-publish-scale-"))
    published = Record.objects.filter(status=RecordStatus.PUBLISHED)
    records = (published.filter(bureau__code=bureau) if bureau else published).count()
    options = {"out": str(out), **({"bureau": bureau} if bureau else {})}
    db, cpu, started = db_cpu(connection), time.process_time(), time.monotonic()
    call_command("publish_site", **options, stdout=io.StringIO(), stderr=io.StringIO())
    seconds, cpu = time.monotonic() - started, time.process_time() - cpu
    db = db_cpu(connection) - db
    files = [f for f in out.rglob("*") if f.is_file()]
    pages = sum(1 for f in files if f.suffix not in (".gz", ".br"))
    size = subprocess.run(["du", "-sm", str(out)], capture_output=True, text=True).stdout.split()[0]
    shutil.rmtree(out, ignore_errors=True)
    cpu_per_page = (cpu + db) / pages
    million = 1_000_000 * pages / records
    return {
        "scope": bureau or "all bureaus",
        "published_records": records,
        "pages": pages,
        "files_with_compressed_copies": len(files),
        "tree_mb": int(size),
        "seconds": round(seconds, 1),
        "pages_per_s": round(pages / seconds, 1),
        "cpu_seconds": {"app": round(cpu, 1), "postgresql": round(db, 1)},
        "cpu_ms_per_page": {"app": round(1000 * cpu / pages, 2), "postgresql": round(1000 * db / pages, 2)},
        # pages per record of this run (the fixed pages spread over its records: an overestimate for small runs)
        "extrapolated_1m_records": {
            "pages": int(million),
            "cpu_hours_one_process": round(million * cpu_per_page / 3600, 1),
            "disk_gb": round(int(size) * million / pages / 1024, 1),
        },
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=2000, help="synthetic published records to add")
    parser.add_argument("--batch", type=int, default=500, help="records per bulk call (BULK_MAX_RECORDS: 500)")
    parser.add_argument("--db", default="gongkai_publish_scale")
    parser.add_argument("--reuse-setup", action="store_true", help="copy the migrated demo from DB_setup")
    parser.add_argument("--keep-db", action="store_true")
    parser.add_argument("--bureau", metavar="CODE", help="time `publish_site --bureau CODE` only (default: full)")
    args = parser.parse_args()
    load = [round(x, 2) for x in os.getloadavg()]
    print(f"== database {args.db}: the demo, then {args.records} records", flush=True)
    prepare(args)
    result = {**run_stamp(), "load_average_before": load}
    result["generated"] = generate(args.records, args.batch)
    print(json.dumps(result, ensure_ascii=False), flush=True)
    print(f"== publish_site {'--bureau ' + args.bureau if args.bureau else '(full rebuild)'}", flush=True)
    result["rebuild"] = rebuild(args.bureau)
    result["load_average_after"] = [round(x, 2) for x in os.getloadavg()]
    print(json.dumps(result, ensure_ascii=False, indent=2))
    save_results("publish-scale", result)
    if not args.keep_db:
        drop_database(args.db)


if __name__ == "__main__":
    main()
