"""Records/s through the business-system bulk endpoint (issue 13 §7), in process through Django's test client.

    .venv/bin/python bench/api_bulk_bench.py [--batch 200] [--batches 5] [--single 20]     # SQLite under /tmp
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/gongkai_api_bench .venv/bin/python bench/api_bulk_bench.py

Creates its own database (SQLite: /tmp/gongkai_api_bench/; PostgreSQL: the DATABASE_URL database must exist
and is migrated), loads the Jiaozuo demo when it is missing, creates a 修武县 token (records:write and
records:publish) and switches one catalog item to auto-approved (by the bureau's leader), then times
`--batches` POSTs of `--batch` records each to /api/v1/bureaus/xiuwu/records/bulk/ with publish=true
(every record published: index number, revision, four audit entries, review log, search entry), the
same batches again (idempotent: nothing written), and `--single` POSTs of one record each to the single
endpoint for comparison. The throttle is raised. Prints records/s, queries per record, and the CPU time
per record of this process and of its PostgreSQL backend (read from /proc): on a shared machine the
CPU figures are the ones to compare, records/s depends on the load.
"""

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from api_records import payload, setup  # noqa: E402 (the same database, demo, token and record as the single bench)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--batch", type=int, default=200)
    parser.add_argument("--batches", type=int, default=5)
    parser.add_argument("--single", type=int, default=20)
    args = parser.parse_args()

    client, item, leader = setup()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from gongkai.records import review

    review.auto_approval_set(acting_user=leader, item=item, enabled=True)
    stamp = time.time_ns()

    def db_cpu() -> float:
        """CPU seconds of this connection's PostgreSQL backend (same machine: /proc), 0 on SQLite."""
        if connection.vendor != "postgresql":
            return 0.0
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            pid = cursor.fetchone()[0]
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def run(label, url, bodies, expect, per_call):
        connection.ensure_connection()
        with CaptureQueriesContext(connection) as queries:
            started, cpu, db = time.perf_counter(), time.process_time(), db_cpu()
            for body in bodies:
                response = client.post(url, body, format="json")
                assert response.status_code == expect, (response.status_code, response.content[:500])
            elapsed, cpu, db = time.perf_counter() - started, time.process_time() - cpu, db_cpu() - db
        n = len(bodies) * per_call
        print(
            f"| {label} | {n} | {elapsed:.2f} | {n / elapsed:.1f} | {len(queries.captured_queries) / n:.2f} "
            f"| {1000 * cpu / n:.2f} + {1000 * db / n:.2f} | {n / (cpu + db):.0f} |"
        )

    bulk = "/api/v1/bureaus/xiuwu/records/bulk/"
    batches = [
        {"records": [payload(item, b * args.batch + i, "bulk", stamp, publish=True) for i in range(args.batch)]}
        for b in range(args.batches)
    ]
    print(f"\nbackend: {connection.vendor}; load average {os.getloadavg()[0]:.1f}\n")
    print(
        "| call | records | seconds | records/s | queries per record | CPU ms per record (app + database) "
        "| records per CPU second |"
    )
    print("|---|---|---|---|---|---|---|")
    run(f"bulk, {args.batch} per call, publish", bulk, batches, 201, args.batch)
    run(f"bulk, {args.batch} per call, again (idempotent)", bulk, batches, 200, args.batch)
    singles = [payload(item, i, "single", stamp, publish=True) for i in range(args.single)]
    run("single endpoint, publish", "/api/v1/bureaus/xiuwu/records/", singles, 201, 1)


if __name__ == "__main__":
    main()
