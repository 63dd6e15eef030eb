"""The shared harness of the public intake benches: submissions/s on the production stack under kill -9.

`foi_submit_bench.py` (FOI requests) and `comment_bench.py` (comments on consultations) are this harness
with a `Spec`: which demo data to load, which form paths, what a submission's fields are, how the number
is read from the answer, and how the database is checked afterwards. One run, talking only to 127.0.0.1:

1. drops and creates a PostgreSQL database (127.0.0.1:5432, user postgres), migrates it and loads the demo
   bureaus and accounts (plus what the spec needs);
2. production settings (`DJANGO_ENV=production`, DEBUG off, plain HTTP on loopback, a generated SECRET_KEY,
   static files collected into a temporary directory, the per-address limits lifted so that the clients,
   all on 127.0.0.1, are not throttled, email to an SMTP sink in this process); starts **gunicorn** (sync
   workers, `--preload`) and **`manage.py db_worker`** (under `nice -n --worker-nice`), each in its own
   process group;
3. `--clients` threads for `--duration` seconds. Each submission: GET the form (CSRF cookie, hidden
   `client_token`), POST it, and read the number in the POST's answer (the acknowledgement page, no
   redirect): only then is it *acknowledged*. A connection error or a 5xx on the POST is retried with the
   SAME POST (same token), as a browser's resubmission would be;
4. at each `--kill-at` second, kills gunicorn (master and workers) and the worker with SIGKILL and restarts
   them after `--down` seconds (`requeue_stale_tasks --minutes 0` before the worker, as its systemd unit);
5. stops gunicorn, lets the worker register every journaled submission (`--drain` seconds at most), then the
   spec checks the database: every acknowledged number exists once and complete; nothing twice.

Writes bench/results/<name>-<timestamp>.json; exit code 1 when something was lost, wrong or duplicated.
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
import uuid
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PY = sys.executable
PG = "postgres://postgres@127.0.0.1:5432"
HOST = "127.0.0.1"
TOKEN_RE = re.compile(r'name="client_token" value="([0-9a-f-]{32,36})"')  # nginx's $request_id: 32 hex
CSRF_RE = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
MARKER_RE = re.compile(r"BENCH-[0-9]+-[0-9]+-[0-9a-f]+")


@dataclass
class Spec:
    """What differs between the intake benches."""

    name: str  # results file prefix
    db: str
    env: dict  # extra environment (the per-address limit lifted)
    loader: str  # Python run by `manage.py shell` after migrate (demo data)
    number_re: re.Pattern
    fields: Callable  # (Submission) -> the form's fields besides client_token and the CSRF token
    find_targets: Callable  # () -> form paths, after django.setup()
    check: Callable  # (acknowledged, abandoned) -> dict with "lost", "wrong", "incomplete", "duplicates", …
    port: int = 0
    targets: list = field(default_factory=list)


# ---- the servers -----------------------------------------------------------------------------


class Servers:
    """gunicorn and the worker, each in its own process group (so SIGKILL reaches every process)."""

    def __init__(self, env: dict, port: int, workers: int, workdir: Path, worker_nice: int = 0):
        self.env, self.port, self.workers, self.workdir = env, port, workers, workdir
        self.worker_nice = worker_nice
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
        # `nice`: the worker's materialisation is deferred work; the public POSTs come first (docs/deployment).
        nice = ["nice", "-n", str(self.worker_nice)] if self.worker_nice else []
        self.worker = subprocess.Popen(
            [*nice, PY, "manage.py", "db_worker", "--interval", "0.5", "--no-reload"],
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


# ---- one client ----------------------------------------------------------------------------------


@dataclass
class Submission:
    client: int
    seq: int
    bureau: str  # the form's path
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
        self.conn: http.client.HTTPConnection | None = None

    # One keep-alive connection per client (a new one after any error), and a tiny cookie jar: the bench
    # talks plain HTTP to 127.0.0.1, so Secure cookies are kept too.
    def _request(self, method: str, path: str, body: str | None = None, headers: dict | None = None):
        if self.conn is None:
            self.conn = http.client.HTTPConnection(HOST, self.port, timeout=30)
        try:
            all_headers = {"Host": HOST, "User-Agent": "gongkai-bench"}
            if self.cookies:
                all_headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
            all_headers.update(headers or {})
            self.conn.request(method, path, body=body, headers=all_headers)
            response = self.conn.getresponse()
            data = response.read().decode("utf-8", "replace")
            for value in response.headers.get_all("Set-Cookie") or ():
                key, _, rest = value.partition("=")
                self.cookies[key.strip()] = rest.split(";", 1)[0]
            if response.will_close:
                self._close()
            return response.status, response.getheader("Location") or "", data
        except BaseException:
            self._close()
            raise

    def _close(self) -> None:
        if self.conn is not None:
            self.conn.close()
            self.conn = None

    def _error(self, kind: str) -> None:
        self.stats.errors[kind] += 1
        time.sleep(0.3)

    spec: Spec  # set by run_bench

    def run(self) -> None:
        seq = 0
        while time.monotonic() < self.stop_at:
            seq += 1
            path = self.spec.targets[(self.number + seq) % len(self.spec.targets)]
            sub = Submission(self.number, seq, path, f"BENCH-{self.number:02d}-{seq:05d}-{secrets.token_hex(3)}")
            sub.started = time.monotonic() - self.t0
            self.submit(sub)

    def form(self, sub: Submission) -> dict | None:
        """GET the form until it answers (nothing is submitted yet, so stopping here loses nothing)."""
        while time.monotonic() < self.stop_at:
            try:
                status, _location, html = self._request("GET", sub.bureau)
            except (OSError, http.client.HTTPException):
                self._error("form: connection")
                continue
            token = TOKEN_RE.search(html) if status == 200 else None
            if token:
                sub.client_token = str(uuid.UUID(token.group(1)))  # as stored (nginx's has no dashes)
                fields = {**self.spec.fields(sub), "client_token": token.group(1)}
                csrf = CSRF_RE.search(html, token.start() - 400)  # the app's own page; nginx's has none
                if csrf:
                    fields["csrfmiddlewaretoken"] = csrf.group(1)
                return fields
            self._error(f"form: HTTP {status}")
        return None

    def submit(self, sub: Submission) -> None:
        """POST until the answer carries the number: the POST's answer is the acknowledgement (core.intake).
        A connection error or a 5xx is retried with the SAME POST (same token), as a browser resubmits."""
        fields = self.form(sub)
        if fields is None:
            return
        body = urllib.parse.urlencode(fields)
        origin = f"http://{HOST}:{self.port}"  # a browser's same-origin POST (core.public_post)
        headers = {"Content-Type": "application/x-www-form-urlencoded", "Referer": f"{origin}/", "Origin": origin}
        while time.monotonic() < self.give_up_at:
            sub.posts += 1
            try:
                status, _location, html = self._request("POST", sub.bureau, body, headers)
            except (OSError, http.client.HTTPException):
                self._error("post: connection")
                continue
            match = self.spec.number_re.search(html) if status == 200 else None
            if match is None:
                self._error(f"post: HTTP {status}")
                continue
            sub.tracking_number = match.group(1)
            sub.acknowledged_at = time.monotonic() - self.t0
            self.stats.acknowledged.append(sub)
            return
        self.stats.abandoned.append(sub)


# ---- helpers -------------------------------------------------------------------------------------


def run(cmd: list[str], env: dict, **kwargs) -> None:
    subprocess.run(cmd, cwd=ROOT, env=env, check=True, **kwargs)


def create_database(name: str) -> None:
    import psycopg

    with psycopg.connect(f"{PG}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def clone_database(source: str, target: str) -> bool:
    """CREATE DATABASE target TEMPLATE source; False when the source does not exist."""
    import psycopg

    with psycopg.connect(f"{PG}/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [source]).fetchone():
            return False
        conn.execute(f'DROP DATABASE IF EXISTS "{target}" WITH (FORCE)')
        conn.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s", [source])
        conn.execute(f'CREATE DATABASE "{target}" TEMPLATE "{source}"')
    return True


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


def wait_for_journal(timeout: float) -> dict:
    """Let the worker register every journaled submission and send what it queued (acknowledgement emails)."""
    from django_tasks_db.models import DBTaskResult

    from gongkai.core.models import IntakeEntry

    started = time.monotonic()
    pending = ready = 0
    while time.monotonic() - started < timeout:
        pending = IntakeEntry.objects.filter(state="pending").count()
        ready = DBTaskResult.objects.ready().count()  # due now (not tomorrow's reminders)
        if pending == 0 and ready == 0:
            break
        time.sleep(1)
    return {"seconds": round(time.monotonic() - started, 1), "journal_pending_left": pending, "tasks_ready_left": ready}


def journal_states(kind: str) -> dict:
    from django.db.models import Count

    from gongkai.core.models import IntakeEntry

    return dict(IntakeEntry.objects.filter(kind=kind).values_list("state").annotate(n=Count("pk")))


def parse_args(spec: Spec) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=f"{spec.name}: acknowledged submissions/s under kill -9")
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--duration", type=float, default=60)
    parser.add_argument("--kill-at", default="20,40", help="seconds into the run (comma-separated; empty: none)")
    parser.add_argument("--down", type=float, default=2, help="seconds between the kill and the restart")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn sync workers")
    parser.add_argument("--worker-nice", type=int, default=10, help="niceness of the worker (0: none)")
    parser.add_argument("--grace", type=float, default=30, help="seconds a client keeps retrying after the run")
    parser.add_argument("--drain", type=float, default=600, help="seconds the worker may take to catch up after")
    parser.add_argument("--port", type=int, default=spec.port)
    parser.add_argument("--db", default=spec.db)
    parser.add_argument("--keep-db", action="store_true")
    parser.add_argument(
        "--reuse-setup",
        action="store_true",
        help="copy the migrated, loaded database from DB_setup (made by the first run with this flag)",
    )
    parser.add_argument("--setup-only", action="store_true", help="with --reuse-setup: prepare DB_setup and stop")
    parser.add_argument(
        "--nginx",
        action="store_true",
        help="nginx (from `manage.py nginx_config`) in front of gunicorn; the form pages published into its tree",
    )
    return parser.parse_args()


PUBLISH_FORMS = """
import os
from pathlib import Path
from gongkai.publishing import render, tree
root = Path(os.environ["BENCH_TREE"])
for path in os.environ["BENCH_FORMS"].split():
    page = render.render(path)
    assert page.status == 200, (path, page.status)
    file = root / tree.file_for(path, page.content_type)
    file.parent.mkdir(parents=True, exist_ok=True)
    file.write_bytes(page.content)
