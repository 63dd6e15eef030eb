"""Records/s through the business-system API (issue 4), in-process through Django's test client.

    .venv/bin/python bench/api_records.py [--n 100]                       # SQLite file under /tmp
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/gongkai_api_bench .venv/bin/python bench/api_records.py

Creates its own database (SQLite: /tmp/gongkai_api_bench/; PostgreSQL: the DATABASE_URL database must
exist and is migrated), loads the Jiaozuo demo, creates a 修武县 system token, then times N POSTs of
drafts, N POSTs with publish=true, and N repeated (idempotent) POSTs. The throttle is raised so it does
not interfere. Prints records/s and queries per call.
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


def setup():
    """Migrate, load the demo when missing, raise the throttle; a 修武县 token (records:write and
    records:publish) in an APIClient, and the bureau's first catalog item. Returns (client, item, leader)."""
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from rest_framework.test import APIClient

    from gongkai.accounts.models import User
    from gongkai.catalogs.models import CatalogItem
    from gongkai.organizations.models import Bureau
    from gongkai.records import services

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
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {raw}")
    return client, item, leader


def payload(item, i: int, prefix: str, stamp: int, **extra) -> dict:
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
        **extra,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=100)
    args = parser.parse_args()

    client, item, _leader = setup()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    url = "/api/v1/bureaus/xiuwu/records/"
    stamp = int(time.time())

    def run(label, make, expect):
        connection.queries_log.clear()
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            for i in range(args.n):
                response = client.post(url, make(i), format="json")
                assert response.status_code == expect, (response.status_code, response.content[:300])
            elapsed = time.perf_counter() - started
        print(
            f"| {label} | {args.n} | {elapsed:.2f} | {args.n / elapsed:.1f} | {len(queries.captured_queries) / args.n:.0f} |"
        )

    print(f"\nbackend: {connection.vendor}\n")
    print("| call | n | seconds | records/s | queries per call |")
    print("|---|---|---|---|---|")
    run("POST draft", lambda i: payload(item, i, "draft", stamp), 201)
    run("POST with publish=true", lambda i: payload(item, i, "pub", stamp, publish=True), 201)
    run("same POST again (idempotent)", lambda i: payload(item, i, "pub", stamp, publish=True), 200)


if __name__ == "__main__":
    main()
