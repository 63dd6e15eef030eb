"""Records/s through the business-system bulk endpoint (issue 13 §7), in process through Django's test client.

    .venv/bin/python bench/api_bulk_bench.py [--batch 200] [--batches 5] [--single 20]     # SQLite under /tmp
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/gongkai_api_bench .venv/bin/python bench/api_bulk_bench.py

Creates its own database (SQLite: /tmp/gongkai_api_bench/; PostgreSQL: the DATABASE_URL database must exist
and is migrated), loads the Jiaozuo demo when it is missing, creates a 修武县 token (records:write and
records:publish) and switches one catalog item to auto-approved (by the bureau's leader), then times
`--batches` POSTs of `--batch` records each to /api/v1/bureaus/xiuwu/records/bulk/ with publish=true
(every record published: index number, revision, four audit entries, review log, search entry), the
same batches again (idempotent: nothing written), and `--single` POSTs of one record each to the single
endpoint for comparison. The throttle is raised. Prints records/s and queries per record.
"""

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
os.environ.setdefault("GONGKAI_VAR_DIR", "/tmp/gongkai_api_bench")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.conf.settings")
os.environ.setdefault("ALLOWED_HOSTS", "testserver")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--batch", type=int, default=200)
    parser.add_argument("--batches", type=int, default=5)
    parser.add_argument("--single", type=int, default=20)
    args = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from rest_framework.test import APIClient

    from gongkai.accounts.models import User
    from gongkai.catalogs.models import CatalogItem
    from gongkai.organizations.models import Bureau
    from gongkai.records import review, services

    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"system_token": "100000/min"}}
    call_command("migrate", verbosity=0)
    if not Bureau.objects.filter(code="xiuwu").exists():
        call_command("load_demo", quiet=True)
    xiuwu = Bureau.objects.get(code="xiuwu")
    leader = User.objects.get(username="xiuwu-leader")
    _token, raw = services.system_token_create(
        acting_user=leader, bureau=xiuwu, name=f"bench-{time.time_ns()}", scopes=["records:write", "records:publish"]
    )
    item = CatalogItem.objects.filter(catalog__bureau=xiuwu, removed_at__isnull=True).order_by("position").first()
    review.auto_approval_set(acting_user=leader, item=item, enabled=True)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {raw}")
    stamp = time.time_ns()

    def payload(i: int, prefix: str):
        return {
            "external_id": f"{prefix}-{stamp}-{i}",
            "catalog_item": str(item.key),
            "title": f"关于做好第{i}批安全生产检查工作的通知",
            "body": "<p>各乡镇（街道）：为切实做好安全生产工作，现将有关事项通知如下。</p>" * 5,
            "document_number": f"修应急〔2026〕{i + 1}号",
            "date_written": "2026-11-20",
            "event_date": "2026-11-20",
            "genre": "notice",
            "subject": "production_safety",
            "art20_item": 13,
            "publish": True,
        }

    def run(label, url, bodies, expect, per_call):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            for body in bodies:
                response = client.post(url, body, format="json")
                assert response.status_code == expect, (response.status_code, response.content[:500])
            elapsed = time.perf_counter() - started
        n = len(bodies) * per_call
        print(f"| {label} | {n} | {elapsed:.2f} | {n / elapsed:.1f} | {len(queries.captured_queries) / n:.2f} |")

    bulk = "/api/v1/bureaus/xiuwu/records/bulk/"
    batches = [
        {"records": [payload(b * args.batch + i, "bulk") for i in range(args.batch)]} for b in range(args.batches)
    ]
    print(f"\nbackend: {connection.vendor}; load average {os.getloadavg()[0]:.1f}\n")
    print("| call | records | seconds | records/s | queries per record |")
    print("|---|---|---|---|---|")
    run(f"bulk, {args.batch} per call, publish", bulk, batches, 201, args.batch)
    run(f"bulk, {args.batch} per call, again (idempotent)", bulk, batches, 200, args.batch)
    singles = [payload(i, "single") for i in range(args.single)]
    run("single endpoint, publish", "/api/v1/bureaus/xiuwu/records/", singles, 201, 1)


if __name__ == "__main__":
    main()
