"""Static publishing (issue 13): full rebuild rate of the demo, and time from approval to the file on disk.

    .venv/bin/python bench/publish_bench.py [--samples 5] [--interval 1]

Uses the database of GONGKAI_VAR_DIR (default /tmp/gongkai_publish_bench; migrated and loaded with the
Jiaozuo demo when it has no records). 1) `publisher.rebuild()` into a fresh directory: pages, seconds,
pages/s, and CPU seconds of this process (the machine is shared: CPU/page is the steadier figure); a
second rebuild (nothing changed). 2) Starts `manage.py db_worker --interval N` with that directory as
PUBLISH_ROOT, then `--samples` times approves and publishes a new 修武县 record through the services and
polls (5 ms) until its page is on disk: the time from the approval to the visible file.
Results as JSON to bench/results/publish-<time>.json.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
os.environ.setdefault("GONGKAI_VAR_DIR", "/tmp/gongkai_publish_bench")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.conf.settings")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", type=int, default=5)
    parser.add_argument("--interval", type=float, default=1.0, help="db_worker poll interval (s)")
    parser.add_argument("--latency-only", metavar="DIR", help="skip the rebuilds; DIR: a tree published before")
    args = parser.parse_args()
    Path(os.environ["GONGKAI_VAR_DIR"]).mkdir(parents=True, exist_ok=True)

    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from gongkai.records.models import Record

    if not Record.objects.exists():
        call_command("load_demo")
    from gongkai.publishing import publisher

    result = {"records": Record.objects.count()}
    if args.latency_only:
        result["approve_to_visible_s"] = _approve_to_visible(Path(args.latency_only), args.samples, args.interval)
        print(json.dumps(result, ensure_ascii=False))
        return
    out = Path(tempfile.mkdtemp(prefix="gongkai-publish-bench-"))
    result["root"] = str(out)
    cpu, started = time.process_time(), time.monotonic()
    summary = publisher.rebuild(root=out)
    result["full"] = {
        "pages": summary.pages,
        "seconds": round(time.monotonic() - started, 2),
        "cpu_seconds": round(time.process_time() - cpu, 2),
    }
    result["full"]["pages_per_s"] = round(summary.pages / result["full"]["seconds"], 1)
    result["full"]["cpu_ms_per_page"] = round(1000 * result["full"]["cpu_seconds"] / summary.pages, 2)
    started = time.monotonic()
    again = publisher.rebuild(root=out)
    result["unchanged_rebuild"] = {"written": again.written, "seconds": round(time.monotonic() - started, 2)}
    print(json.dumps(result, ensure_ascii=False), flush=True)
    result["approve_to_visible_s"] = _approve_to_visible(out, args.samples, args.interval)
    print(json.dumps(result, ensure_ascii=False, indent=2))
    results = ROOT / "bench" / "results"
    results.mkdir(exist_ok=True)
    (results / f"publish-{time.strftime('%Y%m%d-%H%M%S')}.json").write_text(json.dumps(result, indent=2))


def _approve_to_visible(out: Path, samples: int, interval: float) -> list[float]:
    from gongkai.accounts.models import User
    from gongkai.accounts.roles import Role
    from gongkai.organizations.models import Bureau
    from gongkai.records import services
    from gongkai.records.catalog_access import publishable_items

    bureau = Bureau.objects.get(code="xiuwu")
    editor = User.objects.filter(memberships__bureau=bureau, memberships__role=Role.EDITOR).first()
    reviewer = User.objects.filter(memberships__bureau=bureau, memberships__role=Role.REVIEWER).first()
    item = publishable_items(bureau).first()
    env = {**os.environ, "PUBLISH_ROOT": str(out)}
    worker = subprocess.Popen(
        [sys.executable, str(ROOT / "manage.py"), "db_worker", "--no-reload", "--interval", str(interval)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=open(os.environ.get("PUBLISH_BENCH_WORKER_LOG", os.devnull), "w"),  # noqa: SIM115
    )
    timings = []
    try:
        _drain(600)  # tasks left by load_demo (e.g. its FOI documents) run first
        for n in range(samples):
            record = services.record_create_draft(
                acting_user=editor, bureau=bureau, catalog_item=item, title=f"发布基准测试通知（{n}）"
            )
            services.record_submit(acting_user=editor, record=record)
            started = time.monotonic()
            services.record_approve(acting_user=reviewer, record=record, confidentiality_result="passed")
            services.record_publish(acting_user=reviewer, record=record)
            committed = time.monotonic() - started
            page = out / f"records/{record.uuid}/index.html"
            while not page.exists() and time.monotonic() - started < 60:
                time.sleep(0.005)
            timings.append(round(time.monotonic() - started, 3))
            print(f"approve → visible: {timings[-1]} s (approve and publish committed after {committed:.3f} s)")
            _drain(120)  # the rest of the task (lists, feeds, sitemaps) before the next approval
    finally:
        worker.terminate()
        worker.wait(timeout=30)
    return timings


def _drain(limit: float) -> None:
    """Wait (at most `limit` s) until the worker has run every task that is due."""
    from django.db.models import Q
    from django.utils import timezone
    from django_tasks_db.models import DBTaskResult

    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        # a task to run at once has run_after 9999-01-01 (django_tasks_db's "no time set")
        due = Q(run_after__year=9999) | Q(run_after__lte=timezone.now())
        if not DBTaskResult.objects.filter(due, status__in=["READY", "RUNNING"]).exists():
            return
        time.sleep(0.5)


if __name__ == "__main__":
    main()
