"""Render every public URL of the demo with Django's test Client and store the bytes; compare two snapshots.

Used to prove that a change of the public templates (e.g. the move to one template engine) changes no
page, or only the pages it means to change:

    DATABASE_URL=sqlite:////tmp/demo.sqlite3 .venv/bin/python manage.py migrate
    DATABASE_URL=sqlite:////tmp/demo.sqlite3 .venv/bin/python manage.py load_demo
    DATABASE_URL=sqlite:////tmp/demo.sqlite3 .venv/bin/python bench/render_snapshot.py snapshot /tmp/snap-before
    # … change the templates …
    DATABASE_URL=sqlite:////tmp/demo.sqlite3 .venv/bin/python bench/render_snapshot.py snapshot /tmp/snap-after
    .venv/bin/python bench/render_snapshot.py compare /tmp/snap-before /tmp/snap-after

What is fetched: a crawl (every `href` of every HTML page, every `<loc>` of the sitemaps, in both
languages through the language switch) from the home pages, the sitemap index, the FOI index, the catalog
status and guideline pages; the withdrawn records (410) and a few unknown URLs (404); and the per-visitor
pages with the session they need: each FOI request's status, acknowledgement and withdrawal page (a
tracking session), the code page, a signed-in applicant's list, and the forms with errors (empty POSTs).
Downloads (attachments, receipts, catalog files) are skipped. Settings: gongkai.conf.test with the
database of DATABASE_URL, DEBUG off (as in production and in the tests). Everything runs in one
transaction that is rolled back, so the database is the same for the next snapshot, and the clock is
frozen (`--now`), so "today"-dependent text (due dates, lateness) is the same in both snapshots.

`compare` normalises the per-request values — the CSRF token, the FOI form's `client_token` (a fresh
UUID per form) and the date of a feed (Django dates a feed without entries with the real clock) — and
reports, besides exact differences, how many pages differ only in whitespace between tags.
"""

from __future__ import annotations

import argparse
import datetime as dt
import difflib
import hashlib
import html
import os
import re
import sys
import time
from pathlib import Path
from urllib.parse import urljoin, urlsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src")]

SKIP = re.compile(r"^/(en/)?(static|media|documents|admin|api)/|/attachments/|\.pdf$|/download\.|/documents/\d+/")
HREF = re.compile(r"""\shref="([^"]*)\"""")
LOC = re.compile(r"<loc>([^<]*)</loc>")
CSRF = re.compile(r'(name="csrfmiddlewaretoken" value=")[^"]*(")')
CLIENT_TOKEN = re.compile(r'(name="client_token" value=")[^"]*(")')
# A feed without entries is dated "now" by Django's feed generator (the real clock, not timezone.now).
FEED_DATE = re.compile(
    r"(<lastBuildDate>)[^<]*(</lastBuildDate>)|(<feed\b[^>]*>(?:(?!<entry>).)*?<updated>)[^<]*(</updated>)", re.S
)
BETWEEN_TAGS = re.compile(rb">\s+<")


class _Rollback(Exception):
    pass


def _setup(now: dt.datetime) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.conf.test")
    if "DATABASE_URL" not in os.environ:
        sys.exit("Set DATABASE_URL to the demo database (see the docstring).")
    import django
    from django.test.utils import setup_test_environment
    from django.utils import timezone

    django.setup()
    setup_test_environment(debug=False)
    timezone.now = lambda: now  # the code calls timezone.now() / timezone.localdate() through the module


def _key_name(key: str) -> str:
    readable = re.sub(r"[^A-Za-z0-9._-]+", "_", key)[:80]
    return f"{readable}-{hashlib.sha1(key.encode()).hexdigest()[:10]}"


class Snapshot:
    def __init__(self, out: Path):
        self.out = out
        self.pages = out / "pages"
        self.pages.mkdir(parents=True, exist_ok=True)
        self.index: dict[str, tuple[int, str, str]] = {}
        self.seconds = 0.0

    def store(self, key: str, response) -> bytes:
        body = response.content if not response.streaming else b"".join(response.streaming_content)
        name = _key_name(key)
        (self.pages / name).write_bytes(body)
        self.index[key] = (response.status_code, response.get("Content-Type", ""), name)
        return body

    def fetch(self, client, key: str, method: str, url: str, data=None):
        start = time.perf_counter()
        response = client.get(url) if method == "GET" else client.post(url, data or {})
        self.seconds += time.perf_counter() - start
        return response, self.store(key, response)

    def write_index(self) -> None:
        lines = [f"{key}\t{status}\t{ctype}\t{name}" for key, (status, ctype, name) in sorted(self.index.items())]
        (self.out / "index.tsv").write_text("\n".join(lines) + "\n")