"""


def start_nginx(env: dict, workdir: Path, upstream_port: int, port: int, forms: list[str]):
    """Publish the form pages (as the publisher renders them) and run nginx from the generated configuration."""
    from gongkai.publishing import nginx

    root = workdir / "site"
    root.mkdir()
    run(
        [PY, "manage.py", "shell", "-v0", "-c", PUBLISH_FORMS],
        {**env, "BENCH_TREE": str(root), "BENCH_FORMS": " ".join(forms)},
    )
    server = subprocess.run(
        [PY, "manage.py", "nginx_config", "--root", str(root), "--upstream", f"{HOST}:{upstream_port}", "--listen", str(port)],
        cwd=ROOT, env=env, check=True, capture_output=True, text=True,
    ).stdout  # fmt: skip
    conf = workdir / "nginx" / "nginx.conf"
    conf.parent.mkdir()
    conf.write_text(nginx.main_config(server, conf.parent))
    return nginx.start(conf, port, start_new_session=True)


def run_bench(spec: Spec) -> int:
    args = parse_args(spec)
    kill_at = [float(x) for x in args.kill_at.split(",") if x.strip()]
    workdir = Path(tempfile.mkdtemp(prefix=f"gongkai-{spec.name}-bench-"))
    os.chmod(workdir, 0o755)
    port = args.port or free_port()
    smtp, mail, smtp_port = start_smtp_sink()
    env = {
        **os.environ,
        "DATABASE_URL": f"{PG}/{args.db}",
        "GONGKAI_VAR_DIR": str(workdir / "var"),
        "STATIC_ROOT": str(workdir / "static"),
        "MEDIA_ROOT": str(workdir / "media"),
        "EMAIL_HOST": HOST,
        "EMAIL_PORT": str(smtp_port),
        "DJANGO_ENV": "development",
        "PYTHONUNBUFFERED": "1",
        **spec.env,
    }
    os.environ.update({k: env[k] for k in ("DATABASE_URL", "GONGKAI_VAR_DIR", "DJANGO_ENV")})
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.conf.settings")
    sys.path.insert(0, str(ROOT / "src"))

    print(f"== database {args.db}: create, migrate, load the demo data", flush=True)
    setup_started = time.monotonic()
    if not (args.reuse_setup and clone_database(f"{args.db}_setup", args.db)):
        create_database(args.db)
        run([PY, "manage.py", "migrate", "--noinput", "-v0"], env)
        run([PY, "manage.py", "shell", "-v0", "-c", spec.loader], env)
        if args.reuse_setup:
            clone_database(args.db, f"{args.db}_setup")
    env.update(
        DJANGO_ENV="production",
        DEBUG="false",
        SECURE_SSL_REDIRECT="false",
        ALLOWED_HOSTS=HOST,
        SECRET_KEY=secrets.token_urlsafe(50),
    )
    run([PY, "manage.py", "collectstatic", "--noinput", "-v0"], env)
    print(f"   setup {time.monotonic() - setup_started:.0f} s", flush=True)
    if args.setup_only:
        smtp.stop()
        shutil.rmtree(workdir, ignore_errors=True)
        return 0

    import django

    django.setup()
    from django.db import connection

    spec.targets = spec.find_targets()
    connection.close()
    Client.spec = spec
    servers = Servers(env, port, args.workers, workdir, args.worker_nice)
    servers.start()
    print(
        f"== gunicorn ({args.workers} sync workers) on {HOST}:{port} and the worker: up in {servers.wait_ready():.1f} s"
    )
    front, client_port = None, port
    if args.nginx:
        client_port = args.port + 1 if args.port else free_port()  # --port: gunicorn's, nginx's the next
        front = start_nginx(env, workdir, port, client_port, spec.targets)
        print(f"== nginx on {HOST}:{client_port} in front (the form pages published with their SSI token)", flush=True)
    load_before = load_average()

    stats = ClientStats()
    t0 = time.monotonic()
    stop_at, give_up_at = t0 + args.duration, t0 + args.duration + args.grace
    clients = [Client(i, client_port, t0, stop_at, give_up_at, stats) for i in range(args.clients)]
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
        servers.wait_ready()
        down = time.monotonic() - t0 - killed_at  # from the kill until gunicorn answers again
        restarts.append({"killed_at": round(killed_at, 1), "down_s": round(down, 1)})
        print(f"   {time.monotonic() - t0:5.1f} s  restarted; answering again after {down:.1f} s down")
    for client in clients:
        client.join(timeout=max(1.0, give_up_at - time.monotonic() + 5))
    elapsed = time.monotonic() - t0
    load_after = load_average()
    if front is not None:
        front.terminate()
        front.wait(timeout=10)
    servers.stop_gunicorn()
    drained = wait_for_journal(args.drain)
    servers.stop_worker()
    smtp.stop()

    in_window = [s for s in stats.acknowledged if s.acknowledged_at <= args.duration]
    result = spec.check(stats.acknowledged, stats.abandoned)
    connection.close()
    summary = {
        "date": time.strftime("%Y-%m-%d %H:%M:%S %Z"),
        "commit": subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
        ).stdout.strip(),
        "clients": args.clients,
        "duration_s": args.duration,
        "gunicorn_workers": args.workers,
        "nginx": args.nginx,
        "worker_nice": args.worker_nice,
        "cpus": os.cpu_count(),
        "kills": restarts,
        "acknowledged": len(stats.acknowledged),
        "acknowledged_in_window": len(in_window),
        "throughput_per_s": round(len(in_window) / args.duration, 1),
        "acknowledged_per_10s": [
            sum(1 for s in in_window if k * 10 < s.acknowledged_at <= (k + 1) * 10)
            for k in range(int(args.duration // 10))
        ],
        # Down time inside the window; it counts from the kill until gunicorn answers after the worker's
        # restart (`requeue_stale_tasks` runs first), so on a loaded machine it overstates gunicorn's own.
        "throughput_while_up_per_s": round(
            len(in_window)
            / max(
                1.0,
                args.duration
                - sum(max(0.0, min(args.duration, r["killed_at"] + r["down_s"]) - r["killed_at"]) for r in restarts),
            ),
            1,
        ),
        "posts": sum(s.posts for s in stats.acknowledged + stats.abandoned),
        "posts_retried": sum(max(0, s.posts - 1) for s in stats.acknowledged + stats.abandoned),
        "client_errors": dict(stats.errors),
        "emails_received": mail["messages"],
        "drain_after_run": drained,
        "load_average_before": load_before,
        "load_average_after": load_after,
        "elapsed_s": round(elapsed, 1),
        **result,
    }
    out = ROOT / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    path = out / f"{spec.name}-{time.strftime('%Y%m%d-%H%M%S')}.json"
    path.write_text(json.dumps(summary, indent=2, ensure_ascii=False, default=str))

    print()
    print(
        f"acknowledged: {len(in_window)} in {args.duration:.0f} s = {summary['throughput_per_s']}/s "
        f"({len(stats.acknowledged)} including the {args.grace:.0f} s grace for retries); "
        f"per 10 s: {summary['acknowledged_per_10s']}; while up: {summary['throughput_while_up_per_s']}/s"
    )
    print(f"worker caught up {drained['seconds']} s after the run: {drained}")
    for key, value in result.items():
        print(f"   {key}: {value}")
    print(f"POSTs: {summary['posts']} ({summary['posts_retried']} retries); client errors: {dict(stats.errors)}")
    print(f"emails received: {mail['messages']}")
    print(f"load average before {load_before}, after {load_after}; results: {path.relative_to(ROOT)}")
    if not args.keep_db:
        drop_database(args.db)
    bad = result["lost"] + result["wrong"] + result["duplicates"] + result["incomplete"]
    if bad:
        print(f"logs of gunicorn and the worker kept in {workdir}")
    else:
        shutil.rmtree(workdir, ignore_errors=True)
    return 1 if bad else 0
