"""The city dashboard's page time with every county (in process, against a loaded demo database).

    GONGKAI_VAR_DIR=/path/with/demo .venv/bin/python bench/dashboard_bench.py [--repeat 10]
    DATABASE_URL=postgres://… .venv/bin/python bench/dashboard_bench.py

Logs the city supervisor (jz-supervisor) in and requests its admin home /admin/ (the records due, FOI and
inquiry panels of every county), /admin/supervision/ (every county's status, the timeliness trend, FOI
volumes and outcomes), a county's drill-down (/admin/supervision/b/boai/) and the evaluation
(/admin/supervision/evaluation/) through Django's test Client: wall and CPU milliseconds (median of
--repeat runs after 2 warm-up runs) and the number of queries of one request. The machine is shared: read
the CPU figure first and the load average printed with it.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src")]

PAGES = ["/admin/", "/admin/supervision/", "/admin/supervision/b/boai/", "/admin/supervision/evaluation/"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=10)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.conf.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from gongkai.accounts.models import User
    from gongkai.organizations.models import BureauKind

    settings.ALLOWED_HOSTS = ["*"]
    client = Client()
    supervisor = User.objects.get(username="jz-supervisor")
    client.force_login(supervisor)
    counties = supervisor.memberships.first().bureau.children.filter(kind=BureauKind.COUNTY).count()
    results = {"counties": counties, "load_average": os.getloadavg(), "pages": {}}
    for url in PAGES:
        for _ in range(2):
            assert client.get(url).status_code == 200, url
        wall, cpu = [], []
        for _ in range(args.repeat):
            w, c = time.perf_counter(), time.process_time()
            client.get(url)
            wall.append(time.perf_counter() - w)
            cpu.append(time.process_time() - c)
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        results["pages"][url] = {
            "wall_ms": round(statistics.median(wall) * 1000, 1),
            "cpu_ms": round(statistics.median(cpu) * 1000, 1),
            "queries": len(queries),
        }
        print(f"{url:40} wall {results['pages'][url]['wall_ms']:8.1f} ms  cpu {results['pages'][url]['cpu_ms']:8.1f} ms"
              f"  {len(queries)} queries")  # fmt: skip
    print(json.dumps(results, ensure_ascii=False))


if __name__ == "__main__":
    main()
