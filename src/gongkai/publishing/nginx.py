"""The nginx configuration that serves the published tree and proxies the rest to the app (issue 13).

Rule owned here: what nginx answers itself and with which headers. A published page is answered from
the tree (docs/publishing.md, "File layout": `index.<ext>` for a URL ending in `/`, `410.html` for a
gone page, a `.gz` copy beside each file for gzip_static) with the app's own security headers (read
from its middleware at generation time, so the two stay in step) and a short `Cache-Control`; a page
not in the tree, a query string that could change the page, and every dynamic path
(`nginx_routes.dynamic_routes`, derived from the URLconf) go to the app, which sends its own headers.
`/static/` is STATIC_ROOT: hashed names (ManifestStaticFilesStorage) are cached for a year.
An intake form (nginx_routes.FORM_URL_NAMES) is answered from the tree only for a first visit (GET or
HEAD, no session or message cookie, no query string), with `ssi on` (its `client_token` is nginx's
`$request_id`, core.form_pages) and `private, no-store`; its POST and every other visit go to the app.
"""

from __future__ import annotations

import mimetypes
import os
import shutil
import socket
import subprocess
import time
from pathlib import Path

from django.conf import settings
from django.http import HttpResponse
from django.test import RequestFactory
from django.utils.module_loading import import_string

from . import tree
from .nginx_routes import FORM_URL_NAMES, Routes, dynamic_routes, url_regex

# Response headers of the app that are not security headers (nginx sets its own, or none).
_NOT_SECURITY = {
    "content-type",
    "content-length",
    "content-language",
    "vary",
    "set-cookie",
    "cache-control",
    "expires",
    "last-modified",
    "etag",
}
# Query strings that only say where a link was shared (WeChat, Weibo, analytics): the published page
# answers them; any other query string (?page=2, ?version=3, ?q=…) goes to the app.
SHARING_ARGS = r"^((from|isappinstalled|scene|clicktime|enterid|spm|share_[a-z_]+|utm_[a-z]+)=[^&]*(&|$))+$"
LIST_PAGE_ARGS = r"^page=(?<gk_page>[1-9][0-9]*)$"  # tree.LIST_PAGE_QUERY
HASHED_STATIC = r"\.[0-9a-f]{12}\.[A-Za-z0-9]+$"  # ManifestStaticFilesStorage: name.0123456789ab.css
LONG_CACHE = "public, max-age=31536000, immutable"
CHARSET_TYPES = sorted({t.split(";")[0] for t in tree.CONTENT_TYPES.values() if "charset=" in t} - {"text/html"})


def security_headers(*, tls: bool) -> dict[str, str]:
    """The headers the app's middleware adds to a plain public page (HSTS only when nginx speaks TLS).

    A trivial view is run through settings.MIDDLEWARE, so a header added there (or a changed CSP)
    reaches the generated configuration. A CSP nonce is left out, as on every published page.
    """

    def view(request):
        return HttpResponse(b"", content_type="text/html; charset=utf-8")

    handler = view
    for path in reversed(settings.MIDDLEWARE):
        handler = import_string(path)(handler)
    hosts = [h.lstrip(".") for h in settings.ALLOWED_HOSTS if h not in ("*", "")]
    # `secure` is an argument of the request, not of the factory (given there, HSTS never reached nginx).
    request = RequestFactory(headers={"host": hosts[0] if hosts else "localhost"}).get("/", secure=True)
    response = handler(request)
    headers = {k: v for k, v in response.headers.items() if k.lower() not in _NOT_SECURITY}
    if not tls:
        headers.pop("Strict-Transport-Security", None)
    return headers


def brotli_available() -> bool:
    """Whether this machine's nginx has the brotli_static directive (nginx-light does not)."""
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    try:
        version = subprocess.run([nginx, "-V"], capture_output=True, text=True, timeout=10).stderr
    except (OSError, subprocess.SubprocessError):
        return False
    enabled = Path("/etc/nginx/modules-enabled")
    loaded = enabled.is_dir() and any("brotli" in p.name for p in enabled.iterdir())
    return "brotli" in version or loaded


