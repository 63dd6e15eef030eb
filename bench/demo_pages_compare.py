"""Byte-compare the public pages of two separately loaded demos (e.g. before and after a change of the demo).

`bench/render_snapshot.py` compares two snapshots of the same database. Two loads of the demo differ in
values drawn at random on every load — the UUIDs of records and FOI requests (in URLs and links) and the
FOI tracking numbers — so this script stores, next to the snapshot, a map from each such value to a name
that is the same in both loads (a record: its bureau and index number, or for one never published its
bureau, title and event date; an FOI request: its bureau and position in the bureau's requests; any
other UUID: its row's model and primary key; an FOI document: its request and file name), and the moments within the load of the demo (PubDate, the
guides' "updated" time, …) by LOAD-TIME, and compares the pages with those values replaced:

    GONGKAI_VAR_DIR=/tmp/before .venv/bin/python manage.py migrate && … load_demo   # the old code
    DATABASE_URL=sqlite:////tmp/before/gongkai.sqlite3 .venv/bin/python bench/demo_pages_compare.py snapshot /tmp/snap-before
    # … the same with the new code into /tmp/after and /tmp/snap-after …
    .venv/bin/python bench/demo_pages_compare.py compare /tmp/snap-before /tmp/snap-after

`snapshot` runs render_snapshot's snapshot (every public URL, both languages, the per-visitor pages) and
writes `names.tsv`; `names` writes only `names.tsv` for an existing snapshot of that database. `compare`
prints the counts and the first differing lines, as render_snapshot does, after the replacement.
"""

from __future__ import annotations

import argparse
import datetime as dt
import difflib
import re
import sys
from pathlib import Path

sys.path[:0] = [str(Path(__file__).resolve().parent)]

import render_snapshot  # noqa: E402 (bench/ is on the path only now)

UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[0-9a-f]{32}")
TRACKING = re.compile(r"F\d{8}[0-9A-Z]{4,}")
# A moment written in local time (a page's PubDate, an "updated" time): the moments within the load of the
# demo (the first to the last audit record) differ between two loads and are replaced by LOAD-TIME.
MOMENT = re.compile(r"(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2})(:\d{2}(?:\.\d+)?)?(?:\+08:00)?")
LOAD_WINDOW = "load-window"
DOCUMENT = re.compile(r"/documents/\d+/")
DATE = re.compile(r"\d{4}-\d{2}-\d{2}|\d{4}年\d{1,2}月\d{1,2}日|LOAD-TIME")


def write_names(out: Path) -> int:
    """names.tsv: one `value<TAB>name` line per record UUID, FOI request UUID and tracking number."""
    from django.apps import apps
    from django.db.models import Max, Min, UUIDField
    from django.utils import timezone

    from gongkai.core.models import AuditLogEntry
    from gongkai.foi_requests.models import FoiRequest, RequestAttachment
    from gongkai.records.models import Record

    names: dict[str, str] = {}
    for record in Record.objects.select_related("bureau").order_by("pk"):
        stable = record.index_number or f"{record.title}|{record.event_date}|{record.status}"
        name = f"record[{record.bureau.code}|{stable}]"
        names[str(record.uuid)] = names[record.uuid.hex] = name
    position: dict[int, int] = {}
    for foi in FoiRequest.objects.select_related("bureau").order_by("pk"):
        position[foi.bureau_id] = position.get(foi.bureau_id, 0) + 1
        name = f"{foi.bureau.code}#{position[foi.bureau_id]}"
        names[str(foi.uuid)] = names[foi.uuid.hex] = f"foi[{name}]"
        names[foi.tracking_number] = f"tracking[{name}]"
    attachments = RequestAttachment.objects.order_by("pk").values_list("pk", "request_id", "filename")
    foi_names = {foi.pk: names[str(foi.uuid)] for foi in FoiRequest.objects.only("pk", "uuid")}
    for pk, request_id, filename in attachments:  # made in another order when the worker makes them
        names[f"/documents/{pk}/"] = f"/documents/{foi_names[request_id]}|{filename}/"
    for model in apps.get_models():  # every other UUID (catalog item keys, guides, …): the rows are made in order
        for field in model._meta.concrete_fields:
            if model in (Record, FoiRequest) or not isinstance(field, UUIDField):
                continue
            rows = model.objects.exclude(**{field.name: None}).order_by("pk").values_list("pk", field.name)
            for pk, value in rows:
                names.setdefault(str(value), f"{model._meta.label_lower}.{field.name}[{pk}]")
                names.setdefault(value.hex, names[str(value)])
    window = AuditLogEntry.objects.aggregate(first=Min("timestamp"), last=Max("timestamp"))
    names[LOAD_WINDOW] = (
        f"{timezone.localtime(window['first']).isoformat()}/{timezone.localtime(window['last']).isoformat()}"
    )
    lines = [f"{value}\t{name}" for value, name in sorted(names.items())]
    (out / "names.tsv").write_text("\n".join(lines) + "\n")
    return len(names)


