"""`api_bulk_bench.py --http`: the bulk endpoint on the production stack, over HTTP (issue 13 §7).

    .venv/bin/python bench/api_bulk_bench.py --http [--batch 200] [--batches 5] [--callers 1,2] [--workers 4]

The stack as `intake_bench.py` starts it (its `Servers`, imported): a fresh PostgreSQL database
(127.0.0.1:5432, `--db`, dropped afterwards unless `--keep-db`; `--reuse-setup` copies the migrated,
loaded database from `<db>_setup`), the Jiaozuo demo, production settings (DEBUG off, collected static
files), **gunicorn** (`--workers` sync workers, `--preload`) and the real **`manage.py db_worker`**. A
修武县 token with records:write and records:publish; one catalog item auto-approved by the leader. Before
the rounds: the tasks load_demo queued are left to the worker, and a warm-up (every gunicorn worker
answers a few small calls: imports, connections) is not counted; after each round the worker drains.

For each number of callers in `--callers`: that many threads, each with its own connection (gunicorn's
sync workers close it after each answer; http.client reopens it), POST `--batches` batches of `--batch`
records with publish=true and the token (`Authorization: Token …`) to /api/v1/bureaus/xiuwu/records/bulk/ (bodies encoded
before the clock starts). Reported: records/s on the wall clock until the last answer; seconds until
the worker has written every search entry (records searchable), from the first POST; the CPU per record
of the gunicorn processes, of the worker, and of their PostgreSQL backends (from /proc; a backend is
matched to its client process by its socket), read at the last answer and when searchable. Then the
check: every record exists once, published with an index number, with its four audit entries and its
search entry; nothing lost, nothing twice. Writes bench/results/api-bulk-http-<time>.json; exit status 1
when a check fails.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from intake_bench import (
    HOST,
    PG,
    PY,
    ROOT,
    Servers,
    drop_database,
    free_port,
    in_process_demo_database,
    load_average,
    run_stamp,
    save_results,
)

URL = "/api/v1/bureaus/xiuwu/records/bulk/"
AUDIT_STEPS = [f"records.record.{step}" for step in ("created", "submitted", "approved", "published")]
TICK = os.sysconf("SC_CLK_TCK")


# ---- CPU from /proc ------------------------------------------------------------------------------


def _stat(pid: int) -> list[str] | None:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (FileNotFoundError, ProcessLookupError, IndexError):
        return None


def group_pids(pgid: int) -> list[int]:
    """The processes of a process group (gunicorn's master and workers; the worker)."""
    return [
        int(entry)
        for entry in os.listdir("/proc")
        if entry.isdigit() and (fields := _stat(int(entry))) and int(fields[2]) == pgid
    ]


def cpu_seconds(pid: int, children: bool = True) -> float | None:
    """utime + stime (+ those of reaped children: a gunicorn worker that was replaced)."""
    fields = _stat(pid)
    if fields is None:
        return None
    ticks = int(fields[11]) + int(fields[12]) + (int(fields[13]) + int(fields[14]) if children else 0)
    return ticks / TICK


def _socket_ports() -> dict[str, int]:
    """inode → local port of the IPv4/IPv6 TCP sockets of this network namespace."""
    ports = {}
    for name in ("tcp", "tcp6"):
        try:
            lines = Path(f"/proc/net/{name}").read_text().splitlines()[1:]
        except FileNotFoundError:
            continue
        for line in lines:
            cols = line.split()
            ports[cols[9]] = int(cols[1].rsplit(":", 1)[1], 16)
    return ports


def client_ports(pids: list[int]) -> set[int]:
    """The local ports of the TCP sockets the processes hold (their database connections among them)."""
    inodes = set()
    for pid in pids:
        try:
            for fd in os.listdir(f"/proc/{pid}/fd"):
                target = os.readlink(f"/proc/{pid}/fd/{fd}")
                if target.startswith("socket:["):
                    inodes.add(target[8:-1])
        except (FileNotFoundError, PermissionError, ProcessLookupError):
            continue
    ports = _socket_ports()
    return {ports[i] for i in inodes if i in ports}


class CpuMeter:
    """CPU seconds of gunicorn, of the worker, and of the PostgreSQL backends each of them talks to."""

    def __init__(self, servers: Servers, db: str):
        self.servers, self.db = servers, db
        self.owner: dict[int, str] = {}  # backend pid → "app_db" / "worker_db", once seen

    def _backends(self, groups: dict[str, list[int]]) -> dict[int, str]:
        from django.db import connection

        ports = {name: client_ports(pids) for name, pids in groups.items()}
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pid, client_port FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
                [self.db],
            )
            rows = cursor.fetchall()
        for pid, port in rows:
            for name, owned in ports.items():
                if port in owned:
                    self.owner[pid] = f"{name}_db"
        return self.owner

    def sample(self) -> dict[tuple[str, int], float]:
        """{(part, pid): CPU seconds} of every process alive now."""
        groups = {"app": group_pids(self.servers.gunicorn.pid), "worker": group_pids(self.servers.worker.pid)}
        found = {(name, pid): cpu_seconds(pid) for name, pids in groups.items() for pid in pids}
        found.update({(name, pid): cpu_seconds(pid, children=False) for pid, name in self._backends(groups).items()})
        return {key: cpu for key, cpu in found.items() if cpu is not None}


