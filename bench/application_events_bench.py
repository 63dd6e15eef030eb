"""Application progress: status events accepted per second through the business-system API.

    .venv/bin/python bench/application_events_bench.py                        # SQLite file under /tmp
    .venv/bin/python bench/application_events_bench.py --backend postgresql   # database gongkai_events_bench

In process, through the whole stack a business system meets (Django's test client: URL routing, the token
authentication with its hash look-up, the serializer, `applications.services.event_record` with its checks,
personal-data screening of the note, the event row, the audit record, one push row per subscription and the
task that would send it queued in the database backend — the pushes are not sent here). Each application has
one email subscription. The token throttle (RECORDS_API_THROTTLE_RATE, 600/min per token by default) is
lifted to measure the server; in production one business system's token is held to that rate.

Prints events/s (median of --repeat rounds of --events events, one process, one connection) and JSON with --out.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]

PG_URL = "postgres://postgres@127.0.0.1:5432"
PG_DB = "gongkai_events_bench"
SQLITE_PATH = "/tmp/gongkai_events_bench.sqlite3"
STATUSES = ["received", "accepted", "supplement_needed", "decided", "certificate_issued"]


def setup_django(backend: str) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "gongkai.conf.settings"
    os.environ["DJANGO_ENV"] = "development"
    os.environ["DEBUG"] = "false"
    os.environ.setdefault("GONGKAI_VAR_DIR", "/tmp/gongkai_events_bench_var")
    os.environ["TASKS_BACKEND"] = "django_tasks_db.DatabaseBackend"
    if backend == "sqlite":
        if os.path.exists(SQLITE_PATH):
            os.remove(SQLITE_PATH)
        os.environ["DATABASE_URL"] = f"sqlite:///{SQLITE_PATH}"
    else:
        import psycopg

        with psycopg.connect(f"{PG_URL}/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{PG_DB}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{PG_DB}"')
        os.environ["DATABASE_URL"] = f"{PG_URL}/{PG_DB}"
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    settings.RECORDS_API_THROTTLE_RATE = "100000000/min"
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    call_command("migrate", verbosity=0, interactive=False)


def fixtures(applications: int):
    from gongkai.accounts.models import Membership, User
    from gongkai.accounts.roles import Role
    from gongkai.organizations.models import Bureau, BureauKind
    from gongkai.records.actors import CommandActor
    from gongkai.records.services import system_token_create
    from gongkai.service_items import services as service_services
    from gongkai.service_items.models import ItemType

    city = Bureau.objects.create(
        code="bench-city", name="基准市应急管理局", short_name="基准市", kind=BureauKind.CITY, division_code="410800"
    )
    bureau = Bureau.objects.create(
        code="bench-c1",
        name="基准县应急管理局",
        short_name="基准县",
        kind=BureauKind.COUNTY,
        parent=city,
        division_code="410823",
    )
    editor = User.objects.create(username="bench-editor", full_name="信息员")
    Membership.objects.create(user=editor, bureau=bureau, role=Role.EDITOR)
    service_services.item_create(
        bureau=bureau, code="BENCH-XK-001", name="基准许可", item_type=ItemType.LICENSING, acting_user=editor
    )
    _token, raw = system_token_create(
        acting_user=CommandActor("bench", allowed=("records.manage_token",)),
        bureau=bureau,
        name="基准办件系统",
        scopes=["applications:write"],
    )
    from django.test import Client

    client = Client(HTTP_AUTHORIZATION=f"Token {raw}")
    for n in range(applications):
        response = client.post(
            "/api/v1/bureaus/bench-c1/applications/",
            {"number": f"B-{n:06d}", "service_item": "BENCH-XK-001", "applicant_email": f"applicant{n}@example.com"},
            content_type="application/json",
        )
        assert response.status_code == 201, response.content
    return client


def run(client, events: int, applications: int, offset: int) -> tuple[float, float]:
    """(events per wall-clock second, events per CPU second of this process)."""
    base = dt.datetime.now(dt.UTC) - dt.timedelta(days=30)
    start, cpu = time.perf_counter(), time.process_time()
    for i in range(events):
        n = offset + i
        response = client.post(
            f"/api/v1/bureaus/bench-c1/applications/B-{n % applications:06d}/events/",
            {
                "status": STATUSES[n % len(STATUSES)],
                "note": "材料齐全，符合法定形式，予以受理。",
                "occurred_at": (base + dt.timedelta(seconds=n)).isoformat(),
            },
            content_type="application/json",
        )
        assert response.status_code == 201, response.content
    return events / (time.perf_counter() - start), events / (time.process_time() - cpu)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--events", type=int, default=500)
    parser.add_argument("--applications", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--out", help="write the results as JSON to this file")
    args = parser.parse_args()
    setup_django(args.backend)
    client = fixtures(args.applications)
    run(client, 20, args.applications, 0)  # warm up
    runs = [run(client, args.events, args.applications, 20 + r * args.events) for r in range(args.repeat)]
    rates = [wall for wall, _cpu in runs]
    from gongkai.applications.models import ApplicationEvent, PushLog

    result = {
        "backend": args.backend,
        "events_per_second": round(statistics.median(rates), 1),
        "rounds": [round(r, 1) for r in rates],
        "events_per_cpu_second": round(statistics.median(c for _w, c in runs), 1),
        "load_average": os.getloadavg()[0],
        "events": ApplicationEvent.objects.count(),
        "push_rows": PushLog.objects.count(),
    }
    print(
        f"status events accepted per second ({args.backend}): {result['events_per_second']} (rounds: {result['rounds']}); "
        f"per CPU second of the process: {result['events_per_cpu_second']}; load average {result['load_average']:.1f}"
    )
    if args.out:
        Path(args.out).write_text(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