def _read_names(directory: Path) -> dict[str, str]:
    return dict(line.split("\t", 1) for line in (directory / "names.tsv").read_text().splitlines() if line)


def _renamer(names: dict[str, str]):
    first, last = (dt.datetime.fromisoformat(t) for t in names[LOAD_WINDOW].split("/"))
    first = first.replace(second=0, microsecond=0, tzinfo=None)
    last = last.replace(tzinfo=None)

    def moment(match: re.Match) -> str:
        at = dt.datetime.fromisoformat(f"{match[1]}T{match[2]}{match[3] or ''}")
        return "LOAD-TIME" if first <= at <= last else match[0]

    def rename(text: str) -> str:
        text = UUID.sub(lambda m: names.get(m[0], m[0]), text)
        text = DOCUMENT.sub(lambda m: names.get(m[0], m[0]), text)  # its name holds a tracking number
        text = TRACKING.sub(lambda m: names.get(m[0], m[0]), text)
        return MOMENT.sub(moment, text)

    return rename


def _pages(directory: Path) -> dict[str, tuple[str, str, bytes]]:
    """key (renamed) -> (status, content type, normalised and renamed body)."""
    rename = _renamer(_read_names(directory))
    pages = {}
    for key, (status, ctype, name) in render_snapshot._read_index(directory).items():
        body = render_snapshot._normalised((directory / "pages" / name).read_bytes())
        pages[rename(key)] = (
            status,
            ctype,
            rename(body.decode("utf-8", "surrogateescape")).encode("utf-8", "surrogateescape"),
        )
    return pages


def _undated(body: bytes) -> str:
    return DATE.sub("DATE", body.decode("utf-8", "replace"))


def compare(before: Path, after: Path, show: int, skip_dated: bool = False) -> int:
    old, new = _pages(before), _pages(after)
    both = sorted(set(old) & set(new))
    only_old, only_new = sorted(set(old) - set(new)), sorted(set(new) - set(old))
    status_differ = [k for k in both if old[k][:2] != new[k][:2]]
    differ = [k for k in both if old[k][2] != new[k][2]]
    print(f"URLs: {len(old)} before, {len(new)} after, {len(both)} in both")
    print(
        f"only before: {len(only_old)}; only after: {len(only_new)}; status/content type changed: {len(status_differ)}"
    )
    print(f"differ (after the renaming and normalising CSRF and client tokens): {len(differ)}")
    undated = [k for k in differ if _undated(old[k][2]) == _undated(new[k][2])]
    print(f"  of which only in dates (a record published or withdrawn on another day): {len(undated)}")
    if skip_dated:
        differ = [k for k in differ if k not in undated]
    for key in only_old[:show]:
        print("  only before:", key)
    for key in only_new[:show]:
        print("  only after:", key)
    for key in differ[:show]:
        print(f"--- {key}")
        a, b = old[key][2].decode("utf-8", "replace"), new[key][2].decode("utf-8", "replace")
        diff = difflib.unified_diff(a.splitlines(), b.splitlines(), "before", "after", n=0, lineterm="")
        for line in list(diff)[2:10]:
            print("   ", line[:240])
    return 1 if differ or only_old or only_new or status_differ else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    for command in ("snapshot", "names"):
        one = sub.add_parser(command)
        one.add_argument("dir", type=Path)
        one.add_argument("--now", default="2026-12-06T02:00:00+00:00", help="the frozen clock (ISO 8601 with offset)")
    comp = sub.add_parser("compare")
    comp.add_argument("before", type=Path)
    comp.add_argument("after", type=Path)
    comp.add_argument("--show", type=int, default=20)
    comp.add_argument("--skip-dated", action="store_true", help="print only pages that differ in more than dates")
    args = parser.parse_args()
    if args.command == "compare":
        return compare(args.before, args.after, args.show, args.skip_dated)
    now = dt.datetime.fromisoformat(args.now)
    if args.command == "snapshot":
        render_snapshot.snapshot(args.dir, now)
    else:
        render_snapshot._setup(now)
        args.dir.mkdir(parents=True, exist_ok=True)
    print(f"{write_names(args.dir)} names written to {args.dir / 'names.tsv'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