class CpuWatch(threading.Thread):
    """Samples the meter every `interval` s during a round, so that a process or a backend that ends in
    the round (a connection closed and reopened) keeps the CPU it had at its last sample."""

    def __init__(self, meter: CpuMeter, interval: float = 1.0):
        super().__init__(daemon=True)
        self.meter, self.interval = meter, interval
        self.base = meter.sample()
        self.last = dict(self.base)
        self.lock, self.done = threading.Lock(), threading.Event()

    def run(self) -> None:
        from django.db import connection

        while not self.done.wait(self.interval):
            self.read()
        connection.close()

    def read(self) -> dict[str, float]:
        """CPU seconds per part since the start (a process started since counted from zero)."""
        now = self.meter.sample()
        with self.lock:
            self.last.update(now)
            totals = dict.fromkeys(("app", "app_db", "worker", "worker_db"), 0.0)
            for (name, pid), cpu in self.last.items():
                totals[name] += cpu - self.base.get((name, pid), 0.0)
        return totals


def per_record(totals: dict[str, float], n: int) -> dict[str, float]:
    return {key: round(1000 * cpu / n, 2) for key, cpu in totals.items()}


# ---- the callers ---------------------------------------------------------------------------------


class Caller(threading.Thread):
    def __init__(self, port: int, token: str, bodies: list[bytes], start: threading.Event):
        super().__init__(daemon=True)
        self.port, self.bodies, self.start_event = port, bodies, start
        self.headers = {"Content-Type": "application/json", "Authorization": f"Token {token}", "Host": HOST}
        self.answers: list[tuple[int, dict]] = []
        self.finished = 0.0

    def run(self) -> None:
        conn = http.client.HTTPConnection(HOST, self.port, timeout=300)
        self.start_event.wait()
        try:
            for body in self.bodies:
                conn.request("POST", URL, body=body, headers=self.headers)
                response = conn.getresponse()
                data = response.read()
                self.answers.append((response.status, json.loads(data) if data.startswith(b"{") else {}))
        except (OSError, http.client.HTTPException) as exc:  # reported as status 0; the check counts the loss
            self.answers.append((0, {"error": repr(exc)}))
        finally:
            conn.close()
            self.finished = time.monotonic()


# ---- one round -----------------------------------------------------------------------------------


def wait_idle(limit: float) -> float:
    """Wait (at most `limit` s) until the worker has run every task that is due (load_demo leaves some,
    and a round's search entries must not be counted in the next). Returns the seconds waited."""
    from django_tasks_db.models import DBTaskResult

    started = time.monotonic()
    while time.monotonic() - started < limit:
        if not DBTaskResult.objects.ready().exists() and not DBTaskResult.objects.filter(status="RUNNING").exists():
            break
        time.sleep(0.5)
    return round(time.monotonic() - started, 1)


def warm_up(args, port: int, token: str, item, meter: CpuMeter) -> None:
    """Calls on every gunicorn worker (imports, connections, caches), not counted; then the queue drained."""
    small = argparse.Namespace(batch=10, batches=2, drain=args.drain)
    round_of(args.workers, small, port, token, item, meter, time.time_ns(), prefix="warm")
    print(f"   warmed up; the worker idle after {wait_idle(args.drain)} s", flush=True)