def _quote(value: str) -> str:
    return '"' + value.replace('"', '\\"') + '"'


def _types() -> list[str]:
    kinds: dict[str, list[str]] = {}
    for ext, content_type in tree.CONTENT_TYPES.items():
        kinds.setdefault(content_type.split(";")[0], []).append(ext)
    for ext in (*tree.ATTACHMENT_EXTENSIONS, "bin"):
        if ext not in tree.CONTENT_TYPES:
            kinds.setdefault(mimetypes.guess_type(f"x.{ext}")[0] or "application/octet-stream", []).append(ext)
    return [f"        {kind} {' '.join(exts)};" for kind, exts in sorted(kinds.items())]


def _header_lines(headers: dict[str, str], cache_control: str, indent: str) -> list[str]:
    lines = [f"{indent}add_header Cache-Control {_quote(cache_control)} always;"]
    lines += [f"{indent}add_header {name} {_quote(value)} always;" for name, value in headers.items()]
    return lines


def _dynamic_locations(routes: Routes, upstream: str, deny: tuple[str, ...] = ()) -> list[str]:
    proxy = f"proxy_pass {upstream};"
    lines = [f"    location ^~ {path} {{ return 404; }}  # --deny: not on this server" for path in deny]
    routes.prefixes = {p: names for p, names in routes.prefixes.items() if p not in deny}
    for path, names in sorted(routes.exact.items()):
        lines += [f"    # {', '.join(sorted(set(names)))}", f"    location = {path} {{ {proxy} }}"]
    for path, names in sorted(routes.prefixes.items()):
        shown = sorted(set(names))
        label = ", ".join(shown[:4]) + (f" and {len(shown) - 4} more" if len(shown) > 4 else "")
        lines += [f"    # {label}", f"    location ^~ {path} {{ {proxy} }}"]
    if routes.regex():
        lines.append(f"    # {', '.join(sorted({name for _, name in routes.regex_parts}))}")
        lines.append(f"    location ~ {_quote(routes.regex())} {{ {proxy} }}")
    return lines


