"""Search benchmark: build the record search index over a synthetic corpus, then time and check
1-, 2-, 3- and 4-character queries (first page of 20 ranked results with its capped hit count).

    .venv/bin/python bench/search_bench.py --backend sqlite --docs 100000
    .venv/bin/python bench/search_bench.py --backend postgresql --docs 1000000

SQLite uses a file under /tmp; PostgreSQL a dedicated database (gongkai_search_bench on
127.0.0.1, dropped at the end unless --keep). Only the search app's tables are created. Ground
truth comes from a substring scan of the regenerated corpus (bench/search_corpus.py), computed
while the corpus is generated and cached in /tmp. Results: a Markdown table on stdout and JSON in
--out (default bench/results/search-<backend>-<docs>-<time>.json, with the load average). Every
phase prints its progress; nothing runs unbounded (the build is one pass). --skip-build --keep
re-runs the queries against an index kept by an earlier run.

PostgreSQL rebuilds: --corpus-table keeps the generated corpus (normalized, as staged) in the table
bench_corpus of the bench database; a later build with --corpus-table loads it from there instead
of generating it again (the ground truth is cached in /tmp), so only the indexing is redone:

    .venv/bin/python bench/search_bench.py --backend postgresql --docs 1000000 --corpus-table --keep
"""

from __future__ import annotations

import argparse
import heapq
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]

from bench.search_corpus import document  # noqa: E402

PG_URL = "postgres://postgres@127.0.0.1:5432"
PG_DB = "gongkai_bench_search"
# The ground truth keeps the ids of queries with at most this many hits; their full recall is checked with the
# search's cap raised to it (the timed searches use the application's cap, SEARCH_COUNT_CAP or --cap).
TRUTH_IDS = 10_000

QUERIES = {
    1: ["安", "矿", "汛", "爆", "震", "氨", "瓦", "氰", "9", "雹"],
    2: ["安全", "应急", "尾矿", "救援", "防汛", "矿库", "涉氨", "瓦斯", "透水", "爆破"],
    3: ["尾矿库", "救援队", "防汛抗", "全生产", "应急管", "高处作", "堰塞湖", "app", "矿库闭", "危化品"],
    4: [
        "安全生产",
        "应急预案",
        "防汛抗旱",
        "隐患排查",
        "救援队伍",
        "森林防火",
        "液氨制冷",
        "泥石流预",
        "2022",
        "冒顶事故",
    ],
}


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


def setup_django(backend: str, docs: int, db: str = PG_DB) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "gongkai.conf.settings"
    os.environ["DJANGO_ENV"] = "development"
    os.environ["DEBUG"] = "false"
    os.environ.setdefault("GONGKAI_VAR_DIR", "/tmp/gongkai_search_bench_var")
    if backend == "sqlite":
        os.environ["DATABASE_URL"] = f"sqlite:////tmp/gongkai_search_bench_{docs}.sqlite3"
    else:
        import psycopg

        with psycopg.connect(f"{PG_URL}/postgres", autocommit=True) as conn:
            exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [db]).fetchone()
            if not exists:
                conn.execute(f'CREATE DATABASE "{db}"')
        os.environ["DATABASE_URL"] = f"{PG_URL}/{db}"
    import django

    django.setup()


