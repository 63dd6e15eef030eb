"""Annual-report benchmark: tables 二, 三 and 四 of one bureau-year over 1,000,000 records of that bureau.

    .venv/bin/python bench/annual_report_bench.py --backend sqlite --records 1000000
    .venv/bin/python bench/annual_report_bench.py --backend postgresql --records 1000000

The database is migrated from scratch (SQLite: a file under /tmp; PostgreSQL: the database
gk_annualreport_bench on 127.0.0.1, dropped at the end unless --keep), one county bureau with a catalog
(行政许可, 行政处罚, 行政强制, 其他政策文件, 行政检查) is created, and the records are inserted with bulk SQL
(INSERT … SELECT over a generated series, 100,000 per statement): spread over six years (2021–2026),
10 % penalty decisions, 10 % regulations (every 97th repealed), 10 % interpretations, the rest
announcements, 2 % withdrawn, over the five catalog items. Then it times, each --repeat times (median):

- table 二 alone (`annual_reports.table2.table2_from_data`: two aggregate queries);
- the whole report (`annual_reports.report.build`: table 二 of the year and of the year before for T2-FORCE,
  table 三 from foi_requests, table 四, the generated texts and every sum check).

Output: one Markdown table on stdout (and the cell values, to check them against the generator).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]

PG_URL = "postgres://postgres@127.0.0.1:5432"
PG_DB = "gk_annualreport_bench"
BATCH = 100_000


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


def setup(backend: str, records: int) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "gongkai.conf.settings"
    os.environ["DJANGO_ENV"] = "development"
    os.environ["DEBUG"] = "false"
    os.environ.setdefault("GONGKAI_VAR_DIR", "/tmp/gk_annualreport_bench_var")
    if backend == "sqlite":
        path = Path(f"/tmp/gk_annualreport_bench_{records}.sqlite3")
        for suffix in ("", "-wal", "-shm"):
            Path(str(path) + suffix).unlink(missing_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{path}"
    else:
        import psycopg

        with psycopg.connect(f"{PG_URL}/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{PG_DB}"')
            conn.execute(f'CREATE DATABASE "{PG_DB}"')
        os.environ["DATABASE_URL"] = f"{PG_URL}/{PG_DB}"
    import django

    django.setup()


def series_sql(vendor: str, start: int, count: int) -> str:
    """A statement inserting records start+1 … start+count of the generator (n = the row number)."""
    if vendor == "sqlite":
        source = (
            f"WITH RECURSIVE s(n) AS (SELECT {start + 1} UNION ALL SELECT n + 1 FROM s WHERE n < {start + count}) "
            "SELECT n, date('2021-01-01', '+' || (n % 2190) || ' days') AS d FROM s"
        )
        uuid, now, json_empty, false = "lower(hex(randomblob(16)))", "datetime('now')", "'[]'", "0"
        published = "datetime(d, '+1 day', '+10 hours')"
    else:
        source = (
            f"SELECT n, (DATE '2021-01-01' + (n % 2190)) AS d FROM generate_series({start + 1}, {start + count}) AS n"
        )
        uuid, now, json_empty, false = "gen_random_uuid()", "now()", "'[]'::jsonb", "false"
        published = "(d + INTERVAL '1 day 10 hours')"
    return f"""
INSERT INTO records_record (
  created_at, updated_at, uuid, title, summary, body, keywords, index_number, document_number, issuing_body,
  date_written, event_date, published_at, subject, genre, validity, is_policy, requires_interpretation,
  interpretation_form, status, withdrawal_reason, due_provisional, screening_hits, source_system, external_id,
  bureau_id, catalog_item_id
)
SELECT {now}, {now}, {uuid}, 'bench ' || n, '', '', '', '', '', 'bench',
  d, d, {published}, 'other',
  CASE n % 10 WHEN 0 THEN 'penalty_decision' WHEN 1 THEN 'regulation' WHEN 2 THEN 'interpretation'
              ELSE 'announcement' END,
  CASE WHEN n % 10 = 1 AND n % 97 = 0 THEN 'repealed' ELSE 'valid' END,
  {false}, {false}, '', CASE WHEN n % 50 = 0 THEN 'withdrawn' ELSE 'published' END, '', {false}, {json_empty}, '', '',
  %(bureau)s,
  CASE n % 5 WHEN 0 THEN %(i0)s WHEN 1 THEN %(i1)s WHEN 2 THEN %(i2)s WHEN 3 THEN %(i3)s ELSE %(i4)s END
FROM ({source}) AS g
"""


def build_data(records: int):
    from django.core.management import call_command
    from django.db import connection

    from gongkai.catalogs.models import Catalog, CatalogItem
    from gongkai.organizations.models import Bureau

    log("migrate")
    call_command("migrate", verbosity=0)
    bureau = Bureau.objects.create(
        name="基准县应急管理局", short_name="基准县局", code="benchxian", kind="county", division_code="410899",
        credit_code="11410899MB0000000X",
    )
    catalog = Catalog.objects.create(bureau=bureau, status="published")
    items = [
        CatalogItem.objects.create(
            catalog=catalog, domain="production_safety", position=i, level1="安全生产", level2=name, content="—",
            legal_basis=[], time_limit_text="20个工作日", time_limit_rule={}, responsible_body="基准县应急管理局",
            channels=[], audience=[], mode=[], levels=[],
        )
        for i, name in enumerate(["行政许可", "行政处罚", "行政强制", "其他政策文件", "行政检查"])
    ]
    params = {"bureau": bureau.pk, **{f"i{i}": item.pk for i, item in enumerate(items)}}
    started = time.perf_counter()
    for start in range(0, records, BATCH):
        with connection.cursor() as cursor:
            cursor.execute(series_sql(connection.vendor, start, min(BATCH, records - start)), params)
        log(f"inserted {min(start + BATCH, records):,} records")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    log(f"records inserted in {time.perf_counter() - started:.1f} s")
    return bureau


def timed(function, repeat: int) -> tuple[float, object]:
    runs, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = function()
        runs.append(time.perf_counter() - started)
    return statistics.median(runs), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--backend", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--records", type=int, default=1_000_000)
    parser.add_argument("--year", type=int, default=2026)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--keep", action="store_true", help="keep the PostgreSQL database")
    args = parser.parse_args()
    setup(args.backend, args.records)
    from django.db import connection

    from gongkai.annual_reports import report, table2

    bureau = build_data(args.records)
    t2_time, cells = timed(lambda: table2.table2_from_data(bureau, args.year), args.repeat)
    build_time, built = timed(lambda: report.build(bureau, args.year), args.repeat)
    load = os.getloadavg()[0]
    print()
    print(f"| backend | records | table 二 (median of {args.repeat}) | whole report build | problems | load |")
    print("|---|---:|---:|---:|---|---:|")
    print(
        f"| {connection.vendor} | {args.records:,} | {t2_time * 1000:.0f} ms | {build_time * 1000:.0f} ms | "
        f"{[p.check for p in built.problems]} | {load:.1f} |"
    )
    print()
    print("table 二 from the data:", cells)
    if args.backend == "postgresql" and not args.keep:
        connection.close()
        import psycopg

        with psycopg.connect(f"{PG_URL}/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{PG_DB}"')


if __name__ == "__main__":
    main()
