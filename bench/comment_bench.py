"""Comments on consultations under load and crashes: acknowledged comments per second, and how many were lost.

    .venv/bin/python bench/comment_bench.py [--clients 32] [--duration 60] [--kill-at 20,40] [--workers 4]

Issue 14, "Measure" (target ≥ 200 accepted comments/s on the production stack, zero lost under kill -9). The
FOI intake bench's approach and machinery (`foi_submit_bench`: gunicorn and the worker in their own process
groups, kill -9 and restart, the database set-up and checks), with the comment form instead of the FOI form:

1. drops and creates the PostgreSQL database `gk_participation_bench` (127.0.0.1:5432), migrates it, loads the
   demo bureaus and accounts and the participation demo (an open, post-moderated consultation in 焦作市, 武陟县
   and 修武县);
2. production settings (DEBUG off, plain HTTP on loopback, PARTICIPATION_COMMENTS_PER_HOUR=0 so the
   per-address limit does not throttle the clients on one address); gunicorn (sync workers) on port 9301;
3. `--clients` threads for `--duration` seconds. Each comment: GET the comment form (CSRF cookie, hidden
   `client_token`), POST a unique comment, GET the receipt page it redirects to and read the receipt number:
   only then is it *acknowledged*. A connection error or a 5xx on the POST is retried with the SAME POST
   (same token);
4. at each `--kill-at` second, kills gunicorn and the worker with SIGKILL and restarts them;
5. checks in the database: every acknowledged receipt number exists once, with its token, its text and its
   audit entry; no token or text twice.

Prints the figures and writes bench/results/comments-<timestamp>.json. Exit code 1 when a comment was lost or
duplicated.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import secrets
import shutil
import sys
import tempfile
import time
import urllib.parse
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import foi_submit_bench as foi  # noqa: E402 (the FOI bench's servers, client transport and database helpers)

ROOT, PY, PG, HOST = foi.ROOT, foi.PY, foi.PG, foi.HOST
PORT = 9301
NUMBER_RE = re.compile(r'id="comment-number">\s*(C\d{8}[0-9A-F]{8})\s*<')
TOKEN_RE, CSRF_RE = foi.TOKEN_RE, foi.CSRF_RE


class Client(foi.Client):
    """One citizen after another, commenting on the demo's open consultations (FOI bench's transport)."""

    targets: list[str] = []  # "/b/<code>/participation/consultations/<uid>/comment/"

    def run(self) -> None:
        seq = 0
        while time.monotonic() < self.stop_at:
            seq += 1
            target = self.targets[(self.number + seq) % len(self.targets)]
            sub = foi.Submission(self.number, seq, target, f"BENCH-{self.number:02d}-{seq:05d}-{secrets.token_hex(3)}")
            sub.started = time.monotonic() - self.t0
            self.submit(sub)

    def form(self, sub) -> dict | None:
        while time.monotonic() < self.stop_at:
            try:
                status, _location, html = self._request("GET", sub.bureau)
            except OSError:
                self._error("form: connection")
                continue
            token, csrf = TOKEN_RE.search(html), CSRF_RE.search(html)
            if status == 200 and token and csrf:
                sub.client_token = token.group(1)
                return {
                    "client_token": sub.client_token,
                    "csrfmiddlewaretoken": csrf.group(1),
                    "body": f"建议在避难场所设置明显的指示标志，并定期组织演练。（{sub.marker}）",
                }
            self._error(f"form: HTTP {status}")
        return None

    def submit(self, sub) -> None:
        fields = self.form(sub)
        if fields is None:
            return
        body = urllib.parse.urlencode(fields)
        headers = {"Content-Type": "application/x-www-form-urlencoded", "Referer": f"http://{HOST}/"}
        while time.monotonic() < self.give_up_at:
            sub.posts += 1
            try:
                status, location, _html = self._request("POST", sub.bureau, body, headers)
            except OSError:
                self._error("post: connection")
                continue
            if status != 302 or "/comment/C" not in location:
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
            match = NUMBER_RE.search(html)
            if status == 200 and match:
                return match.group(1)
            self._error(f"acknowledgement: HTTP {status}")
        return ""


def check(acknowledged, abandoned) -> dict:
    from gongkai.core.models import AuditLogEntry
    from gongkai.participation.models import Comment

    stored = {c.number: c for c in Comment.objects.filter(body__contains="BENCH-")}
    audited = Counter(
        AuditLogEntry.objects.filter(action="participation.comment.received").values_list("object_id", flat=True)
    )
    lost, wrong, incomplete = [], [], []
    for sub in acknowledged:
        comment = stored.get(sub.tracking_number)
        if comment is None:
            lost.append(sub.tracking_number)
        elif str(comment.client_token) != sub.client_token or sub.marker not in comment.body:
            wrong.append(sub.tracking_number)
        elif audited[str(comment.pk)] != 1:
            incomplete.append(sub.tracking_number)
    markers = Counter(re.search(r"BENCH-[0-9]+-[0-9]+-[0-9a-f]+", c.body).group(0) for c in stored.values())
    tokens = Counter(str(c.client_token) for c in stored.values())
    acknowledged_markers = {s.marker for s in acknowledged}
    return {
        "comments_in_db": len(stored),
        "lost": len(lost),
        "lost_numbers": lost[:20],
        "wrong_comment": len(wrong),
        "incomplete": len(incomplete),
        "duplicate_comments": sum(1 for n in markers.values() if n > 1),
        "duplicate_tokens": sum(1 for n in tokens.values() if n > 1),
        "created_not_acknowledged": sum(1 for m in markers if m not in acknowledged_markers),
        "abandoned_by_clients": len(abandoned),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--duration", type=float, default=60)
    parser.add_argument("--kill-at", default="20,40", help="seconds into the run (comma-separated; empty: none)")
    parser.add_argument("--down", type=float, default=2)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--grace", type=float, default=30)
    parser.add_argument("--port", type=int, default=PORT)
    parser.add_argument("--db", default="gk_participation_bench")
    parser.add_argument("--keep-db", action="store_true")
    args = parser.parse_args()
    kill_at = [float(x) for x in args.kill_at.split(",") if x.strip()]

    workdir = Path(tempfile.mkdtemp(prefix="gongkai-comment-bench-"))
    os.chmod(workdir, 0o755)
    env = {
        **os.environ,
        "DATABASE_URL": f"{PG}/{args.db}",
        "GONGKAI_VAR_DIR": str(workdir / "var"),
        "STATIC_ROOT": str(workdir / "static"),
        "MEDIA_ROOT": str(workdir / "media"),
        "PARTICIPATION_COMMENTS_PER_HOUR": "0",
        "DJANGO_ENV": "development",
        "PYTHONUNBUFFERED": "1",
    }
    os.environ.update({k: env[k] for k in ("DATABASE_URL", "GONGKAI_VAR_DIR", "DJANGO_ENV")})
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.conf.settings")
    sys.path.insert(0, str(ROOT / "src"))

    print(f"== database {args.db}: create, migrate, load the demo bureaus, accounts and participation", flush=True)
    setup_started = time.monotonic()
    foi.create_database(args.db)
    foi.run([PY, "manage.py", "migrate", "--noinput", "-v0"], env)
    loader = (
        "from django.db import transaction\n"
        "from gongkai.demo.management.commands.load_demo import Command\n"
        "from gongkai.demo import participation\n"
        "with transaction.atomic():\n    Command().load()\n"
        "participation.load_demo()\n"
    )
    foi.run([PY, "manage.py", "shell", "-v0", "-c", loader], env)
    env.update(
        DJANGO_ENV="production", DEBUG="false", SECURE_SSL_REDIRECT="false", ALLOWED_HOSTS=HOST,
        SECRET_KEY=secrets.token_urlsafe(50),
    )  # fmt: skip
    foi.run([PY, "manage.py", "collectstatic", "--noinput", "-v0"], env)
    print(f"   setup {time.monotonic() - setup_started:.0f} s", flush=True)

    import django

    django.setup()
    from django.db import connection
    from django.utils import timezone

    from gongkai.participation.models import Consultation

    today = timezone.localdate()
    Client.targets = [
        f"/b/{c.bureau.code}/participation/consultations/{c.uid}/comment/"
        for c in Consultation.objects.filter(published_at__isnull=False, opens__lte=today, closes__gte=today)
        .select_related("bureau")
        .order_by("bureau__code")
    ]
    connection.close()
    print(f"   consultations open: {len(Client.targets)}")

    servers = foi.Servers(env, args.port, args.workers, workdir)
    servers.start()
    print(f"== gunicorn ({args.workers} sync workers) on {HOST}:{args.port}: up in {servers.wait_ready():.1f} s")
    load_before = foi.load_average()
    stats = foi.ClientStats()
    t0 = time.monotonic()
    stop_at, give_up_at = t0 + args.duration, t0 + args.duration + args.grace
    clients = [Client(i, args.port, t0, stop_at, give_up_at, stats) for i in range(args.clients)]
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
    load_after = foi.load_average()
    servers.stop_gunicorn()
    servers.stop_worker()

    in_window = [s for s in stats.acknowledged if s.acknowledged_at <= args.duration]
    result = check(stats.acknowledged, stats.abandoned)
    connection.close()
    summary = {
        "date": time.strftime("%Y-%m-%d %H:%M:%S %Z"),
        "commit": foi.subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
        ).stdout.strip(),
        "clients": args.clients,
        "duration_s": args.duration,
        "gunicorn_workers": args.workers,
        "cpus": os.cpu_count(),
        "kills": restarts,
        "acknowledged": len(stats.acknowledged),
        "acknowledged_in_window": len(in_window),
        "throughput_per_s": round(len(in_window) / args.duration, 1),
        "throughput_while_up_per_s": round(
            len(in_window) / max(1.0, args.duration - sum(r["down_s"] for r in restarts)), 1
        ),
        "posts": sum(s.posts for s in stats.acknowledged + stats.abandoned),
        "client_errors": dict(stats.errors),
        "load_average_before": load_before,
        "load_average_after": load_after,
        **result,
    }
    out = ROOT / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    path = out / f"comments-{time.strftime('%Y%m%d-%H%M%S')}.json"
    path.write_text(json.dumps(summary, indent=2, ensure_ascii=False, default=str))
    print()
    print(
        f"acknowledged comments: {len(in_window)} in {args.duration:.0f} s = {summary['throughput_per_s']}/s; "
        f"while the servers were up: {summary['throughput_while_up_per_s']}/s"
    )
    stored_matches = result["comments_in_db"] == len(stats.acknowledged) + result["created_not_acknowledged"]
    print(
        f"comments in the database: {result['comments_in_db']} = {len(stats.acknowledged)} acknowledged + "
        f"{result['created_not_acknowledged']} created but never acknowledged: {'yes' if stored_matches else 'NO'}"
    )
    print(f"lost: {result['lost']}   wrong: {result['wrong_comment']}   incomplete: {result['incomplete']}")
    print(f"duplicates: comments {result['duplicate_comments']}, tokens {result['duplicate_tokens']}")
    print(f"POSTs: {summary['posts']}; client errors: {dict(stats.errors)}")
    print(f"load average before {load_before}, after {load_after}; results: {path.relative_to(ROOT)}")
    if not args.keep_db:
        foi.drop_database(args.db)
    bad = result["lost"] + result["wrong_comment"] + result["duplicate_comments"] + result["duplicate_tokens"]
    bad += 0 if stored_matches else 1
    if bad:
        print(f"logs of gunicorn and the worker kept in {workdir}")
    else:
        shutil.rmtree(workdir, ignore_errors=True)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