def drop_pg_database(db: str = PG_DB) -> None:
    from django.db import connections

    connections.close_all()
    import psycopg

    with psycopg.connect(f"{PG_URL}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)')


def recreate_schema() -> None:
    from django.db import connection

    from gongkai.search import backends
    from gongkai.search.models import SearchDocument

    drop = backends.SQLITE_DROP if connection.vendor == "sqlite" else backends.PG_DROP
    create = backends.SQLITE_CREATE if connection.vendor == "sqlite" else backends.PG_CREATE
    with connection.schema_editor() as editor:
        for sql in drop:
            editor.execute(sql, params=None)
        if SearchDocument._meta.db_table in connection.introspection.table_names():
            editor.delete_model(SearchDocument)
        editor.create_model(SearchDocument)
        for sql in create:
            editor.execute(sql, params=None)


# --- ground truth -------------------------------------------------------------------------------


class Truth:
    """Per query: hit counts, the ids (while at most TRUTH_IDS), and the expected first page."""

    def __init__(self, queries: list[str]):
        from gongkai.search.service import published_ts
        from gongkai.search.text import normalize

        self.normalize, self.published_ts = normalize, published_ts
        self.terms = {q: normalize(q) for q in queries}
        self.data = {q: {"all": 0, "title": 0, "ids": [], "top_title": [], "top_body": []} for q in queries}

    def add(self, doc: dict) -> None:
        title, body = self.normalize(doc["title"]), self.normalize(doc["body"])
        key = (self.published_ts(doc["published_at"]), doc["doc_id"])
        for q, term in self.terms.items():
            in_title = term in title
            if not in_title and term not in body:
                continue
            d = self.data[q]
            d["all"] += 1
            if d["all"] <= TRUTH_IDS:
                d["ids"].append(doc["doc_id"])
            top = d["top_title"] if in_title else d["top_body"]
            d["title"] += in_title
            item = (key, doc["doc_id"])
            if len(top) < 20:
                heapq.heappush(top, item)
            elif item > top[0]:
                heapq.heapreplace(top, item)

    def first_page(self, q: str, order: str = "relevance") -> list[int]:
        d = self.data[q]
        if order == "newest":
            return [i for _, i in sorted(d["top_title"] + d["top_body"], reverse=True)[:20]]
        return [i for _, i in (sorted(d["top_title"], reverse=True) + sorted(d["top_body"], reverse=True))[:20]]

    def dump(self, path: Path) -> None:
        path.write_text(json.dumps(self.data))

    def load(self, path: Path) -> None:
        self.data = {q: {**v, "top_title": [tuple(x) for x in v["top_title"]],
                         "top_body": [tuple(x) for x in v["top_body"]]} for q, v in json.loads(path.read_text()).items()}  # fmt: skip


# --- phases -------------------------------------------------------------------------------------


CORPUS_TABLE = "bench_corpus"


def corpus_table_rows() -> int:
    from django.db import connection

    if CORPUS_TABLE not in connection.introspection.table_names():
        return 0
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {CORPUS_TABLE}")
        return cursor.fetchone()[0]


def build(docs: int, seed: int, truth: Truth | None, corpus_table: bool = False) -> dict:
    from django.db import connection, transaction

    from gongkai.search import backends, service

    recreate_schema()
    gen_seconds = 0.0

    def corpus():
        nonlocal gen_seconds
        for i in range(docs):
            t = time.perf_counter()
            doc = document(i, seed)
            if truth is not None:
                truth.add(doc)
            gen_seconds += time.perf_counter() - t
            if i and i % 100_000 == 0:
                log(f"  {i:,} documents")
            yield doc

    log(f"build: {docs:,} documents into {connection.vendor}")
    started = time.perf_counter()
    if corpus_table and truth is None and corpus_table_rows() == docs:
        # The stored corpus goes straight into the staging table; the rest is bulk_load's path.
        log(f"build: documents from the table {CORPUS_TABLE} (no generation)")
        backend = service.get_backend()
        columns = ", ".join(backends.STAGED_COLUMNS)
        with transaction.atomic(), connection.cursor() as cursor:
            backend.before_bulk_load(cursor)
            cursor.execute(f"INSERT INTO {backends.STAGING_TABLE} ({columns}) SELECT {columns} FROM {CORPUS_TABLE}")
            backend.unstage(cursor, service.SORT_KEY_GAP)
            backend.after_bulk_load(cursor)
        total = time.perf_counter() - started
    else:
        service.bulk_load(corpus(), batch_size=5000)
        total = time.perf_counter() - started
        if corpus_table:
            with connection.cursor() as cursor:
                cursor.execute(f"DROP TABLE IF EXISTS {CORPUS_TABLE}")
                cursor.execute(
                    f"CREATE TABLE {CORPUS_TABLE} AS SELECT {', '.join(backends.STAGED_COLUMNS)} "
                    f"FROM {backends.DOC_TABLE}"
                )
    build_seconds = total - gen_seconds
    sizes = service.index_size()
    log(f"build: {build_seconds:.0f} s indexing (+{gen_seconds:.0f} s generating the corpus)")

    result = {
        "docs": docs,
        "build_seconds": round(build_seconds, 1),
        "generate_seconds": round(gen_seconds, 1),
        "bulk_docs_per_second": round(docs / build_seconds),
        "sizes": sizes,
    }
    if connection.vendor == "sqlite":
        result["sqlite_file_bytes"] = Path(connection.settings_dict["NAME"]).stat().st_size
    return result


def measure_single(docs: int, seed: int) -> dict:
    """The per-record path (what publishing or withdrawing one record costs): index, then remove,
    500 new documents, one transaction each. Leaves the index as it was."""
    from gongkai.search import service

    extra = [document(docs + 1_000_000 + i, seed) | {"doc_id": docs + 1 + i} for i in range(500)]
    t = time.perf_counter()
    for doc in extra:
        service.index_document(**doc)
    single_seconds = time.perf_counter() - t
    t = time.perf_counter()
    for doc in extra:
        service.remove_document(doc["doc_id"])
    remove_seconds = time.perf_counter() - t
    return {
        "single_index_docs_per_second": round(len(extra) / single_seconds),
        "single_remove_docs_per_second": round(len(extra) / remove_seconds),
    }


def run_queries(truth: Truth, reps: int, check_all: bool) -> dict:
    from django.conf import settings

    from gongkai.search import service

    cap = service.count_cap()
    rows, samples = [], {n: [] for n in QUERIES}
    newest_samples = {n: [] for n in QUERIES}
    for length, queries in QUERIES.items():
        for q in queries:
            expected = truth.data[q]
            service.search(q)  # first run: warms the cache; timed below
            times = []
            for _ in range(reps):
                t = time.perf_counter()
                result = service.search(q)
                times.append((time.perf_counter() - t) * 1000)
            newest = []
            for _ in range(max(1, reps // 2)):
                t = time.perf_counter()
                result_newest = service.search(q, order="newest")
                newest.append((time.perf_counter() - t) * 1000)
            samples[length] += times
            newest_samples[length] += newest
            true_total = expected["all"]
            count_ok = (result.total, result.capped) == (min(true_total, cap), true_total > cap)
            page_ok = result.ids == truth.first_page(q)
            newest_ok = result_newest.ids == truth.first_page(q, "newest")
            recall = None
            if check_all and true_total <= TRUTH_IDS:
                got = set()
                page = 1
                timed_settings = settings.GONGKAI
                settings.GONGKAI = {**timed_settings, "SEARCH_COUNT_CAP": TRUTH_IDS}
                try:
                    while True:
                        r = service.search(q, page=page, page_size=100)
                        got.update(r.ids)
                        if len(r.ids) < 100:
                            break
                        page += 1
                finally:
                    settings.GONGKAI = timed_settings
                want = set(expected["ids"])
                recall = len(got & want) / len(want) if want else 1.0
                if got - want:
                    recall = -1.0  # false positives
            rows.append(
                {
                    "query": q,
                    "length": length,
                    "true_hits": true_total,
                    "true_title_hits": expected["title"],
                    "total": result.total,
                    "capped": result.capped,
                    "count_ok": count_ok,
                    "first_page_ok": page_ok,
                    "newest_first_page_ok": newest_ok,
                    "full_recall": recall,
                    "median_ms": round(statistics.median(times), 1),
                    "max_ms": round(max(times), 1),
                    "newest_median_ms": round(statistics.median(newest), 1),
                }
            )
            log(f"  {q!r}: {true_total:,} hits, median {statistics.median(times):.1f} ms, ok={count_ok and page_ok}")

    def pct(values, p):
        values = sorted(values)
        return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]

    groups = {
        n: {
            "p50_ms": round(pct(samples[n], 50), 1),
            "p95_ms": round(pct(samples[n], 95), 1),
            "newest_p50_ms": round(pct(newest_samples[n], 50), 1),
            "newest_p95_ms": round(pct(newest_samples[n], 95), 1),
            "samples": len(samples[n]),
        }
        for n in QUERIES
    }
    return {"queries": rows, "groups": groups, "count_cap": cap}


def report(backend: str, build_result: dict | None, query_result: dict) -> str:
    lines = [f"### {backend}, count cap {query_result['count_cap']:,}", ""]
    single = query_result["single"]
    lines += [
        f"- one record at a time: index {single['single_index_docs_per_second']} docs/s, "
        f"remove {single['single_remove_docs_per_second']} docs/s"
    ]
    if build_result:
        mb = {k: round(v / 1e6, 1) for k, v in build_result["sizes"].items()}
        lines += [
            f"- documents: {build_result['docs']:,}; bulk build {build_result['build_seconds']} s "
            f"({build_result['bulk_docs_per_second']:,} docs/s; corpus generation "
            f"{build_result['generate_seconds']} s not included)",
            f"- sizes (MB): {mb}" + (
                f"; whole file {build_result['sqlite_file_bytes'] / 1e6:.0f} MB" if "sqlite_file_bytes" in build_result else ""
            ),
            "",
        ]  # fmt: skip
    lines += ["| query length | p50 ms | p95 ms | newest-first p50 / p95 ms | samples |", "|---|---|---|---|---|"]
    for n, g in query_result["groups"].items():
        lines.append(
            f"| {n} | {g['p50_ms']} | {g['p95_ms']} | {g['newest_p50_ms']} / {g['newest_p95_ms']} | {g['samples']} |"
        )
    lines += [
        "",
        "| query | hits (true) | in title | shown | count ok | page 1 ok | full recall | median / max ms | newest ms |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for r in query_result["queries"]:
        shown = f"{r['total']:,}{'+' if r['capped'] else ''}"
        recall = "—" if r["full_recall"] is None else f"{r['full_recall']:.3f}"
        lines.append(
            f"| {r['query']} | {r['true_hits']:,} | {r['true_title_hits']:,} | {shown} | {r['count_ok']} | "
            f"{r['first_page_ok'] and r['newest_first_page_ok']} | {recall} | {r['median_ms']} / {r['max_ms']} | "
            f"{r['newest_median_ms']} |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--backend", choices=["sqlite", "postgresql"], required=True)
    parser.add_argument("--docs", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--reps", type=int, default=5)
    parser.add_argument("--skip-build", action="store_true", help="query an index built by an earlier run")
    parser.add_argument("--no-full-recall", action="store_true", help="only check counts and first pages")
    parser.add_argument("--keep", action="store_true", help="keep the PostgreSQL database / SQLite file")
    parser.add_argument("--db", default=PG_DB, help=f"PostgreSQL database (default {PG_DB})")
    parser.add_argument(
        "--corpus-table",
        action="store_true",
        help=f"PostgreSQL: store the corpus in the table {CORPUS_TABLE} / build from it when it is there",
    )
    parser.add_argument("--cap", type=int, help="count cap of the timed searches (default: SEARCH_COUNT_CAP or 1,000)")
    parser.add_argument("--out", type=Path)
    parser.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="override a tuning constant of gongkai.search.backends or .postgresql, e.g. --set ORDERED_MIN_SHARE=0.1",
    )
    args = parser.parse_args()

    if args.cap:
        os.environ["SEARCH_COUNT_CAP"] = str(args.cap)
    setup_django(args.backend, args.docs, args.db)
    from gongkai.search import backends, postgresql

    for item in args.set:
        name, value = item.split("=", 1)
        module = next((m for m in (postgresql, backends) if hasattr(m, name)), None)
        if module is None:
            sys.exit(f"gongkai.search.backends and .postgresql have no {name}")
        setattr(module, name, json.loads(value.lower()) if value.lower() in ("true", "false") else float(value))
        log(f"{module.__name__}.{name} = {getattr(module, name)}")
    all_queries = [q for qs in QUERIES.values() for q in qs]
    truth = Truth(all_queries)
    truth_path = Path(f"/tmp/gongkai_search_truth_{args.docs}_{args.seed}.json")
    have_truth = truth_path.exists() and set(json.loads(truth_path.read_text())) == set(all_queries)
    if have_truth:
        truth.load(truth_path)
    build_result = None
    try:
        if not args.skip_build:
            build_result = build(args.docs, args.seed, None if have_truth else truth, args.corpus_table)
            if not have_truth:
                truth.dump(truth_path)
        elif not have_truth:
            sys.exit("--skip-build needs the ground truth of an earlier run")
        log("one record at a time")
        single = measure_single(args.docs, args.seed)
        log("queries")
        query_result = run_queries(truth, args.reps, not args.no_full_recall) | {"single": single}
    finally:
        if args.backend == "postgresql" and not args.keep:
            drop_pg_database(args.db)
        elif args.backend == "sqlite" and not args.keep and not args.skip_build:
            from django.db import connections

            connections.close_all()
            for suffix in ("", "-wal", "-shm"):
                Path(f"/tmp/gongkai_search_bench_{args.docs}.sqlite3{suffix}").unlink(missing_ok=True)
    text = report(args.backend + "".join(f", {item}" for item in args.set), build_result, query_result)
    print(text)
    out = (
        args.out
        or ROOT / "bench" / "results" / f"search-{args.backend}-{args.docs}-{time.strftime('%Y%m%d-%H%M%S')}.json"
    )
    out.parent.mkdir(exist_ok=True)
    meta = {
        "backend": args.backend,
        "docs": args.docs,
        "set": args.set,
        "cap": query_result["count_cap"],
        "loadavg": os.getloadavg(),
    }
    out.write_text(json.dumps({"meta": meta, "build": build_result, **query_result}, ensure_ascii=False, indent=1))
    log(f"results: {out}")


if __name__ == "__main__":
    main()
