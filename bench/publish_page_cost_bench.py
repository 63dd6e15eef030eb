"""Cost of one published page as a bureau grows (issue 13, Measure): does a page cost more with more records?

    .venv/bin/python bench/publish_page_cost_bench.py --steps 2000 20000 [--db gk_page_cost] [--reuse-setup]

A PostgreSQL database with the Jiaozuo demo (as `publish_scale_bench.py`: `--reuse-setup` copies
`<db>_setup`), then, for each step, synthetic published records added in 修武县 up to that number (the same
generator; then `VACUUM ANALYZE` of the records, as autovacuum would soon after), and the pages of 修武县
rendered the way `publish_site` renders them (`publishing.render`, the app's own handler): `--sample`
record pages (spread over the bureau's records, old and new), `--repeat` times its column page, its
records list's first and last page (as a visitor gets them) and its feeds, and every page of its records
list in order as the publisher reads them (`records.list_pages.in_order`). For each family: CPU ms per
page of this process and of its PostgreSQL backend (/proc), and queries per page. A page family whose cost
grows with the step is one that does not scale. Results as JSON to
bench/results/publish-page-cost-<time>.json.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from intake_bench import drop_database, run_stamp, save_results  # noqa: E402 (bench/ on the path)
from publish_scale_bench import generate, prepare  # noqa: E402


def _measure(urls: list[str], *, in_order: bool = False) -> dict:
    from api_bulk_bench import QueryCounter, db_cpu
    from django.db import connection

    from gongkai.publishing.render import render
    from gongkai.records import list_pages

    render(urls[0])  # warm: compiled queries, templates
    counter = QueryCounter()
    db, cpu, started = db_cpu(connection), time.process_time(), time.monotonic()
    with connection.execute_wrapper(counter):
        if in_order:
            with list_pages.in_order():
                statuses = [render(url).status for url in urls]
        else:
            statuses = [render(url).status for url in urls]
    seconds, cpu, db = time.monotonic() - started, time.process_time() - cpu, db_cpu(connection) - db
    assert set(statuses) == {200}, set(statuses)
    n = len(urls)
    return {
        "pages": n,
        "ms_per_page": {"app": round(1000 * cpu / n, 2), "postgresql": round(1000 * db / n, 2)},
        "wall_ms_per_page": round(1000 * seconds / n, 2),
        "queries_per_page": round(counter.count / n, 2),
    }


def vacuum_analyze() -> None:
    """What autovacuum does a minute after a bulk load: fresh planner statistics (without them PostgreSQL
    sorts a whole bureau for a feed's 50 records) and the visibility map (index-only counts)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE records_record")


def measure(sample: int, repeat: int) -> dict:
    from gongkai.organizations.models import Bureau
    from gongkai.records import selectors

    xiuwu = Bureau.objects.get(code="xiuwu")
    published = selectors.record_list_public(bureau=xiuwu)
    total = published.count()
    step = max(1, total // sample)
    uuids = list(published.values_list("uuid", flat=True)[::step][:sample])
    pages = selectors.list_page_count(bureau=xiuwu)
    return {
        "xiuwu_published_records": total,
        "record_page": _measure([f"/records/{u}/" for u in uuids]),
        "column_page": _measure(["/b/xiuwu/"] * repeat),
        "records_list_first_page": _measure(["/b/xiuwu/records/"] * repeat),
        "records_list_last_page_visitor": _measure([f"/b/xiuwu/records/?page={pages}"] * repeat),
        "feeds": _measure(["/b/xiuwu/records/rss/", "/b/xiuwu/records/atom/"] * (repeat // 2)),
        "records_list_every_page_in_order": _measure(
            ["/b/xiuwu/records/", *(f"/b/xiuwu/records/?page={n}" for n in range(2, pages + 1))], in_order=True
        ),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, nargs="+", default=[2000, 20000], help="synthetic records, cumulative")
    parser.add_argument("--sample", type=int, default=300, help="record pages rendered per step")
    parser.add_argument("--repeat", type=int, default=60, help="renders of each of the other pages per step")
    parser.add_argument("--batch", type=int, default=500)
    parser.add_argument("--db", default="gk_page_cost")
    parser.add_argument("--reuse-setup", action="store_true", help="copy the migrated demo from DB_setup")
    parser.add_argument("--keep-db", action="store_true")
    args = parser.parse_args()
    prepare(args)
    result = {**run_stamp(), "load_average_before": list(os.getloadavg())}
    done = 0
    for target in sorted(args.steps):
        generate(target - done, args.batch)
        done = target
        vacuum_analyze()
        print(f"== {target} synthetic records", flush=True)
        result[str(target)] = measure(args.sample, args.repeat)
        print(json.dumps(result[str(target)], indent=2), flush=True)
    result["load_average_after"] = list(os.getloadavg())
    save_results("publish-page-cost", result)
    if not args.keep_db:
        drop_database(args.db)


if __name__ == "__main__":
    main()
