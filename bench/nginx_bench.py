"""nginx serving the published tree (the generated configuration) against nginx serving a plain copy of
the same bytes, and the app (gunicorn) rendering the same pages, with wrk.

Needs a running `make prod-local` whose tree is published (the demo: a record, its bureau's catalog and
its bureau's column page are measured) and its gunicorn (the app path). It starts two nginx on free
ports: one with the stack's generated server block (var/prod/nginx/server.conf), one serving a plain
copy of those files (a minimal configuration: no headers, no gzip_static, no dynamic locations); runs
`wrk -t1 -cN -dD` against each server in turn, all on 127.0.0.1; it stops what it started.

    make prod-local &                      # wait for "Ctrl-C stops everything"
    .venv/bin/python bench/nginx_bench.py [--var-dir var/prod]
        [--duration 10s] [--connections 32] [--rounds 3] [--gzip]

Figures in bench/README.md ("Static publishing: nginx").
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

PLAIN = """worker_processes auto;
{user}pid {prefix}/nginx.pid;
error_log {prefix}/error.log warn;
events {{ worker_connections 1024; }}
http {{
    include /etc/nginx/mime.types;
    sendfile on;
    tcp_nopush on;
    access_log off;
    client_body_temp_path {prefix}/body;
    proxy_temp_path {prefix}/proxy;
    fastcgi_temp_path {prefix}/fastcgi;
    uwsgi_temp_path {prefix}/uwsgi;
    scgi_temp_path {prefix}/scgi;
    server {{
        listen 127.0.0.1:{port};
        root {root};
        location / {{ try_files $uri ${{uri}}index.html =404; }}
    }}
}}
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wrk(url: str, duration: str, connections: int, gzip: bool) -> dict:
    command = ["wrk", "-t1", f"-c{connections}", f"-d{duration}", "--latency", "--timeout", "10s"]
    if gzip:
        command += ["-H", "Accept-Encoding: gzip"]
    out = subprocess.run([*command, url], capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p50 = re.search(r"50%\s+([\d.]+)(\w+)", out)
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {"rps": rps, "p50": f"{p50.group(1)}{p50.group(2)}", "non2xx": int(errors.group(1)) if errors else 0}


def fetch(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=30) as response:
        return response.read()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--var-dir", type=Path, default=ROOT / "var" / "prod")
    parser.add_argument("--duration", default="10s")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--gzip", action="store_true", help="send Accept-Encoding: gzip (browsers do)")
    parser.add_argument("--rounds", type=int, default=3, help="alternating rounds of the two nginx (best counts)")
    args = parser.parse_args()
    tree = args.var_dir / "published"
    upstream = re.search(r"server (127\.0\.0\.1:\d+);", (args.var_dir / "nginx" / "server.conf").read_text())
    app = f"http://{upstream.group(1)}"
    record = sorted(p.parent.name for p in (tree / "records").glob("*/index.html"))[0]
    pages = {"record": f"/records/{record}/", "catalog": "/b/xiuwu/catalog/", "bureau": "/b/xiuwu/"}

    work = Path(tempfile.mkdtemp(prefix="gongkai-nginx-bench-"))
    plain_root = work / "plain"
    for path in pages.values():
        source = tree / path.lstrip("/") / "index.html"
        (plain_root / path.lstrip("/")).mkdir(parents=True, exist_ok=True)
        shutil.copy(source, plain_root / path.lstrip("/") / "index.html")
    for name in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (work / name).mkdir()
    port = free_port()
    user = "user root root;\n" if os.geteuid() == 0 else ""
    (work / "nginx.conf").write_text(PLAIN.format(user=user, prefix=work, port=port, root=plain_root))
    from gongkai.publishing.nginx import main_config, start

    plain = start(work / "nginx.conf", port)
    # The generated configuration of the stack, in a fresh nginx beside the plain one (same start, same
    # log directory), so that the two differ only in their server block.
    published_port = free_port()
    server_conf = (args.var_dir / "nginx" / "server.conf").read_text()
    server_conf = re.sub(r"listen \d+;", f"listen {published_port};", server_conf)
    (work / "published").mkdir()
    (work / "published" / "nginx.conf").write_text(main_config(server_conf, work / "published"))
    published = start(work / "published" / "nginx.conf", published_port)
    servers = {"published": f"http://127.0.0.1:{published_port}", "plain copy": f"http://127.0.0.1:{port}", "app": app}
    rows = []
    try:
        for name, path in pages.items():
            same = fetch(servers["published"] + path) == fetch(servers["plain copy"] + path)
            for base in servers.values():
                wrk(base + path, "2s", args.connections, args.gzip)  # warm-up
            best: dict[str, dict] = {}
            # The two nginx alternate for --rounds rounds and the best of each counts: on a shared machine
            # other work only ever lowers a figure. The app is measured once.
            for round_ in range(args.rounds):
                for server, base in servers.items():
                    if server == "app" and round_:
                        continue
                    result = wrk(base + path, args.duration, args.connections, args.gzip)
                    if server not in best or result["rps"] > best[server]["rps"]:
                        best[server] = result
            rows += [{"page": name, "path": path, "server": s, "same_bytes": same, **r} for s, r in best.items()]
    finally:
        for process in (plain, published):
            process.terminate()
            process.wait(timeout=10)
        shutil.rmtree(work, ignore_errors=True)
    print(
        f"wrk -t1 -c{args.connections} -d{args.duration}{' gzip' if args.gzip else ''}; load {open('/proc/loadavg').read().split()[:3]}"
    )
    print(f"| {'page':<8} | {'server':<10} | {'req/s':>9} | {'p50':>8} | {'vs plain copy':>13} | non-2xx |")
    print(f"|{'-' * 10}|{'-' * 12}|{'-' * 11}|{'-' * 10}|{'-' * 15}|---------|")
    for row in rows:
        plain_rps = next(r["rps"] for r in rows if r["page"] == row["page"] and r["server"] == "plain copy")
        ratio = row["rps"] / plain_rps
        print(
            f"| {row['page']:<8} | {row['server']:<10} | {row['rps']:>9.0f} | {row['p50']:>8} | {ratio:>13.3f} | {row['non2xx']:>7} |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
