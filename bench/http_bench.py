"""Measure Gongkai pages with wrk against nginx serving the same HTML, in one run.

Usually started by ``bench/run.sh``, which prepares PostgreSQL, the demo data and gunicorn. For each URL
(``bench/urls.txt`` plus any ``--url name=/path``) this script fetches the page from gunicorn, saves the
HTML under ``<workdir>/site/``, starts nginx as a child process (its own config, ``daemon off``) serving
those files on 127.0.0.1, checks that nginx returns the same bytes, then runs
``wrk -t1 -c32 -d15s --latency`` against each URL on each server and prints a table (req/s, p50, p99,
ratio to nginx). Results go to ``bench/results/http-<timestamp>.json`` (git-ignored).

Only loopback addresses are contacted; every wait and every wrk run has a time limit.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
LOOPBACK = {"127.0.0.1", "localhost", "::1"}

NGINX_CONF = """\
worker_processes auto;
pid {work}/nginx.pid;
error_log {work}/nginx-error.log warn;
events {{ worker_connections 1024; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    charset utf-8;
    access_log off;
    sendfile on;
    tcp_nopush on;
    client_body_temp_path {work}/nginx-tmp/body;
    proxy_temp_path {work}/nginx-tmp/proxy;
    fastcgi_temp_path {work}/nginx-tmp/fastcgi;
    uwsgi_temp_path {work}/nginx-tmp/uwsgi;
    scgi_temp_path {work}/nginx-tmp/scgi;
    server {{
        listen 127.0.0.1:{port};
        root {work}/site;
        index index.html;
        location / {{ try_files $uri $uri/index.html =404; }}
    }}
}}
"""


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--gunicorn", required=True, help="base URL of the running app server, e.g. http://127.0.0.1:8701"
    )
    parser.add_argument(
        "--server",
        action="append",
        default=[],
        metavar="NAME=URL",
        help="another server to measure with the same URLs (loopback only), e.g. cached=http://127.0.0.1:8703",
    )
    parser.add_argument("--nginx-port", type=int, default=8702)
    parser.add_argument("--workdir", type=Path, required=True, help="scratch directory for the saved HTML and nginx")
    parser.add_argument("--urls-file", type=Path, default=BENCH_DIR / "urls.txt")
    parser.add_argument("--url", action="append", default=[], metavar="NAME=/PATH", help="add a URL (repeatable)")
    parser.add_argument("--only", action="append", default=[], metavar="NAME", help="measure only these URL names")
    parser.add_argument("--duration", default="15s", help="wrk -d (default 15s)")
    parser.add_argument("--connections", type=int, default=32, help="wrk -c (default 32)")
    parser.add_argument("--threads", type=int, default=1, help="wrk -t (default 1)")
    parser.add_argument(
        "--timeout", default="10s", help="wrk --timeout: slower responses count as errors (default 10s)"
    )
    parser.add_argument("--warmup", default="2s", help="unmeasured wrk run before each measurement ('0' to skip)")
    parser.add_argument("--label", default="", help="free text stored with the results")
    parser.add_argument(
        "--baseline",
        default="",
        metavar="NAME",
        help="also give each gunicorn figure as a ratio to this URL's gunicorn figure (e.g. reference)",
    )
    parser.add_argument("--results-dir", type=Path, default=BENCH_DIR / "results")
    return parser.parse_args(argv)


def read_urls(path: Path, extra: list[str], only: list[str]) -> list[tuple[str, str]]:
    """Return (name, path) pairs from the URL file (``name /path`` per line, # comments) and --url options."""
    urls: list[tuple[str, str]] = []
    if path.exists():
        for line in path.read_text(encoding="utf-8").splitlines():
            line = line.split("#", 1)[0].strip()
            if line:
                name, url_path = line.split()
                urls.append((name, url_path))
    for item in extra:
        name, _, url_path = item.partition("=")
        urls.append((name.strip(), url_path.strip()))
    for name, url_path in urls:
        if not url_path.startswith("/"):
            raise SystemExit(f"URL path must start with '/': {name} {url_path}")
    if only:
        urls = [u for u in urls if u[0] in only]
    if not urls:
        raise SystemExit("no URL to measure")
    return urls


def check_loopback(url: str) -> str:
    host = urlsplit(url).hostname or ""
    if host not in LOOPBACK and not host.startswith("127."):
        raise SystemExit(f"refusing to benchmark a non-loopback address: {url}")
    return url.rstrip("/")


def fetch(url: str, timeout: float = 30) -> bytes:
    with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310 - loopback only, checked
        if response.status != 200:
            raise RuntimeError(f"{url} answered {response.status}")
        return response.read()


def static_file_for(site: Path, url_path: str) -> Path:
    relative = url_path.lstrip("/")
    if not relative or relative.endswith("/"):
        relative += "index.html"
    return site / relative


def port_is_free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        return sock.connect_ex(("127.0.0.1", port)) != 0


def start_nginx(work: Path, port: int) -> subprocess.Popen:
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    if not Path(nginx).exists():
        raise SystemExit("nginx is not installed (apt-get install nginx-light)")
    if not port_is_free(port):
        raise SystemExit(f"port {port} is taken: choose another with --nginx-port / BENCH_NGINX_PORT")
    (work / "nginx-tmp").mkdir(exist_ok=True)
    conf = work / "nginx.conf"
    conf.write_text(NGINX_CONF.format(work=work, port=port), encoding="utf-8")
    subprocess.run([nginx, "-t", "-q", "-p", str(work), "-c", str(conf)], check=True, timeout=30)
    process = subprocess.Popen([nginx, "-p", str(work), "-c", str(conf), "-g", "daemon off;"])
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"nginx exited: see {work / 'nginx-error.log'}")
        if not port_is_free(port):
            return process
        time.sleep(0.1)
    process.terminate()
    raise SystemExit("nginx did not start listening within 10 s")


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}


