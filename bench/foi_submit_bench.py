"""FOI intake under load and crashes: acknowledged public submissions per second, and how many were lost.

    .venv/bin/python bench/foi_submit_bench.py [--clients 32] [--duration 60] [--kill-at 20,40] [--workers 4]

Issue 5, "Measure". In one run, on this machine, talking only to 127.0.0.1:

1. drops and creates the PostgreSQL database `gongkai_bench_foi` (127.0.0.1:5432, user postgres), migrates
   it and loads the demo bureaus and accounts (not the other demo data);
2. production settings (`DJANGO_ENV=production`, DEBUG off, plain HTTP on loopback, a generated SECRET_KEY,
   static files collected into a temporary directory, FOI_SUBMISSIONS_PER_HOUR raised so that the per-address
   limit does not throttle 32 clients on one address, email to an SMTP sink in this process); starts
   **gunicorn** (sync workers) and **`manage.py db_worker`** (which sends the acknowledgements);
3. runs `--clients` threads for `--duration` seconds. Each submission: GET the form of a bureau (CSRF cookie,
   hidden `client_token`), POST a valid request, GET the page it redirects to and read the tracking number:
   only then is it *acknowledged*. A connection error or a 5xx on the POST is retried with the SAME POST (same
   token), as a browser's resubmission would be; the acknowledgement page is re-read, or the POST repeated
   if the session is gone;
4. at each `--kill-at` second, kills gunicorn (master and workers) and the worker with SIGKILL and restarts
   them after `--down` seconds;
5. stops gunicorn, lets the worker drain the queue, then checks in the database: every acknowledged tracking
   number exists once, with the token, applicant, description, "submitted" event, audit entry and
   acknowledgement task of its submission; no token, tracking number or submission twice.

Prints the figures and writes bench/results/foi-submit-<timestamp>.json. Exit code 1 when a request was lost
or duplicated. `--keep-db` keeps the database.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PY = sys.executable
PG = "postgres://postgres@127.0.0.1:5432"
HOST = "127.0.0.1"
BUREAUS = ["mengzhou", "xiuwu", "wuzhi", "jiaozuo", "qinyang", "boai"]
TRACKING_RE = re.compile(r'id="tracking-number">\s*(F\d{8}[0-9A-Z]{8})\s*<')
TOKEN_RE = re.compile(r'name="client_token" value="([0-9a-f-]{36})"')
CSRF_RE = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


# ---- the servers -----------------------------------------------------------------------------


class Servers:
    """gunicorn and the worker, each in its own process group (so SIGKILL reaches every process)."""

    def __init__(self, env: dict, port: int, workers: int, workdir: Path):
        self.env, self.port, self.workers, self.workdir = env, port, workers, workdir
        self.gunicorn: subprocess.Popen | None = None
        self.worker: subprocess.Popen | None = None
        self.starts = 0

    def start(self) -> None:
        self.starts += 1
        log = open(self.workdir / "gunicorn.log", "ab")
        self.gunicorn = subprocess.Popen(
            [
                str(ROOT / ".venv/bin/gunicorn"),
                "gongkai.wsgi:application",
                "--pythonpath",
                str(ROOT / "src"),
                "--bind",
                f"{HOST}:{self.port}",
                "--workers",
                str(self.workers),
                "--worker-class",
                "sync",
                "--preload",  # import the app once, then fork: a restart costs one import, not one per worker
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=self.env,
            stdout=log,
            stderr=log,
            start_new_session=True,
        )
        worker_log = open(self.workdir / "worker.log", "ab")
        # As the worker's systemd unit does before it starts: tasks left running by a killed worker are queued again.
        subprocess.run(
            [PY, "manage.py", "requeue_stale_tasks", "--minutes", "0"],
            cwd=ROOT,
            env=self.env,
            stdout=worker_log,
            stderr=worker_log,
            check=False,
        )
        self.worker = subprocess.Popen(
            [PY, "manage.py", "db_worker", "--interval", "0.5", "--no-reload"],
            cwd=ROOT,
            env=self.env,
            stdout=worker_log,
            stderr=worker_log,
            start_new_session=True,
        )

    def kill(self) -> None:
        for proc in (self.gunicorn, self.worker):
            if proc is not None and proc.poll() is None:
                try:
                    os.killpg(proc.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
                proc.wait(timeout=10)

    def stop_gunicorn(self) -> None:
        if self.gunicorn is not None and self.gunicorn.poll() is None:
            os.killpg(self.gunicorn.pid, signal.SIGTERM)
            try:
                self.gunicorn.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.gunicorn.pid, signal.SIGKILL)

    def stop_worker(self) -> None:
        if self.worker is not None and self.worker.poll() is None:
            os.killpg(self.worker.pid, signal.SIGTERM)
            try:
                self.worker.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.worker.pid, signal.SIGKILL)

    def wait_ready(self, timeout: float = 60) -> float:
        started = time.monotonic()
        while time.monotonic() - started < timeout:
            try:
                conn = http.client.HTTPConnection(HOST, self.port, timeout=2)
                conn.request("GET", "/healthz")
                if conn.getresponse().status == 200:
                    return time.monotonic() - started
            except OSError:
                pass
            if self.gunicorn.poll() is not None:
                raise RuntimeError(f"gunicorn exited; see {self.workdir / 'gunicorn.log'}")
            time.sleep(0.1)
        raise RuntimeError("gunicorn does not answer")


# ---- one client --------------------------------------------------------------------------------


@dataclass
class Submission:
    client: int
    seq: int
    bureau: str
    marker: str
    client_token: str = ""
    tracking_number: str = ""
    posts: int = 0
    started: float = 0.0
    acknowledged_at: float = 0.0


@dataclass
class ClientStats:
    acknowledged: list[Submission] = field(default_factory=list)
    abandoned: list[Submission] = field(default_factory=list)  # posted at least once, never acknowledged
    errors: Counter = field(default_factory=Counter)


class Client(threading.Thread):
    def __init__(self, number: int, port: int, t0: float, stop_at: float, give_up_at: float, stats: ClientStats):
        super().__init__(daemon=True)
        self.number, self.port, self.t0 = number, port, t0
        self.stop_at, self.give_up_at, self.stats = stop_at, give_up_at, stats
        self.cookies: dict[str, str] = {}

    # A tiny cookie jar: the bench talks plain HTTP to 127.0.0.1, so Secure cookies are kept too.
    def _request(self, method: str, path: str, body: str | None = None, headers: dict | None = None):
        conn = http.client.HTTPConnection(HOST, self.port, timeout=30)
        try:
            all_headers = {"Host": HOST, "User-Agent": "gongkai-bench"}
            if self.cookies:
                all_headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
            all_headers.update(headers or {})
            conn.request(method, path, body=body, headers=all_headers)
            response = conn.getresponse()
            data = response.read().decode("utf-8", "replace")
            for name, value in response.getheaders():
                if name.lower() == "set-cookie":
                    key, _, rest = value.partition("=")
                    self.cookies[key.strip()] = rest.split(";", 1)[0]
            return response.status, response.getheader("Location") or "", data
        finally:
            conn.close()

    def _error(self, kind: str) -> None:
        self.stats.errors[kind] += 1
        time.sleep(0.3)

    def run(self) -> None:
        seq = 0
        while time.monotonic() < self.stop_at:
            seq += 1
            bureau = BUREAUS[(self.number + seq) % len(BUREAUS)]
            sub = Submission(self.number, seq, bureau, f"BENCH-{self.number:02d}-{seq:05d}-{secrets.token_hex(3)}")
            sub.started = time.monotonic() - self.t0
            self.submit(sub)

    def form(self, sub: Submission) -> dict | None:
        """GET the form until it answers (nothing is submitted yet, so stopping here loses nothing)."""
        while time.monotonic() < self.stop_at:
            try:
                status, _location, html = self._request("GET", f"/b/{sub.bureau}/foi/apply/")
            except OSError:
                self._error("form: connection")
                continue
            token, csrf = TOKEN_RE.search(html), CSRF_RE.search(html)
            if status == 200 and token and csrf:
                sub.client_token = token.group(1)
                return payload(sub, csrf.group(1))
            self._error(f"form: HTTP {status}")
        return None

    def submit(self, sub: Submission) -> None:
        fields = self.form(sub)
        if fields is None:
            return
        body = urllib.parse.urlencode(fields)
        headers = {"Content-Type": "application/x-www-form-urlencoded", "Referer": f"http://{HOST}/"}
        while time.monotonic() < self.give_up_at:
            sub.posts += 1
            try:
                status, location, _html = self._request("POST", f"/b/{sub.bureau}/foi/apply/", body, headers)
            except OSError:
                self._error("post: connection")  # the same POST again: the token makes it the same request
                continue
            if status != 302 or "/submitted/" not in location:
                self._error(f"post: HTTP {status}")
                continue
            number = self.acknowledgement(location)
            if number:
                sub.tracking_number = number
                sub.acknowledged_at = time.monotonic() - self.t0
                self.stats.acknowledged.append(sub)
                return
        self.stats.abandoned.append(sub)

    def acknowledgement(self, location: str) -> str:
        path = urllib.parse.urlsplit(location).path
        for _attempt in range(20):
            if time.monotonic() >= self.give_up_at:
                return ""
            try:
                status, _location, html = self._request("GET", path)
            except OSError:
                self._error("acknowledgement: connection")
                continue
            match = TRACKING_RE.search(html)
            if status == 200 and match:
                return match.group(1)
            if status in (301, 302):  # the session was lost with the server: post again
                self.stats.errors["acknowledgement: session lost"] += 1
                return ""
            self._error(f"acknowledgement: HTTP {status}")
        return ""


def payload(sub: Submission, csrf: str) -> dict:
    import random

    from gongkai.demo import foi_texts as demo_texts

    rng = random.Random(sub.marker)
    data = demo_texts.applicant(rng, "natural_person", division_code="410883", number=sub.seq, short_name="孟州市")
    data.update(
        description=f"请公开2025年度安全生产监督检查计划及执行情况。（{sub.marker}）",
        delivery_form="electronic",
        delivery_channel="email",
        client_token=sub.client_token,
        csrfmiddlewaretoken=csrf,
    )
    sub_data = {k: v for k, v in data.items() if v is not None}
    return sub_data


# ---- checking -----------------------------------------------------------------------------------


def check(acknowledged: list[Submission], abandoned: list[Submission]) -> dict:
    from django.db.models import Count

    from gongkai.core.models import AuditLogEntry
    from gongkai.foi_requests.models import FoiRequest, RequestEvent

    try:
        from django_tasks_db.models import DBTaskResult
    except ImportError:  # pragma: no cover
        DBTaskResult = None

    requests = {
        r.tracking_number: r for r in FoiRequest.objects.filter(description__contains="BENCH-").select_related("bureau")
    }
    events = Counter(
        RequestEvent.objects.filter(request__in=requests.values(), action="submitted").values_list(
            "request_id", flat=True
        )
    )
    audited = set(
        AuditLogEntry.objects.filter(action="foi_requests.request.submitted").values_list("object_id", flat=True)
    )
    ack_tasks: dict[int, list[str]] = {}
    if DBTaskResult is not None:
        for args_kwargs, status in DBTaskResult.objects.filter(task_path__endswith="send_acknowledgement").values_list(
            "args_kwargs", "status"
        ):
            args = (args_kwargs or {}).get("args") or []
            if args:
                ack_tasks.setdefault(int(args[0]), []).append(status)
    lost, incomplete, wrong = [], [], []
    ack_status = Counter()
    for sub in acknowledged:
        request = requests.get(sub.tracking_number)
        if request is None:
            lost.append(sub.tracking_number)
            continue
        if str(request.client_token) != sub.client_token or sub.marker not in request.description:
            wrong.append(sub.tracking_number)
            continue
        problems = []
        if request.bureau.code != sub.bureau or not request.applicant_name or not request.id_document_number:
            problems.append("fields")
        if events[request.pk] != 1:
            problems.append(f"{events[request.pk]} submitted events")
        if str(request.pk) not in audited:
            problems.append("no audit entry")
        statuses = ack_tasks.get(request.pk, [])
        ack_status[",".join(sorted(statuses)) or "none"] += 1
        if not statuses:
            problems.append("no acknowledgement task")
        if problems:
            incomplete.append({"tracking_number": sub.tracking_number, "problems": problems})
    markers = Counter(re.search(r"BENCH-[0-9]+-[0-9]+-[0-9a-f]+", r.description).group(0) for r in requests.values())
    tokens = Counter(str(r.client_token) for r in requests.values())
    acknowledged_markers = {s.marker for s in acknowledged}
    duplicate_numbers = FoiRequest.objects.values("tracking_number").annotate(n=Count("pk")).filter(n__gt=1).count()
    return {
        "requests_in_db": len(requests),
        "lost": len(lost),
        "lost_numbers": lost[:20],
        "wrong_request": len(wrong),
        "incomplete": len(incomplete),
        "incomplete_examples": incomplete[:20],
        "duplicate_submissions": sum(1 for n in markers.values() if n > 1),
        "duplicate_tokens": sum(1 for n in tokens.values() if n > 1),
        "duplicate_tracking_numbers": duplicate_numbers,
        "created_not_acknowledged": sum(1 for m in markers if m not in acknowledged_markers),
        "abandoned_by_clients": len(abandoned),
        "acknowledgement_task_status": dict(ack_status),
    }


# ---- the run ---------------------------------------------------------------------------------------


def run(cmd: list[str], env: dict, **kwargs) -> None:
    subprocess.run(cmd, cwd=ROOT, env=env, check=True, **kwargs)


def create_database(name: str) -> None:
    import psycopg

    with psycopg.connect(f"{PG}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def drop_database(name: str) -> None:
    import psycopg
    from django.db import connections

    connections.close_all()
    with psycopg.connect(f"{PG}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def start_smtp_sink() -> tuple[object, Counter, int]:
    from aiosmtpd.controller import Controller

    received = Counter()

    class Sink:
        async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's hook name)
            received["messages"] += 1
            return "250 OK"

    port = free_port()
    controller = Controller(Sink(), hostname=HOST, port=port)
    controller.start()
    return controller, received, port


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def load_average() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


def wait_for_queue(timeout: float) -> dict:
    """Let the worker finish the queued acknowledgements (tasks left RUNNING by a killed worker never end)."""
    from django_tasks_db.models import DBTaskResult

    started = time.monotonic()
    while time.monotonic() - started < timeout:
        ready = DBTaskResult.objects.filter(task_path__endswith="send_acknowledgement", status="READY").count()
        if ready == 0:
            break
        time.sleep(1)
    return {"seconds": round(time.monotonic() - started, 1)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--duration", type=float, default=60)
    parser.add_argument("--kill-at", default="20,40", help="seconds into the run (comma-separated; empty: none)")
    parser.add_argument("--down", type=float, default=2, help="seconds between the kill and the restart")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn sync workers")
    parser.add_argument("--grace", type=float, default=30, help="seconds a client keeps retrying after the run")
    parser.add_argument("--db", default="gongkai_bench_foi")
    parser.add_argument("--keep-db", action="store_true")
    args = parser.parse_args()
    kill_at = [float(x) for x in args.kill_at.split(",") if x.strip()]

    workdir = Path(tempfile.mkdtemp(prefix="gongkai-foi-bench-"))
    os.chmod(workdir, 0o755)
    port = free_port()
    smtp, mail, smtp_port = start_smtp_sink()
    env = {
        **os.environ,
        "DATABASE_URL": f"{PG}/{args.db}",
        "GONGKAI_VAR_DIR": str(workdir / "var"),
        "STATIC_ROOT": str(workdir / "static"),
        "MEDIA_ROOT": str(workdir / "media"),
        "FOI_SUBMISSIONS_PER_HOUR": "100000000",
        "EMAIL_HOST": HOST,
        "EMAIL_PORT": str(smtp_port),
        "DJANGO_ENV": "development",
        "PYTHONUNBUFFERED": "1",
    }
    os.environ.update({k: env[k] for k in ("DATABASE_URL", "GONGKAI_VAR_DIR", "DJANGO_ENV")})
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.conf.settings")
    sys.path.insert(0, str(ROOT / "src"))

    print(f"== database {args.db}: create, migrate, load the demo bureaus and accounts", flush=True)
    setup_started = time.monotonic()
    create_database(args.db)
    run([PY, "manage.py", "migrate", "--noinput", "-v0"], env)
    loader = (
        "from django.db import transaction\n"
        "from gongkai.demo.management.commands.load_demo import Command\n"
        "with transaction.atomic():\n    Command().load()\n"
    )
    run([PY, "manage.py", "shell", "-v0", "-c", loader], env)
    env.update(
        DJANGO_ENV="production",
        DEBUG="false",
        SECURE_SSL_REDIRECT="false",
        ALLOWED_HOSTS=HOST,
        SECRET_KEY=secrets.token_urlsafe(50),
    )
    run([PY, "manage.py", "collectstatic", "--noinput", "-v0"], env)
    print(f"   setup {time.monotonic() - setup_started:.0f} s", flush=True)

    import django

    django.setup()
    from django.db import connection

    servers = Servers(env, port, args.workers, workdir)
    servers.start()
    print(
        f"== gunicorn ({args.workers} sync workers) on {HOST}:{port} and the worker: up in {servers.wait_ready():.1f} s"
    )
    load_before = load_average()

    stats = ClientStats()
    t0 = time.monotonic()
    stop_at, give_up_at = t0 + args.duration, t0 + args.duration + args.grace
    clients = [Client(i, port, t0, stop_at, give_up_at, stats) for i in range(args.clients)]
    for client in clients:
        client.start()
    restarts = []
    for at in kill_at:
        time.sleep(max(0.0, t0 + at - time.monotonic()))
        killed_at = time.monotonic() - t0
        servers.kill()
        print(f"   {killed_at:5.1f} s  kill -9 gunicorn (master + workers) and the worker", flush=True)
        time.sleep(args.down)
        servers.start()
        ready = servers.wait_ready()
        restarts.append({"killed_at": round(killed_at, 1), "down_s": round(args.down + ready, 1)})
        print(f"   {time.monotonic() - t0:5.1f} s  restarted; answering again after {args.down + ready:.1f} s down")
    for client in clients:
        client.join(timeout=max(1.0, give_up_at - time.monotonic() + 5))
    elapsed = time.monotonic() - t0
    load_after = load_average()
    servers.stop_gunicorn()
    drained = wait_for_queue(60)
    servers.stop_worker()
    smtp.stop()

    in_window = [s for s in stats.acknowledged if s.acknowledged_at <= args.duration]
    result = check(stats.acknowledged, stats.abandoned)
    connection.close()
    summary = {
        "date": time.strftime("%Y-%m-%d %H:%M:%S %Z"),
        "commit": subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
        ).stdout.strip(),
        "clients": args.clients,
        "duration_s": args.duration,
        "gunicorn_workers": args.workers,
        "kills": restarts,
        "acknowledged": len(stats.acknowledged),
        "acknowledged_in_window": len(in_window),
        "throughput_per_s": round(len(in_window) / args.duration, 1),
        "acknowledged_per_10s": [
            sum(1 for s in in_window if k * 10 < s.acknowledged_at <= (k + 1) * 10)
            for k in range(int(args.duration // 10))
        ],
        "throughput_while_up_per_s": round(
            len(in_window) / max(1.0, args.duration - sum(r["down_s"] for r in restarts)), 1
        ),
        "posts": sum(s.posts for s in stats.acknowledged + stats.abandoned),
        "posts_retried": sum(max(0, s.posts - 1) for s in stats.acknowledged + stats.abandoned),
        "client_errors": dict(stats.errors),
        "acknowledgement_emails_received": mail["messages"],
        "queue_drain": drained,
        "load_average_before": load_before,
        "load_average_after": load_after,
        "elapsed_s": round(elapsed, 1),
        **result,
    }
    out = ROOT / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    path = out / f"foi-submit-{time.strftime('%Y%m%d-%H%M%S')}.json"
    path.write_text(json.dumps(summary, indent=2, ensure_ascii=False, default=str))

    print()
    print(
        f"acknowledged submissions: {len(in_window)} in {args.duration:.0f} s = {summary['throughput_per_s']}/s "
        f"({len(stats.acknowledged)} including the {args.grace:.0f} s grace for retries)"
    )
    print(
        f"per 10 s: {summary['acknowledged_per_10s']}; while the servers were up: "
        f"{summary['throughput_while_up_per_s']}/s"
    )
    stored_matches = result["requests_in_db"] == len(stats.acknowledged) + result["created_not_acknowledged"]
    print(
        f"requests in the database: {result['requests_in_db']} = {len(stats.acknowledged)} acknowledged + "
        f"{result['created_not_acknowledged']} created but never acknowledged: {'yes' if stored_matches else 'NO'}"
    )
    print(f"lost: {result['lost']}   wrong request: {result['wrong_request']}   incomplete: {result['incomplete']}")
    print(
        f"duplicates: submissions {result['duplicate_submissions']}, tokens {result['duplicate_tokens']}, "
        f"tracking numbers {result['duplicate_tracking_numbers']}"
    )
    print(
        f"created but never acknowledged: {result['created_not_acknowledged']}; "
        f"given up by clients: {result['abandoned_by_clients']}"
    )
    print(f"POSTs: {summary['posts']} ({summary['posts_retried']} retries); client errors: {dict(stats.errors)}")
    print(f"acknowledgement tasks: {result['acknowledgement_task_status']}; emails received: {mail['messages']}")
    print(f"load average before {load_before}, after {load_after}; results: {path.relative_to(ROOT)}")
    if not args.keep_db:
        drop_database(args.db)
    bad = result["lost"] + result["wrong_request"] + result["duplicate_submissions"] + result["duplicate_tokens"]
    bad += 0 if stored_matches else 1
    if bad:
        print(f"logs of gunicorn and the worker kept in {workdir}")
    else:
        shutil.rmtree(workdir, ignore_errors=True)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
