"""Records/s through the business-system bulk endpoint (issue 13 §7): in process (test client) or over HTTP.

    .venv/bin/python bench/api_bulk_bench.py [--batch 200] [--batches 5] [--single 20] [--clients 2]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/gongkai_api_bench .venv/bin/python bench/api_bulk_bench.py
    .venv/bin/python bench/api_bulk_bench.py --http [--batch 200] [--batches 5] [--callers 1,2] [--reuse-setup]

`--http`: over HTTP on the production stack (gunicorn, PostgreSQL, the real worker); see
bench/api_bulk_http.py. Without it, in process:

Creates its own database (SQLite: /tmp/gongkai_api_bench/; PostgreSQL: the DATABASE_URL database must exist
and is migrated), loads the Jiaozuo demo when it is missing, creates a 修武县 token (records:write and
records:publish) and switches one catalog item to auto-approved (by the bureau's leader), then times
`--batches` POSTs of `--batch` records each to /api/v1/bureaus/xiuwu/records/bulk/ with publish=true
(every record published: index number, revision, four audit entries, review log; the search entries are
queued for the worker), then the worker's part: the queued `index_records` tasks run here, timed alike;
the same calls with the search entries written in the call (`--inline` row: as before issue 13 §7),
the same batches again (idempotent: nothing written), and `--single` POSTs of one record each to the
single endpoint for comparison. With `--clients N` (N > 1), N processes then post their own batches at
the same time (same bureau): total records over the wall time. The throttle is raised. Prints
records/s, queries per record (counted by an execute wrapper: no cap), and the CPU time per record of
this process and of its PostgreSQL backend (read from /proc): on a shared machine the CPU figures are the
ones to compare, records/s depends on the load.
"""

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from api_records import payload, setup  # noqa: E402 (the same database, demo, token and record as the single bench)

INDEX_TASK = "gongkai.records.indexing.index_records"


def db_cpu(connection) -> float:
    """CPU seconds of this connection's PostgreSQL backend (same machine: /proc), 0 on SQLite."""
    if connection.vendor != "postgresql":
        return 0.0
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class QueryCounter:
    """Counts the statements run through a connection (`connection.execute_wrapper`): unlike
    CaptureQueriesContext it has no cap (Django keeps only the last 9,000 queries of its log)."""

    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def batches_for(item, prefix: str, stamp: int, size: int, count: int) -> list[dict]:
    return [
        {"records": [payload(item, b * size + i, prefix, stamp, publish=True) for i in range(size)]}
        for b in range(count)
    ]


def drain_index_tasks() -> int:
    """Run the queued index_records tasks here (what the worker does), then drop them. Returns the records."""
    from django_tasks_db.models import DBTaskResult

    from gongkai.records.indexing import index_published

    done = 0
    rows = list(DBTaskResult.objects.filter(task_path=INDEX_TASK, status="READY").order_by("enqueued_at"))
    for row in rows:
        done += index_published(row.args_kwargs["args"][0])
    DBTaskResult.objects.filter(pk__in=[r.pk for r in rows]).delete()
    return done


def client_process(args) -> None:
    """One of --clients: set up, say ready, wait for the go line, post the batches, print the seconds."""
    client, item, _leader = setup()
    batches = batches_for(item, f"client{args.client}", time.time_ns(), args.batch, args.batches)
    print("ready", flush=True)
    sys.stdin.readline()
    started, cpu = time.perf_counter(), time.process_time()
    for body in batches:
        response = client.post("/api/v1/bureaus/xiuwu/records/bulk/", body, format="json")
        assert response.status_code == 201, (response.status_code, response.content[:500])
    print(f"done {time.perf_counter() - started:.3f} {time.process_time() - cpu:.3f}", flush=True)