def _ms(value: str) -> float:
    match = re.fullmatch(r"([\d.]+)(us|ms|s|m)", value)
    if not match:
        raise ValueError(f"unexpected wrk latency {value!r}")
    return float(match[1]) * _UNITS[match[2]]


def parse_wrk(output: str) -> dict:
    """Extract req/s, latency percentiles and error counts from wrk's text output."""
    result: dict = {"rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output)[1])}
    for percent in ("50", "75", "90", "99"):
        match = re.search(rf"^\s+{percent}%\s+(\S+)", output, re.MULTILINE)
        result[f"p{percent}_ms"] = round(_ms(match[1]), 3) if match else None
    match = re.search(r"(\d+) requests in ([\d.]+\w+), ([\d.]+\w+) read", output)
    result["requests"] = int(match[1]) if match else None
    result["transfer"] = match[3] if match else None
    match = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    result["non_2xx"] = int(match[1]) if match else 0
    match = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    result["socket_errors"] = (
        dict(zip(("connect", "read", "write", "timeout"), map(int, match.groups()), strict=True)) if match else {}
    )
    return result


def _seconds(duration: str) -> float:
    match = re.fullmatch(r"(\d+)([smh]?)", duration)
    if not match:
        raise SystemExit(f"bad duration {duration!r} (use e.g. 15s)")
    return int(match[1]) * {"": 1, "s": 1, "m": 60, "h": 3600}[match[2]]


def run_wrk(url: str, args: argparse.Namespace, duration: str) -> str:
    command = [
        "wrk",
        f"-t{args.threads}",
        f"-c{args.connections}",
        f"-d{duration}",
        "--timeout",
        args.timeout,
        "--latency",
        url,
    ]
    completed = subprocess.run(command, capture_output=True, text=True, timeout=_seconds(duration) + 60, check=True)
    return completed.stdout


def versions() -> dict:
    found = {"python": platform.python_version()}
    for package in ("django", "wagtail", "gunicorn", "psycopg"):
        try:
            from importlib.metadata import version

            found[package] = version(package)
        except Exception:  # noqa: BLE001 - informational only
            pass
    for name, command in {
        "nginx": ["nginx", "-v"],
        "wrk": ["wrk", "--version"],
        "postgresql": ["psql", "-h", "127.0.0.1", "-U", "postgres", "-tAc", "show server_version", "postgres"],
    }.items():
        try:
            out = subprocess.run(command, capture_output=True, text=True, timeout=10)
            found[name] = (out.stdout + out.stderr).strip().splitlines()[0]
        except Exception:  # noqa: BLE001 - informational only
            pass
    return found


def machine() -> dict:
    info = {"hostname_kind": platform.machine(), "cores": os.cpu_count(), "kernel": platform.release()}
    try:
        cpuinfo = Path("/proc/cpuinfo").read_text()
        info["cpu"] = re.search(r"model name\s*:\s*(.+)", cpuinfo)[1].strip()
        meminfo = Path("/proc/meminfo").read_text()
        info["memory_gib"] = round(int(re.search(r"MemTotal:\s+(\d+)", meminfo)[1]) / 1024 / 1024, 1)
    except Exception:  # noqa: BLE001 - informational only
        pass
    return info


def git_commit() -> str:
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=ROOT, timeout=10
        )
        dirty = subprocess.run(["git", "status", "--porcelain"], capture_output=True, text=True, cwd=ROOT, timeout=10)
        return commit.stdout.strip() + ("+dirty" if dirty.stdout.strip() else "")
    except Exception:  # noqa: BLE001 - informational only
        return "unknown"