def server_config(
    *,
    root: Path,
    upstream: str,
    listen: int = 8080,
    server_name: str = "_",
    ssl_certificate: Path | None = None,
    ssl_certificate_key: Path | None = None,
    brotli: bool | None = None,
    html_max_age: int = 60,
    deny: tuple[str, ...] = (),
) -> str:
    """The http-level configuration (upstream, maps, server) for `nginx_config` to print."""
    root = Path(root).resolve()
    static_root = Path(settings.STATIC_ROOT).resolve()
    tls = ssl_certificate is not None
    headers = security_headers(tls=tls)
    brotli = brotli_available() if brotli is None else brotli
    short = f"public, max-age={html_max_age}"
    tag = f"gongkai_{listen}"
    index_files = [f"${{uri}}${{{tag}_index}}{ext}" for ext in dict.fromkeys(tree.INDEX_EXTENSIONS.values())]
    downloads = [f"${{uri}}index.{ext}" for ext in (*tree.ATTACHMENT_EXTENSIONS, "bin")]
    types_block = ["        types {", *_types(), "        }", "        default_type application/octet-stream;"]
    static_block = [f"        root ${tag}_root;", *types_block, *_header_lines(headers, short, "        ")]
    out = [
        "# Generated by `manage.py nginx_config`; regenerate it after every upgrade (docs/deployment.md).",
        f"upstream {tag}_app {{",
        f"    server {upstream};",
        "    keepalive 16;",
        "}",
        "",
        "# The published tree answers no query string but the sharing ones; any other goes to the app.",
        f"map $args ${tag}_root {{",
        f"    {_quote('')} {_quote(str(root))};",
        f"    {_quote('~' + SHARING_ARGS)} {_quote(str(root))};",
        f"    default {_quote('/nonexistent/' + tag)};",
        "}",
        "",
        "# A directory page also answers `?page=N` (a list's later page, published as index.page-N.html).",
        f"map $args ${tag}_list_root {{",
        f"    {_quote('~' + LIST_PAGE_ARGS)} {_quote(str(root))};",
        f"    default ${tag}_root;",
        "}",
        f"map $args ${tag}_index {{",
        f"    {_quote('~' + LIST_PAGE_ARGS)} index.page-$gk_page.;",
        "    default index.;",
        "}",
        "",
        "# An intake form's first visit (GET/HEAD, no session or message cookie) is answered from the tree.",
        f"map {_quote('$request_method:$cookie_' + settings.SESSION_COOKIE_NAME + '$cookie_messages')} ${tag}_form_root {{",
        f"    {_quote('~^(GET|HEAD):$')} ${tag}_root;",
        f"    default {_quote('/nonexistent/' + tag)};",
        "}",
        "",
        "# nginx's own 404s (a file being written, a missing static file) in the visitor's language.",
        f"map $uri ${tag}_not_found {{",
        "    default /404.html;",
        "    ~^/en/ /en/404.html;",
        "}",
        "",
        "server {",
        f"    listen {listen}{' ssl' if tls else ''};",
        f"    server_name {server_name};",
    ]
    if tls:
        out += [
            "    http2 on;"
            if _nginx_version() >= (1, 25, 1)
            else "    # http2: nginx < 1.25.1 takes `listen … ssl http2`",
            f"    ssl_certificate {_quote(str(ssl_certificate))};",
            f"    ssl_certificate_key {_quote(str(ssl_certificate_key))};",
            "    ssl_protocols TLSv1.2 TLSv1.3;",
            "    ssl_session_cache shared:gongkai_tls:10m;",
        ]
    out += [
        "    charset utf-8;",
        f"    charset_types {' '.join(CHARSET_TYPES)};",
        "    client_max_body_size 60m;  # attachments up to 50 MB, catalog files",
        "    server_tokens off;",
        "    gzip_static on;",
        *(["    brotli_static on;"] if brotli else []),
        "    proxy_http_version 1.1;",
        '    proxy_set_header Connection "";',
        "    proxy_set_header Host $host;",
        "    proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;",
        "    proxy_set_header X-Forwarded-Proto $scheme;",
        "    proxy_read_timeout 60s;",
        f"    error_page 404 ${tag}_not_found;",
        f"    error_page 410 ${{uri}}{tree.GONE_FILE};",
        "",
        "    # Dynamic paths, derived from the URLconf (gongkai.publishing.nginx_routes): always the app.",
        *_dynamic_locations(dynamic_routes(), f"http://{tag}_app", deny),
        "",
        "    # Intake forms (nginx_routes.FORM_URL_NAMES): a first visit gets the published page with a fresh",
        "    # client_token put in by SSI ($request_id); the POST and every other visit go to the app.",
        f"    location ~ {_quote(url_regex(*sorted(FORM_URL_NAMES)))} {{",
        f"        root ${tag}_form_root;",
        "        ssi on;",
        "        gzip_static off;  # the .gz copy would skip the SSI",
        *types_block,
        *_header_lines(headers, "private, no-store", "        "),
        "        try_files ${uri}index.html @gone_or_app;",
        "    }",
        "",
        "    location ^~ /static/ {",
        f"        alias {_quote(str(static_root) + '/')};",
        "        default_type application/octet-stream;",
        *_header_lines(headers, "public, max-age=3600", "        "),
        f"        location ~ {_quote(HASHED_STATIC)} {{",
        *_header_lines(headers, LONG_CACHE, "            "),
        "        }",
        "    }",
        "",
        "    # Never a file while it is being written (docs/publishing.md: .tmp-* then rename).",
        '    location ~ "/\\.tmp-" { return 404; }',
        "",
        "    # A published attachment: its file under the upload's extension, sent as a download.",
        f"    location ~ {_quote(url_regex('records:attachment'))} {{",
        *static_block,
        '        add_header Content-Disposition "attachment" always;',
        f"        try_files {' '.join(downloads)} @gone_or_app;",
        "    }",
        "",
        "    # A published directory page: its index file, else a gone page (410), else the app.",
        '    location ~ "/$" {',
        f"        root ${tag}_list_root;",
        *static_block[1:],
        f"        try_files {' '.join(index_files)} @gone_or_app;",
        "    }",
        "",
        "    # A published file (sitemap.xml, downloads, 404.html), else the app.",
        "    location / {",
        *static_block,
        "        try_files $uri @gone_or_app;",
        "    }",
        "",
        "    location @gone_or_app {",
        f"        root ${tag}_root;",
        f"        if (-f $document_root${{uri}}{tree.GONE_FILE}) {{ return 410; }}",
        f"        proxy_pass http://{tag}_app;",
        "    }",
        "}",
        "",
    ]
    return "\n".join(out)


