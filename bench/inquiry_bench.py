"""Accepted public inquiries per second: the public form's POST (Django's test client: the whole view,
form, service, one transaction; no HTTP server) and the service alone (the kiosk's path).

    GONGKAI_VAR_DIR=$(mktemp -d) .venv/bin/python bench/inquiry_bench.py [--n 300]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/DB .venv/bin/python bench/inquiry_bench.py [--n 300]

Migrates the database if needed and creates one bureau (`benchcity`); every message is different (no
duplicate short cut) and the per-address limit is lifted. Prints accepted/s (wall clock) and the median
process CPU ms and queries of one submission; on a shared machine the CPU ms are what to compare. Then
checks that every acknowledged tracking number is in the database (nothing lost once acknowledged).
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.conf.settings")
os.environ.setdefault("ALLOWED_HOSTS", "testserver")
os.environ.setdefault("INQUIRY_SUBMISSIONS_PER_HOUR", "0")  # 0: no limit


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=300)
    args = parser.parse_args()

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    call_command("migrate", verbosity=0)
    from gongkai.inquiries import services
    from gongkai.inquiries.models import Inquiry
    from gongkai.organizations.models import Bureau, BureauKind

    bureau, _created = Bureau.objects.get_or_create(
        code="benchcity",
        defaults={
            "name": "基准测试市应急管理局",
            "short_name": "基准市局",
            "kind": BureauKind.CITY,
            "division_code": "410800",
            "credit_code": "11410800MB0000000X",
        },
    )
    client = Client()
    numbers: list[str] = []
    results = {}
    for path in ("form", "service"):
        cpu, queries = [], []
        started = time.perf_counter()
        for i in range(args.n):
            body = f"请问企业安全生产标准化三级达标需要哪些材料？（{path}-{i}-{time.time_ns()}）"
            with CaptureQueriesContext(connection) as captured:
                t0 = time.process_time()
                if path == "form":
                    response = client.post(
                        f"/b/{bureau.code}/inquiries/ask/",
                        {
                            "name": "张三",
                            "contact": "13800000000",
                            "topic": "services",
                            "subject": "标准化达标",
                            "body": body,
                            "consent_publish": "on",
                        },
                    )
                    assert response.status_code == 302, response.status_code
                    numbers.append(response["Location"].rstrip("/").rsplit("/", 1)[-1].split("?")[0])
                else:
                    inquiry = services.submit_inquiry(
                        bureau=bureau,
                        name="张三",
                        contact="13800000000",
                        subject="标准化达标",
                        body=body,
                        topic="services",
                        channel="kiosk",
                    )
                    numbers.append(inquiry.tracking_number)
                cpu.append(1000 * (time.process_time() - t0))
            queries.append(len(captured))
        elapsed = time.perf_counter() - started
        results[path] = (args.n / elapsed, statistics.median(cpu), statistics.median(queries))
    stored = set(Inquiry.objects.filter(tracking_number__in=numbers).values_list("tracking_number", flat=True))
    print(f"\nbackend: {connection.vendor}; load average {os.getloadavg()[0]:.1f}; n = {args.n} per path\n")
    print("| path | accepted/s | CPU ms (median) | queries |")
    print("|---|---|---|---|")
    for path, (rate, cpu_ms, q) in results.items():
        print(f"| {path} | {rate:.0f} | {cpu_ms:.2f} | {q:.0f} |")
    print(f"\nacknowledged {len(numbers)}, stored {len(stored)}, lost {len(set(numbers) - stored)}")


if __name__ == "__main__":
    main()