def _links(body: bytes, ctype: str, base_url: str, public_host: str) -> list[str]:
    text = body.decode("utf-8", "replace")
    found = LOC.findall(text) if "xml" in ctype else HREF.findall(text)
    links = []
    for raw in found:
        url = urljoin(base_url, html.unescape(raw))
        parts = urlsplit(url)
        if parts.scheme and parts.netloc not in ("testserver", public_host):
            continue
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        if path.startswith("/") and not SKIP.search(parts.path):
            links.append(path)
    return links


def crawl(snap: Snapshot, seeds: list[str]) -> None:
    from django.conf import settings
    from django.test import Client

    public_host = urlsplit(settings.GONGKAI["PUBLIC_BASE_URL"]).netloc
    client = Client()
    seen, queue = set(seeds), list(seeds)
    while queue:
        url = queue.pop(0)
        response, body = snap.fetch(client, f"GET {url}", "GET", url)
        ctype = response.get("Content-Type", "")
        if response.status_code == 200 and ("html" in ctype or ctype.startswith("application/xml")):
            for link in _links(body, ctype, url, public_host):
                if link not in seen:
                    seen.add(link)
                    queue.append(link)


def per_visitor_pages(snap: Snapshot) -> None:
    from django.test import Client

    from gongkai.accounts.models import User
    from gongkai.foi_requests import views_public
    from gongkai.foi_requests.constants import OPEN_STATES
    from gongkai.foi_requests.models import FoiRequest
    from gongkai.foi_requests.services import tracking
    from gongkai.organizations.models import Bureau

    requests = list(FoiRequest.objects.order_by("pk"))
    far = (dt.datetime(2100, 1, 1, tzinfo=dt.UTC)).timestamp()
    client = Client()
    session = client.session
    session[views_public.SUBMITTED_SESSION_KEY] = [str(foi.uuid) for foi in requests]
    session[tracking.SESSION_KEY] = {str(foi.uuid): far for foi in requests}
    session[views_public.PENDING_SESSION_KEY] = requests[0].tracking_number if requests else "none"
    session.save()
    for prefix in ("", "/en"):
        for foi in requests:
            for page in ("", "submitted/") + (("withdraw/",) if foi.state in OPEN_STATES else ()):
                url = f"{prefix}/foi/requests/{foi.uuid}/{page}"
                snap.fetch(client, f"GET {url} [tracking session]", "GET", url)
        url = f"{prefix}/foi/track/code/"
        snap.fetch(client, f"GET {url} [pending code]", "GET", url)
        snap.fetch(client, f"POST {url} [pending code, empty]", "POST", url)
        for foi in [f for f in requests if f.state in OPEN_STATES][:3]:
            url = f"{prefix}/foi/requests/{foi.uuid}/withdraw/"
            snap.fetch(client, f"POST {url} [tracking session, empty]", "POST", url, {"reason": ""})

    anonymous = Client()
    bureau = Bureau.objects.disclosing().order_by("sort_order", "code").first()
    for prefix in ("", "/en"):
        for url in (f"{prefix}/b/{bureau.code}/foi/apply/", f"{prefix}/foi/track/", f"{prefix}/account/signup/"):
            snap.fetch(anonymous, f"POST {url} [empty]", "POST", url, {"full_name": ""})
        url = f"{prefix}/account/login/"
        snap.fetch(anonymous, f"POST {url} [empty]", "POST", url, {"next": "/foi/mine/"})

    applicant = User.objects.create_user(
        username="snapshot@example.org", email="snapshot@example.org", password="x" * 20, full_name="快照申请人"
    )
    FoiRequest.objects.filter(pk__in=[f.pk for f in requests[:25]]).update(applicant_account=applicant)
    signed_in = Client()
    signed_in.force_login(applicant)
    for prefix in ("", "/en"):
        for url in (f"{prefix}/foi/mine/", f"{prefix}/foi/mine/?page=2", f"{prefix}/foi/"):
            snap.fetch(signed_in, f"GET {url} [applicant]", "GET", url)


