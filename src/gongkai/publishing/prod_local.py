"""`make prod-local`: the production stack on this machine — nginx, gunicorn, the worker, PostgreSQL.

Rule owned here: how the production processes are started together and stopped together. It prepares
the database (created if missing, migrated; the Jiaozuo demo loaded when it has no bureau), collects
the static files, publishes the tree (`publish_site`), generates the nginx configuration
(`nginx_config`), then runs gunicorn (several sync workers), `db_worker` and nginx as children, each in
its own session so that a terminal's Ctrl-C reaches only this supervisor, and each told by the kernel
to stop if the supervisor dies (PR_SET_PDEATHSIG). Ctrl-C, SIGTERM or SIGHUP — or any child exiting —
stops nginx first, then gunicorn, then the worker, each waited for (killed after 15 s): no orphans.
Everything it writes is under --var-dir (default var/prod/). Run as
`python -m gongkai.publishing.prod_local [options]`; see docs/deployment.md ("make prod-local").
"""

from __future__ import annotations

import argparse
import ctypes
import importlib.util
import json
import os
import secrets
import shlex
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

BASE_DIR = Path(__file__).resolve().parents[3]
MANAGE = BASE_DIR / "manage.py"
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/gongkai_prod"
STOP_TIMEOUT = 15.0


class Stop(Exception):
    """A signal asked the stack to stop."""


def _arguments(argv):
    parser = argparse.ArgumentParser(prog="make prod-local", description=__doc__.split("\n\n")[0])
    parser.add_argument("--port", type=int, default=int(os.environ.get("PROD_PORT", "8080")), help="nginx port")
    parser.add_argument("--app-port", type=int, default=0, help="gunicorn port on 127.0.0.1 (default: a free one)")
    parser.add_argument(
        "--workers", type=int, default=int(os.environ.get("PROD_WORKERS", "4")), help="gunicorn workers"
    )
    parser.add_argument(
        "--database-url", default=os.environ.get("PROD_DATABASE_URL", DEFAULT_DATABASE_URL), help="PostgreSQL URL"
    )
    parser.add_argument("--var-dir", type=Path, default=BASE_DIR / "var" / "prod", help="runtime files")
    parser.add_argument("--no-demo", action="store_true", help="do not load the demo into an empty database")
    parser.add_argument("--republish", action="store_true", help="rebuild the published tree even if it exists")
    return parser.parse_args(argv)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _environment(args, var: Path, app_port: int) -> dict[str, str]:
    secret = var / "secret_key"
    if not secret.exists():
        secret.write_text(secrets.token_urlsafe(50))
        secret.chmod(0o600)
    base = f"http://127.0.0.1:{args.port}"
    own = {
        "DJANGO_SETTINGS_MODULE": "gongkai.conf.settings",
        "DJANGO_ENV": "production",
        "SECRET_KEY": secret.read_text().strip(),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "CSRF_TRUSTED_ORIGINS": f"{base},http://localhost:{args.port}",
        "SECURE_SSL_REDIRECT": "false",  # plain HTTP on loopback; a real server terminates TLS in nginx
        "TRUSTED_PROXY_COUNT": "1",
        "DATABASE_URL": args.database_url,
        "GONGKAI_VAR_DIR": str(var),
        "STATIC_ROOT": str(var / "static"),
        "MEDIA_ROOT": str(var / "media"),
        "PUBLISH_ROOT": str(var / "published"),
        "CACHE_URL": "dbcache://gongkai_cache",
        "PUBLIC_BASE_URL": base,
        "WAGTAILADMIN_BASE_URL": base,
        "EMAIL_BACKEND": os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"),
    }
    # For `manage.py` commands against this stack: set -a; . var/prod/prod.env; set +a
    (var / "prod.env").write_text("".join(f"{k}={shlex.quote(v)}\n" for k, v in own.items()))
    (var / "prod.env").chmod(0o600)
    env = {**os.environ, **own, "PYTHONUNBUFFERED": "1"}
    env.pop("DJANGO_CONFIGURATION", None)
    # As a production unit: bytecode cached (a shell that sets PYTHONDONTWRITEBYTECODE would make every
    # start of gunicorn and the worker compile ~2,000 modules again, ~3 s of CPU each)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


