"""Annual-report benchmark: tables 二, 三 and 四 of one bureau-year over 1,000,000 records of that bureau.

    .venv/bin/python bench/annual_report_bench.py --backend sqlite --records 1000000
    .venv/bin/python bench/annual_report_bench.py --backend postgresql --records 1000000

The database is migrated from scratch (SQLite: a file under /tmp; PostgreSQL: the database
gk_annualreport_bench on 127.0.0.1, dropped at the end unless --keep), one county bureau with a catalog
(行政许可, 行政处罚, 行政强制, 其他政策文件, 行政检查) is created, and the records are inserted with bulk SQL
(INSERT … SELECT over a generated series, 100,000 per statement): spread over six years (2021–2026),
10 % penalty decisions, 10 % regulations (every 97th repealed), 10 % interpretations, the rest
announcements, 2 % withdrawn, over the five catalog items. Then it times, each --repeat times (median):

- the tables (`annual_reports.table2.counts`: one aggregate query for table 二; table 三 from
  `foi_requests.reporting.table3`; table 四 is entered by hand);
- the whole report (`annual_reports.report.build`: table 二 of the year and of the year before for T2-FORCE,
  table 三 from foi_requests, table 四, the generated texts and every sum check).

Wall and CPU time are both printed: the machine may be shared (the load average is printed too). CPU time
is this process's plus, on PostgreSQL, that of its backend (read from /proc: the server must run on this
machine); without parallel workers it is what an idle machine's wall time would be.
`--skip-build` reuses the data of an earlier run (SQLite: the file is kept; PostgreSQL: run with --keep).

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


def setup(backend: str, records: int, reuse: bool = False) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "gongkai.conf.settings"
    os.environ["DJANGO_ENV"] = "development"
    os.environ["DEBUG"] = "false"
    os.environ.setdefault("GONGKAI_VAR_DIR", "/tmp/gk_annualreport_bench_var")
    if backend == "sqlite":
        path = Path(f"/tmp/gk_annualreport_bench_{records}.sqlite3")
        for suffix in ("", "-wal", "-shm") if not reuse else ():
            Path(str(path) + suffix).unlink(missing_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{path}"
    else:
        import psycopg

        if not reuse:
            with psycopg.connect(f"{PG_URL}/postgres", autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{PG_DB}"')
                conn.execute(f'CREATE DATABASE "{PG_DB}"')
        os.environ["DATABASE_URL"] = f"{PG_URL}/{PG_DB}"
    import django

    django.setup()


def series_sql(vendor: str, start: int, count: int, ids: dict[str, int]) -> str:
    """A statement inserting records start+1 … start+count of the generator (n = the row number); `ids`:
    the bureau's and the five items' primary keys (integers, written into the statement)."""
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
  {ids["bureau"]},
  CASE n % 5 WHEN 0 THEN {ids["i0"]} WHEN 1 THEN {ids["i1"]} WHEN 2 THEN {ids["i2"]} WHEN 3 THEN {ids["i3"]} ELSE {ids["i4"]} END
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
        name="基准县应急管理局",
        short_name="基准县局",
        code="benchxian",
        kind="county",
        division_code="410899",
        credit_code="11410899MB0000000X",
    )
    catalog = Catalog.objects.create(bureau=bureau, status="published")
    items = [
        CatalogItem.objects.create(
            catalog=catalog,
            domain="production_safety",
            position=i,
            level1="安全生产",
            level2=name,
            content="—",
            legal_basis=[],
            time_limit_text="20个工作日",
            time_limit_rule={},
            responsible_body="基准县应急管理局",
            channels=[],
            audience=[],
            mode=[],
            levels=[],
        )
        for i, name in enumerate(["行政许可", "行政处罚", "行政强制", "其他政策文件", "行政检查"])
    ]
    params = {"bureau": int(bureau.pk), **{f"i{i}": int(item.pk) for i, item in enumerate(items)}}
    started = time.perf_counter()
    for start in range(0, records, BATCH):
        with connection.cursor() as cursor:
            cursor.execute(series_sql(connection.vendor, start, min(BATCH, records - start), params))
        log(f"inserted {min(start + BATCH, records):,} records")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    log(f"records inserted in {time.perf_counter() - started:.1f} s")
    return bureau


def _backend_cpu() -> float:
    """CPU seconds of this process, plus those of its PostgreSQL backend (same machine: /proc)."""
    from django.db import connection

    total = time.process_time()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            pid = cursor.fetchone()[0]
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime
    return total


def timed(function, repeat: int) -> tuple[float, float, object]:
    """Median wall time and median CPU time (this process and, on PostgreSQL, its backend process)."""
    runs, cpu, result = [], [], None
    for _ in range(repeat):
        started, started_cpu = time.perf_counter(), _backend_cpu()
        result = function()
        runs.append(time.perf_counter() - started)
        cpu.append(_backend_cpu() - started_cpu)
    return statistics.median(runs), statistics.median(cpu), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--backend", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--records", type=int, default=1_000_000)
    parser.add_argument("--year", type=int, default=2026)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--keep", action="store_true", help="keep the PostgreSQL database")
    parser.add_argument("--skip-build", action="store_true", help="reuse the data of an earlier run (kept)")
    args = parser.parse_args()
    setup(args.backend, args.records, reuse=args.skip_build)
    from django.db import connection

    from gongkai.annual_reports import layout, report, table2
    from gongkai.foi_requests import reporting
    from gongkai.organizations.models import Bureau

    bureau = Bureau.objects.get(code="benchxian") if args.skip_build else build_data(args.records)

    def tables():
        return table2.counts(bureau, args.year), reporting.table3(bureau, args.year), layout.empty_table4()

    wall, cpu, (figures, _t3, _t4) = timed(tables, args.repeat)
    build_wall, build_cpu, built = timed(lambda: report.build(bureau, args.year), args.repeat)
    load = os.getloadavg()[0]
    print()
    print(
        f"| backend | records | tables 二 三 四: wall / CPU (median of {args.repeat}) | whole report (texts, checks): wall / CPU | problems | load |"
    )
    print("|---|---:|---:|---:|---|---:|")
    print(
        f"| {connection.vendor} | {args.records:,} | {wall * 1000:.0f} / {cpu * 1000:.0f} ms | "
        f"{build_wall * 1000:.0f} / {build_cpu * 1000:.0f} ms | {[p.check for p in built.problems]} | {load:.1f} |"
    )
    cells = table2.cells_from(figures)
    print()
    print("table 二 from the data:", cells)
    if args.backend == "postgresql" and not args.keep:
        connection.close()
        import psycopg

        with psycopg.connect(f"{PG_URL}/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{PG_DB}"')


if __name__ == "__main__":
    main()