def snapshot(out: Path, now: dt.datetime) -> None:
    _setup(now)
    from django.db import transaction

    from gongkai.records.models import Record

    snap = Snapshot(out)
    started = time.perf_counter()
    try:
        with transaction.atomic():
            gone = [f"/records/{r.uuid}/" for r in Record.objects.filter(status="withdrawn").order_by("pk")]
            seeds = ["/", "/en/", "/sitemap.xml", "/foi/", "/en/foi/", "/catalog-status/", "/guidelines/", "/search/"]
            seeds += [
                "/search/?q=%E5%AE%89%E5%85%A8",
                "/en/search/?q=%E5%AE%89%E5%85%A8&page=2",
                "/search/?genre=notice",
            ]
            seeds += gone + ["/en" + url for url in gone]
            seeds += ["/b/no-such-bureau/", "/records/00000000-0000-4000-8000-000000000000/", "/en/no-such-page/"]
            crawl(snap, seeds)
            per_visitor_pages(snap)
            raise _Rollback
    except _Rollback:
        pass
    snap.write_index()
    statuses: dict[int, int] = {}
    for status, _ctype, _name in snap.index.values():
        statuses[status] = statuses.get(status, 0) + 1
    print(f"{len(snap.index)} responses stored in {out} ({dict(sorted(statuses.items()))}); ", end="")
    print(f"{snap.seconds:.1f} s in the client, {time.perf_counter() - started:.1f} s in all")


def _read_index(directory: Path) -> dict[str, tuple[str, str, str]]:
    entries = {}
    for line in (directory / "index.tsv").read_text().splitlines():
        key, status, ctype, name = line.split("\t")
        entries[key] = (status, ctype, name)
    return entries


def _normalised(body: bytes) -> bytes:
    text = body.decode("utf-8", "surrogateescape")
    text = CSRF.sub(r"\1CSRF\2", text)
    text = CLIENT_TOKEN.sub(r"\1TOKEN\2", text)
    text = FEED_DATE.sub(lambda m: f"{m[1] or m[3]}DATE{m[2] or m[4]}", text, count=1)
    return text.encode("utf-8", "surrogateescape")


def compare(before: Path, after: Path, show: int) -> int:
    old, new = _read_index(before), _read_index(after)
    only_old, only_new = sorted(set(old) - set(new)), sorted(set(new) - set(old))
    differ, whitespace_only, status_differ = [], [], []
    for key in sorted(set(old) & set(new)):
        if old[key][:2] != new[key][:2]:
            status_differ.append(key)
        a = _normalised((before / "pages" / old[key][2]).read_bytes())
        b = _normalised((after / "pages" / new[key][2]).read_bytes())
        if a != b:
            differ.append(key)
            if BETWEEN_TAGS.sub(b"><", a) == BETWEEN_TAGS.sub(b"><", b):
                whitespace_only.append(key)
    print(f"URLs: {len(old)} before, {len(new)} after, {len(set(old) & set(new))} in both")
    print(
        f"only before: {len(only_old)}; only after: {len(only_new)}; status/content type changed: {len(status_differ)}"
    )
    print(f"differ (after normalising CSRF tokens and client tokens): {len(differ)}")
    print(f"  of which only in whitespace between tags: {len(whitespace_only)}")
    for key in (only_old + only_new + status_differ)[:show]:
        print("  missing/changed:", key, old.get(key), new.get(key))
    for key in [k for k in differ if k not in whitespace_only][:show]:
        a = _normalised((before / "pages" / old[key][2]).read_bytes()).decode("utf-8", "replace")
        b = _normalised((after / "pages" / new[key][2]).read_bytes()).decode("utf-8", "replace")
        print(f"--- {key}")
        diff = difflib.unified_diff(a.splitlines(), b.splitlines(), "before", "after", n=0, lineterm="")
        for line in list(diff)[2:14]:
            print("   ", line[:300])
    return 1 if differ or only_old or only_new or status_differ else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    snap = sub.add_parser("snapshot", help="render every public URL into DIR")
    snap.add_argument("dir", type=Path)
    snap.add_argument("--now", default="2026-12-06T02:00:00+00:00", help="the frozen clock (ISO 8601 with offset)")
    comp = sub.add_parser("compare", help="compare two snapshot directories")
    comp.add_argument("before", type=Path)
    comp.add_argument("after", type=Path)
    comp.add_argument("--show", type=int, default=20, help="how many differing pages to print")
    args = parser.parse_args()
    if args.command == "snapshot":
        snapshot(args.dir, dt.datetime.fromisoformat(args.now))
        return 0
    return compare(args.before, args.after, args.show)


if __name__ == "__main__":
    sys.exit(main())