def round_of(n_callers: int, args, port: int, token: str, item, meter: CpuMeter, stamp: int, prefix="http") -> dict:
    from api_records import payload

    prefix = f"{prefix}{n_callers}-{stamp}"
    bodies = [
        [
            json.dumps(
                {
                    "records": [
                        payload(item, b * args.batch + i, f"{prefix}-c{c}", 0, publish=True) for i in range(args.batch)
                    ]
                },
                ensure_ascii=False,
            ).encode()
            for b in range(args.batches)
        ]
        for c in range(n_callers)
    ]
    n = n_callers * args.batches * args.batch
    go = threading.Event()
    callers = [Caller(port, token, mine, go) for mine in bodies]
    for caller in callers:
        caller.start()
    watch = CpuWatch(meter)
    watch.start()
    started, bench_cpu = time.monotonic(), time.process_time()
    go.set()
    for caller in callers:
        caller.join()
    answered = max(c.finished for c in callers) - started
    cpu_calls = watch.read()
    bench_cpu = time.process_time() - bench_cpu  # the callers' threads and the sampling
    statuses = sorted({status for c in callers for status, _ in c.answers})
    searchable = wait_searchable(prefix, n, args.drain, started)
    cpu_whole = watch.read()
    watch.done.set()
    watch.join()
    result = {
        "callers": n_callers,
        "records": n,
        "batch": args.batch,
        "answer_statuses": statuses,
        "seconds_until_last_answer": round(answered, 2),
        "records_per_s": round(n / answered, 1),
        "seconds_until_searchable": searchable,
        "cpu_ms_per_record_calls": per_record(cpu_calls, n),
        "cpu_ms_per_record_until_searchable": per_record(cpu_whole, n),
        "cpu_ms_per_record_bench_process": round(1000 * bench_cpu / n, 2),
        **check(prefix, n, callers),
    }
    return result


def wait_searchable(prefix: str, n: int, limit: float, started: float) -> float | None:
    """Seconds from the first POST until every record of the round has its search entry (None: not in `limit`)."""
    from gongkai.records.models import Record
    from gongkai.search.models import SearchDocument

    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        ids = Record.objects.filter(external_id__startswith=prefix).values("pk")
        if SearchDocument.objects.filter(doc_id__in=ids).count() >= n:
            return round(time.monotonic() - started, 2)
        time.sleep(0.2)
    return None


def check(prefix: str, n: int, callers: list[Caller]) -> dict:
    """Every record posted exists once, published, numbered, with its four audit entries and its search entry."""
    from django.db.models import Count

    from gongkai.core.models import AuditLogEntry
    from gongkai.records.constants import RecordStatus
    from gongkai.records.models import Record
    from gongkai.search.models import SearchDocument

    answered = [row for c in callers for status, body in c.answers if status == 201 for row in body["results"]]
    rows = list(Record.objects.filter(external_id__startswith=prefix).values_list("pk", "external_id", "status"))
    by_external = {}
    for pk, external_id, status in rows:
        by_external.setdefault(external_id, []).append((pk, status))
    audit = dict(
        AuditLogEntry.objects.filter(object_id__in=[str(pk) for pk, _, _ in rows], action__in=AUDIT_STEPS)
        .values_list("object_id")
        .annotate(n=Count("action", distinct=True))
    )
    indexed = SearchDocument.objects.filter(doc_id__in=[pk for pk, _, _ in rows]).count()
    return {
        "answered_published": sum(1 for row in answered if row["outcome"] == "published"),
        "lost": n - len(by_external),
        "duplicates": sum(len(v) - 1 for v in by_external.values()),
        "not_published": sum(1 for _, _, status in rows if status != RecordStatus.PUBLISHED),
        "unnumbered": Record.objects.filter(external_id__startswith=prefix, index_number="").count(),
        "audit_incomplete": sum(1 for pk, _, _ in rows if audit.get(str(pk), 0) != len(AUDIT_STEPS)),
        "not_searchable": len(rows) - indexed,
    }


# ---- the run -------------------------------------------------------------------------------------


def prepare(args, env: dict) -> tuple[str, object]:
    """Database migrated and loaded (or copied from <db>_setup); a token; the item auto-approved."""

    os.environ.update({k: env[k] for k in ("DATABASE_URL", "GONGKAI_VAR_DIR", "DJANGO_ENV")})
    os.environ["ALLOWED_HOSTS"] = HOST
    in_process_demo_database(args.db, args.reuse_setup)
    from gongkai.accounts.models import User
    from gongkai.catalogs.models import CatalogItem
    from gongkai.organizations.models import Bureau
    from gongkai.records import review, services

    xiuwu = Bureau.objects.get(code="xiuwu")
    leader = User.objects.get(username="xiuwu-leader")
    _token, raw = services.system_token_create(
        acting_user=leader,
        bureau=xiuwu,
        name=f"bench-http-{time.time_ns()}",
        scopes=["records:write", "records:publish"],
    )
    item = CatalogItem.objects.filter(catalog__bureau=xiuwu, removed_at__isnull=True).order_by("position").first()
    review.auto_approval_set(acting_user=leader, item=item, enabled=True)
    return raw, item