def concurrent(args) -> None:
    command = [sys.executable, __file__, "--batch", str(args.batch), "--batches", str(args.batches)]
    procs = [
        subprocess.Popen([*command, "--client", str(n)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        for n in range(args.clients)
    ]
    for proc in procs:
        while proc.stdout.readline().strip() != "ready":
            pass
    started = time.perf_counter()
    for proc in procs:
        proc.stdin.write("go\n")
        proc.stdin.flush()
    lines = [proc.stdout.readline().split() for proc in procs]
    elapsed = time.perf_counter() - started
    for proc in procs:
        proc.wait()
    n = args.clients * args.batch * args.batches
    cpu = sum(float(line[2]) for line in lines)
    print(
        f"| bulk, {args.clients} clients at once, {args.batch} per call, publish | {n} | {elapsed:.2f} "
        f"| {n / elapsed:.1f} | – | {1000 * cpu / n:.2f} (app only) | – |"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--batch", type=int, default=200)
    parser.add_argument("--batches", type=int, default=5)
    parser.add_argument("--single", type=int, default=20)
    parser.add_argument("--clients", type=int, default=1)
    parser.add_argument("--client", type=int, help=argparse.SUPPRESS)  # one of --clients
    http = parser.add_argument_group("--http: over HTTP, on the production stack (bench/api_bulk_http.py)")
    http.add_argument("--http", action="store_true")
    http.add_argument("--callers", default="1,2", help="concurrent callers, one round each (comma-separated)")
    http.add_argument("--workers", type=int, default=4, help="gunicorn sync workers")
    http.add_argument("--worker-nice", type=int, default=10, help="niceness of the worker (0: none)")
    http.add_argument("--port", type=int, default=0)
    http.add_argument("--db", default="gongkai_bulk_http", help="PostgreSQL database (dropped and created)")
    http.add_argument("--keep-db", action="store_true")
    http.add_argument("--reuse-setup", action="store_true", help="copy the loaded database from DB_setup")
    http.add_argument("--drain", type=float, default=600, help="seconds the worker may take to index a round")
    args = parser.parse_args()
    if args.http:
        from api_bulk_http import run_http

        sys.exit(run_http(args))
    if args.client is not None:
        client_process(args)
        return

    client, item, leader = setup()
    drain_index_tasks()  # what an earlier run left queued
    from django.db import connection

    from gongkai.records import indexing, review

    review.auto_approval_set(acting_user=leader, item=item, enabled=True)
    stamp = time.time_ns()

    def measure(label, n, work):
        connection.ensure_connection()
        queries = QueryCounter()
        db = db_cpu(connection)  # outside the counter: its query is the bench's, not the call's
        started, cpu = time.perf_counter(), time.process_time()
        with connection.execute_wrapper(queries):
            work()
        elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
        db = db_cpu(connection) - db
        print(
            f"| {label} | {n} | {elapsed:.2f} | {n / elapsed:.1f} | {queries.count / n:.2f} "
            f"| {1000 * cpu / n:.2f} + {1000 * db / n:.2f} | {n / (cpu + db):.0f} |"
        )

    def post_all(url, bodies, expect):
        def work():
            for body in bodies:
                response = client.post(url, body, format="json")
                assert response.status_code == expect, (response.status_code, response.content[:500])

        return work

    bulk = "/api/v1/bureaus/xiuwu/records/bulk/"
    n_bulk = args.batch * args.batches
    batches = batches_for(item, "bulk", stamp, args.batch, args.batches)
    print(f"\nbackend: {connection.vendor}; load average {os.getloadavg()[0]:.1f}\n")
    print(
        "| call | records | seconds | records/s | queries per record | CPU ms per record (app + database) "
        "| records per CPU second |"
    )
    print("|---|---|---|---|---|---|---|")
    measure(f"bulk, {args.batch} per call, publish", n_bulk, post_all(bulk, batches, 201))
    measure("worker: their search entries (index_records tasks)", n_bulk, drain_index_tasks)
    inline = batches_for(item, "inline", stamp, args.batch, args.batches)
    deferred = indexing.index_later
    indexing.index_later = indexing.index_published  # as before: the search entries in the call's transaction
    try:
        measure(
            f"bulk, {args.batch} per call, publish, search entries in the call", n_bulk, post_all(bulk, inline, 201)
        )
    finally:
        indexing.index_later = deferred
    measure(f"bulk, {args.batch} per call, again (idempotent)", n_bulk, post_all(bulk, batches, 200))
    singles = [payload(item, i, "single", stamp, publish=True) for i in range(args.single)]
    if singles:
        measure("single endpoint, publish", len(singles), post_all("/api/v1/bureaus/xiuwu/records/", singles, 201))
    if args.clients > 1:
        concurrent(args)
        drain_index_tasks()
    print(f"\nload average after: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
