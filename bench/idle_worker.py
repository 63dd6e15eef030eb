"""CPU of an idle background worker, and how soon it picks up new work.

    .venv/bin/python bench/idle_worker.py [--seconds 30] [--pickups 5] [-- db_worker options …]
    .venv/bin/python bench/idle_worker.py -- --reload            # the worker as `make demo` started it before
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/gongkai_bench_idle .venv/bin/python bench/idle_worker.py

Issue 13 §7: `make demo`'s worker burned ~12 % of a core with only tomorrow's reminder queued. One run:

1. a fresh database (a SQLite file in a temporary directory, or the PostgreSQL database of DATABASE_URL,
   dropped and created), migrated: `migrate` queues tomorrow's daily reminders, so the queue holds
   one task that is not due — the idle state of the demo;
2. starts the worker exactly as `manage.py run_demo` does (`gongkai.core.worker.worker_command()`, with
   the development settings of `make demo`), or `manage.py db_worker` with the options given after `--`;
3. waits until it has started (`--warmup` seconds), then reads its CPU time (user + system, from
   /proc, the process and its children) over `--seconds` of idleness;
4. enqueues a cheap task (`publish_scheduled_records`: no record is scheduled) `--pickups` times, one
   at a time, and measures the time from the enqueue to the task's end (what a publication waits for
   before the worker starts rendering).

Prints CPU seconds, % of one core, and pickup times (median, max); writes bench/results/idle-worker-*.json.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CLK_TCK = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int) -> float:
    """User + system CPU of the process and of its waited-for children (/proc/<pid>/stat)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    utime, stime, cutime, cstime = (int(x) for x in fields[11:15])
    total = utime + stime + cutime + cstime
    for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split():
        total += int(cpu_seconds(int(child)) * CLK_TCK)
    return total / CLK_TCK


def manage(env: dict, *args: str, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "manage.py"), *args], env=env, check=True, **kwargs)


def enqueue_and_wait(env: dict, timeout: float = 30) -> float:
    """Enqueue the cheap task in a child process; seconds from the enqueue to the task's end."""
    script = (
        "import time, django; django.setup()\n"
        "from django_tasks_db.models import DBTaskResult\n"
        "from gongkai.records.tasks import publish_scheduled_records\n"
        "t0 = time.monotonic(); result = publish_scheduled_records.enqueue()\n"
        f"while time.monotonic() - t0 < {timeout}:\n"
        "    row = DBTaskResult.objects.filter(pk=result.id).values('status', 'finished_at').first()\n"
        "    if row and row['status'] == 'SUCCESSFUL': print(time.monotonic() - t0); break\n"
        "    time.sleep(0.02)\n"
        "else: print('nan')\n"
    )
    out = subprocess.run([sys.executable, "-c", script], env=env, check=True, capture_output=True, text=True)
    return float(out.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--warmup", type=float, default=8)
    parser.add_argument("--pickups", type=int, default=5)
    parser.add_argument("worker_args", nargs="*", help="db_worker options (after --); default: as run_demo")
    args = parser.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="gk-idle-"))
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT / "src"),
        "DJANGO_SETTINGS_MODULE": "gongkai.conf.settings",
        "DJANGO_ENV": os.environ.get("DJANGO_ENV", "development"),
        "STATIC_ROOT": str(tmp / "static"),
        "MEDIA_ROOT": str(tmp / "media"),
    }
    env.setdefault("DATABASE_URL", f"sqlite:///{tmp / 'idle.sqlite3'}")
    if env["DATABASE_URL"].startswith("postgres"):
        base, name = env["DATABASE_URL"].rsplit("/", 1)
        for sql in (f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)', f'CREATE DATABASE "{name}"'):
            subprocess.run(["psql", f"{base}/postgres", "-qc", sql], check=True, capture_output=True)
    manage(env, "migrate", "--noinput", capture_output=True)
    if args.worker_args:
        command = [sys.executable, str(ROOT / "manage.py"), "db_worker", *args.worker_args]
    else:
        out = subprocess.run(
            [sys.executable, "-c", "import django; django.setup(); from gongkai.core.worker import worker_command; "
             f"print('\\n'.join(worker_command({str(ROOT / 'manage.py')!r})))"],
            env=env, check=True, capture_output=True, text=True,
        )  # fmt: skip
        command = out.stdout.strip().splitlines()
    worker = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        time.sleep(args.warmup)
        load_before = os.getloadavg()
        c0, t0 = cpu_seconds(worker.pid), time.monotonic()
        time.sleep(args.seconds)
        c1, t1 = cpu_seconds(worker.pid), time.monotonic()
        pickups = [enqueue_and_wait(env) for _ in range(args.pickups)]
    finally:
        worker.terminate()
        try:
            worker.wait(timeout=15)
        except subprocess.TimeoutExpired:
            worker.kill()
    cpu = c1 - c0
    result = {
        "command": command[1:],
        "database": env["DATABASE_URL"].split(":", 1)[0],
        "seconds": round(t1 - t0, 2),
        "cpu_seconds": round(cpu, 3),
        "percent_of_one_core": round(100 * cpu / (t1 - t0), 2),
        "pickup_seconds": [round(p, 3) for p in pickups],
        "pickup_median": round(statistics.median(pickups), 3) if pickups else None,
        "pickup_max": round(max(pickups), 3) if pickups else None,
        "load_average": [round(x, 2) for x in (*load_before, *os.getloadavg())],
    }
    print(json.dumps(result, indent=2))
    results = ROOT / "bench" / "results"
    results.mkdir(exist_ok=True)
    (results / f"idle-worker-{time.strftime('%Y%m%d-%H%M%S')}.json").write_text(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