# One Python process runs several management commands: each Django start costs seconds.
_RUN_COMMANDS = """
import json, sys, django
django.setup()
from django.core.management import call_command
for command in json.loads(sys.argv[1]):
    print("  manage.py " + " ".join(command), flush=True)
    call_command(*command)
"""


def _manage(env: dict[str, str], *commands: list[str], log: Path) -> None:
    for command in commands:
        print(f"  manage.py {' '.join(command)}", flush=True)
    with open(log, "a") as out:
        subprocess.run(
            [sys.executable, "-c", _RUN_COMMANDS, json.dumps(commands)],
            env=env, cwd=BASE_DIR, check=True, stdout=out, stderr=subprocess.STDOUT,
        )  # fmt: skip


def _create_database(url: str) -> None:
    import psycopg
    from psycopg import sql

    parts = urlsplit(url)
    if not parts.scheme.startswith("postgres"):
        raise SystemExit(f"prod-local runs on PostgreSQL: {url!r} is not a postgres:// URL")
    name = parts.path.lstrip("/")
    maintenance = parts._replace(path="/postgres").geturl()
    with psycopg.connect(maintenance, autocommit=True, connect_timeout=10) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            print(f"  creating database {name}", flush=True)
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def _has_bureaus(url: str) -> bool:
    import psycopg

    with psycopg.connect(url, connect_timeout=10) as conn:
        return bool(conn.execute("SELECT EXISTS (SELECT 1 FROM organizations_bureau)").fetchone()[0])


def _has_command(name: str) -> bool:
    return importlib.util.find_spec(f"gongkai.publishing.management.commands.{name}") is not None


def prepare(args, var: Path, env: dict[str, str]) -> None:
    """Database, demo, static files and the published tree, as a deployment prepares them."""
    print("Preparing (logs in " + str(var / "logs") + ")", flush=True)
    log = var / "logs" / "setup.log"
    _create_database(args.database_url)
    _manage(env, ["migrate", "--noinput"], ["createcachetable"], log=log)
    if not args.no_demo and not _has_bureaus(args.database_url):
        _manage({**env, "DJANGO_ENV": "development", "DEBUG": "false"}, ["load_demo", "--quiet"], log=log)
    (var / "published").mkdir(exist_ok=True)
    # requeue_stale_tasks: tasks left RUNNING by a stack that was killed (no worker runs yet)
    commands = [["collectstatic", "--noinput", "--verbosity", "0"], ["requeue_stale_tasks", "--minutes", "0"]]
    if _has_command("publish_site") and (args.republish or not (var / "published" / "index.html").exists()):
        print("  (the first full publication of the demo takes minutes: progress in logs/setup.log)", flush=True)
        _manage(env, *commands, ["publish_site"], log=log)
    elif _has_command("publish_site"):  # the worker kept the tree current while the stack ran
        _manage(env, *commands, log=log)
        print("  the published tree exists: not rebuilt (--republish rebuilds it)", flush=True)
    else:  # the publisher is not installed yet: nginx proxies every page to the app
        _manage(env, *commands, log=log)
        print("  publish_site is not available: every page comes from the app", flush=True)


def nginx_conf(var: Path, env: dict[str, str], port: int, app_port: int) -> Path:
    from gongkai.publishing.nginx import main_config

    server = subprocess.run(
        [sys.executable, str(MANAGE), "nginx_config", "--root", str(var / "published"), "--upstream",
         f"127.0.0.1:{app_port}", "--listen", str(port)],
        env=env, check=True, capture_output=True, text=True,
    ).stdout  # fmt: skip
    prefix = var / "nginx"
    prefix.mkdir(exist_ok=True)
    (prefix / "server.conf").write_text(server)
    conf = prefix / "nginx.conf"
    conf.write_text(main_config(server, prefix))
    return conf