def print_table(rows: list[dict]) -> None:
    header = f"| {'URL':<28} | {'server':<10} | {'req/s':>9} | {'p50 ms':>8} | {'p99 ms':>8} | {'ratio to nginx':>14} | {'errors':>6} |"
    print(header)
    print("|" + "|".join("-" * (len(cell)) for cell in header.split("|")[1:-1]) + "|")
    for row in rows:
        errors = row["non_2xx"] + sum(row["socket_errors"].values())
        ratio = f"{row['ratio_to_nginx']:.4f}" if row["ratio_to_nginx"] is not None else "-"
        p50 = f"{row['p50_ms']:.2f}" if row["p50_ms"] is not None else "-"
        p99 = f"{row['p99_ms']:.2f}" if row["p99_ms"] is not None else "-"
        print(
            f"| {row['path']:<28} | {row['server']:<10} | {row['rps']:>9.1f} | {p50:>8} | {p99:>8} | {ratio:>14} | {errors:>6} |"
        )


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed (apt-get install wrk)")
    servers = {"gunicorn": check_loopback(args.gunicorn)}
    for item in args.server:
        name, _, url = item.partition("=")
        servers[name.strip()] = check_loopback(url.strip())
    urls = read_urls(args.urls_file, args.url, args.only)

    load_before = os.getloadavg()
    if load_before[0] > 1.0:
        print(
            f"warning: load average is {load_before[0]:.2f} on {os.cpu_count()} cores: other work will skew the figures"
        )
    work = args.workdir.resolve()
    site = work / "site"
    pages: dict[str, bytes] = {}
    for name, url_path in urls:
        body = fetch(servers["gunicorn"] + url_path)
        target = static_file_for(site, url_path)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(body)
        pages[url_path] = body
        print(f"saved {name:<12} {url_path:<28} {len(body):>8} bytes -> {target.relative_to(work)}")
    for path in [work, *site.rglob("*")]:
        path.chmod(0o755 if path.is_dir() else 0o644)  # nginx workers run as an unprivileged user

    nginx = start_nginx(work, args.nginx_port)
    servers["nginx"] = f"http://127.0.0.1:{args.nginx_port}"
    rows: list[dict] = []
    started = dt.datetime.now().astimezone()
    try:
        for url_path, body in pages.items():
            served = fetch(servers["nginx"] + url_path)
            if served != body:
                raise SystemExit(f"nginx does not serve the saved bytes for {url_path}")
        for name, url_path in urls:
            for server, base in servers.items():
                url = base + url_path
                if args.warmup not in ("", "0", "0s"):
                    run_wrk(url, args, args.warmup)
                print(
                    f"wrk -t{args.threads} -c{args.connections} -d{args.duration} --timeout {args.timeout} --latency {url}",
                    flush=True,
                )
                result = parse_wrk(run_wrk(url, args, args.duration))
                rows.append({"name": name, "path": url_path, "server": server, "bytes": len(pages[url_path]), **result})
    finally:
        stop(nginx)

    for row in rows:
        nginx_row = next((r for r in rows if r["path"] == row["path"] and r["server"] == "nginx"), None)
        row["ratio_to_nginx"] = round(row["rps"] / nginx_row["rps"], 4) if nginx_row and nginx_row["rps"] else None

    baseline = next((r for r in rows if r["name"] == args.baseline and r["server"] == "gunicorn"), None)
    for row in rows:
        if baseline is not None and row["server"] == "gunicorn" and baseline["rps"]:
            row["ratio_to_baseline"] = round(row["rps"] / baseline["rps"], 3)

    print()
    print_table(rows)
    if baseline is not None:
        print(f"\ngunicorn req/s as a ratio to {baseline['name']} ({baseline['path']}, {baseline['rps']:.1f} req/s):")
        for row in rows:
            if "ratio_to_baseline" in row:
                print(f"  {row['name']:<12} {row['rps']:>9.1f} req/s  {row['ratio_to_baseline']:.3f}")
    report = {
        "kind": "http",
        "started": started.isoformat(timespec="seconds"),
        "label": args.label,
        "commit": git_commit(),
        "machine": machine(),
        "loadavg_before": [round(x, 2) for x in load_before],
        "loadavg_after": [round(x, 2) for x in os.getloadavg()],
        "versions": versions(),
        "wrk": {
            "threads": args.threads,
            "connections": args.connections,
            "duration": args.duration,
            "warmup": args.warmup,
        },
        "servers": servers,
        "baseline": args.baseline or None,
        "results": rows,
    }
    args.results_dir.mkdir(parents=True, exist_ok=True)
    out = args.results_dir / f"http-{started:%Y%m%d-%H%M%S}.json"
    out.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"\nresults: {out.relative_to(ROOT) if out.is_relative_to(ROOT) else out}")
    failed = [r for r in rows if r["non_2xx"] or sum(r["socket_errors"].values())]
    if failed:
        print("warning: some runs had non-2xx responses or socket errors (see the errors column)")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except urllib.error.URLError as exc:
        raise SystemExit(f"could not fetch a page: {exc}") from exc