def run_http(args) -> int:
    workdir = Path(tempfile.mkdtemp(prefix="gongkai-bulk-http-"))
    os.chmod(workdir, 0o755)
    port = args.port or free_port()
    env = {
        **os.environ,
        "DATABASE_URL": f"{PG}/{args.db}",
        "GONGKAI_VAR_DIR": str(workdir / "var"),
        "STATIC_ROOT": str(workdir / "static"),
        "MEDIA_ROOT": str(workdir / "media"),
        "PUBLISH_ROOT": str(workdir / "published"),
        "DJANGO_ENV": "development",
        "PYTHONUNBUFFERED": "1",
    }
    print(f"== database {args.db}: create, migrate, load the demo data; token", flush=True)
    setup_started = time.monotonic()
    token, item = prepare(args, env)
    from django.db import connection

    connection.close()
    env.update(
        DJANGO_ENV="production",
        DEBUG="false",
        SECURE_SSL_REDIRECT="false",
        ALLOWED_HOSTS=HOST,
        SECRET_KEY=secrets.token_urlsafe(50),
    )
    subprocess.run([PY, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
    print(f"   setup {time.monotonic() - setup_started:.0f} s", flush=True)
    servers = Servers(env, port, args.workers, workdir, args.worker_nice)
    servers.start()
    rounds = []
    try:
        print(
            f"== gunicorn ({args.workers} sync workers) on {HOST}:{port} and the worker: up in {servers.wait_ready():.1f} s"
        )
        meter = CpuMeter(servers, args.db)
        print(f"   the tasks load_demo left: done after {wait_idle(args.drain)} s", flush=True)
        warm_up(args, port, token, item, meter)
        load_before = load_average()
        for n_callers in [int(x) for x in args.callers.split(",") if x.strip()]:
            rounds.append(round_of(n_callers, args, port, token, item, meter, time.time_ns()))
            print(json.dumps(rounds[-1], ensure_ascii=False), flush=True)
            wait_idle(args.drain)
        load_after = load_average()
    finally:
        servers.stop_gunicorn()
        servers.stop_worker()
    connection.close()
    summary = {
        **run_stamp(),
        "gunicorn_workers": args.workers,
        "worker_nice": args.worker_nice,
        "cpus": os.cpu_count(),
        "load_average_before": load_before,
        "load_average_after": load_after,
        "rounds": rounds,
    }
    path = save_results("api-bulk-http", summary)
    print_table(rounds)
    print(f"\nload average before {load_before}, after {load_after}; results: {path.relative_to(ROOT)}")
    if not args.keep_db:
        drop_database(args.db)
    bad = any(
        r[k]
        for r in rounds
        for k in ("lost", "duplicates", "not_published", "unnumbered", "audit_incomplete", "not_searchable")
    ) or any(r["answered_published"] != r["records"] for r in rounds)
    if bad:
        print(f"a check failed; logs of gunicorn and the worker kept in {workdir}")
    else:
        shutil.rmtree(workdir, ignore_errors=True)
    return 1 if bad else 0


def print_table(rounds: list[dict]) -> None:
    print(
        "\n| callers | records | s to last answer | records/s | s until searchable "
        "| CPU ms per record at the last answer: gunicorn + its PG | until searchable: + worker + its PG | lost / twice / incomplete |"
    )
    print("|---|---|---|---|---|---|---|---|")
    for r in rounds:
        calls, whole = r["cpu_ms_per_record_calls"], r["cpu_ms_per_record_until_searchable"]
        problems = r["audit_incomplete"] + r["not_published"] + r["unnumbered"] + r["not_searchable"]
        print(
            f"| {r['callers']} | {r['records']} | {r['seconds_until_last_answer']} | {r['records_per_s']} "
            f"| {r['seconds_until_searchable']} | {calls['app']} + {calls['app_db']} "
            f"| {whole['app']} + {whole['app_db']} + {whole['worker']} + {whole['worker_db']} "
            f"= {sum(whole.values()):.2f} | {r['lost']} / {r['duplicates']} / {problems} |"
        )


if __name__ == "__main__":
    sys.exit("run it as: bench/api_bulk_bench.py --http")