def _die_with_parent() -> None:
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG: the kernel sends SIGTERM when the supervisor dies


def _spawn(command: list[str], env: dict[str, str], log: Path) -> subprocess.Popen:
    with open(log, "a") as out:
        return subprocess.Popen(
            command, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True, preexec_fn=_die_with_parent
        )


def _wait_http(url: str, timeout: float, processes: dict[str, subprocess.Popen]) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for name, process in processes.items():
            if process.poll() is not None:
                raise SystemExit(f"{name} exited with {process.returncode} while starting")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.1)
    raise SystemExit(f"{url} did not answer 200 within {timeout:.0f} s")


def stop(processes: dict[str, subprocess.Popen]) -> None:
    """Stop the children in order (nginx, gunicorn, worker): SIGTERM, then SIGKILL after STOP_TIMEOUT."""
    for name, process in processes.items():
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                print(f"  {name} did not stop in {STOP_TIMEOUT:.0f} s: killed", flush=True)
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        print(f"  {name} stopped", flush=True)


def _on_signal(signum, frame):
    raise Stop(signum)


def main(argv=None) -> int:
    args = _arguments(argv)
    _die_with_parent()  # `make prod-local` killed with SIGTERM: make's death stops this supervisor too
    var = args.var_dir.resolve()
    for sub in ("logs", "media"):
        (var / sub).mkdir(parents=True, exist_ok=True)
    app_port = args.app_port or _free_port()
    env = _environment(args, var, app_port)
    for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, _on_signal)
    processes: dict[str, subprocess.Popen] = {}
    try:
        prepare(args, var, env)
        conf = nginx_conf(var, env, args.port, app_port)
        from gongkai.publishing import nginx

        processes["nginx"] = nginx.start(conf, args.port, start_new_session=True, preexec_fn=_die_with_parent)
        gunicorn = [sys.executable, "-m", "gunicorn", "gongkai.wsgi:application", "--bind", f"127.0.0.1:{app_port}"]
        gunicorn += [
            "--workers",
            str(args.workers),
            "--timeout",
            "60",
            "--graceful-timeout",
            "10",
            "--no-control-socket",
        ]
        gunicorn += ["--access-logfile", str(var / "logs" / "gunicorn-access.log")]
        processes["gunicorn"] = _spawn(gunicorn, env, var / "logs" / "gunicorn.log")
        # As core.worker.worker_command (this supervisor runs without Django): no reloader, the poll interval.
        worker = ["db_worker", "--no-reload", "--interval", env.get("WORKER_POLL_SECONDS") or "1"]
        processes["worker"] = _spawn([sys.executable, str(MANAGE), *worker], env, var / "logs" / "worker.log")
        base = f"http://127.0.0.1:{args.port}"
        _wait_http(base + "/healthz", 60, processes)
        pids = " ".join(f"{name}={process.pid}" for name, process in processes.items())
        print(f"\nServing on {base}/  (admin: {base}/admin/, health: {base}/healthz)", flush=True)
        print(f"pids: {pids}; logs: {var / 'logs'}; published tree: {var / 'published'}", flush=True)
        print("Ctrl-C stops everything.", flush=True)
        while True:
            for name, process in processes.items():
                if process.poll() is not None:
                    print(f"{name} exited with {process.returncode}: stopping the stack", flush=True)
                    return 1
            time.sleep(0.5)
    except Stop as signum:
        print(f"\nSignal {signum}: stopping", flush=True)
        return 0
    finally:
        for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
            signal.signal(signum, signal.SIG_IGN)  # a second Ctrl-C must not cut the stopping short
        stop(processes)


if __name__ == "__main__":
    sys.exit(main())