def _nginx_version() -> tuple[int, ...]:
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    try:
        text = subprocess.run([nginx, "-v"], capture_output=True, text=True, timeout=10).stderr
    except (OSError, subprocess.SubprocessError):
        return (0,)
    version = text.strip().rpartition("/")[2].split()[0] if "/" in text else "0"
    return tuple(int(part) for part in version.split(".") if part.isdigit())


def main_config(server: str, prefix: Path) -> str:
    """A whole nginx.conf around `server` for a private prefix directory (tests, prod-local, bench).

    pid, logs and temporary files stay under `prefix`, so it runs as any user; run as root, the
    workers stay root too (the tree may be in a directory only root can read, such as pytest's tmp).
    """
    prefix = Path(prefix).resolve()
    for name in ("logs", *(f"tmp/{kind.split('_')[0]}" for kind in _TEMP_KINDS)):
        (prefix / name).mkdir(parents=True, exist_ok=True)
    return "\n".join(
        [
            *(["user root root;"] if os.geteuid() == 0 else []),
            "worker_processes auto;",
            f"pid {prefix}/nginx.pid;",
            f"error_log {prefix}/logs/error.log warn;",
            "events { worker_connections 1024; }",
            "http {",
            "    include /etc/nginx/mime.types;",
            "    default_type application/octet-stream;",
            "    sendfile on;",
            "    tcp_nopush on;",
            f"    access_log {prefix}/logs/access.log combined buffer=64k flush=1s;",
            *(f"    {kind}_temp_path {prefix}/tmp/{kind.split('_')[0]};" for kind in _TEMP_KINDS),
            *("    " + line if line else "" for line in server.splitlines()),
            "}",
            "",
        ]
    )


_TEMP_KINDS = ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")


def nginx_binary() -> str | None:
    found = shutil.which("nginx") or "/usr/sbin/nginx"
    return found if Path(found).exists() else None


def start(conf: Path, port: int, *, timeout: float = 10.0, **popen) -> subprocess.Popen:
    """Run nginx in the foreground with `conf` (a main_config under its own prefix) until it listens.

    `popen` goes to subprocess.Popen (e.g. a new session for a supervisor that stops it itself)."""
    prefix = conf.parent
    binary = nginx_binary() or "nginx"
    subprocess.run([binary, "-q", "-t", "-p", str(prefix), "-c", str(conf)], check=True, timeout=30)
    process = subprocess.Popen([binary, "-p", str(prefix), "-c", str(conf), "-g", "daemon off;"], **popen)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"nginx exited with {process.returncode}: see {prefix / 'logs/error.log'}")
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return process
        time.sleep(0.05)
    process.kill()
    raise RuntimeError(f"nginx did not listen on {port} within {timeout} s")
