"""Catalog interchange benchmark: import of a 1,000-row official-layout XLSX, and export of every
bureau's catalog in every format.

    .venv/bin/python bench/catalog_import.py                        # SQLite file under /tmp
    .venv/bin/python bench/catalog_import.py --backend postgresql   # database gongkai_io_bench on 127.0.0.1

Import phases, each timed separately and repeated (median of --repeat runs):
- parse: file checks + reading the workbook + element-by-element validation (pure, no database);
- import (new): parse + persist into an empty catalog (1,000 items added), all in one transaction;
- import (same file again): every item matched by name, nothing changes;
- import (10 % edited): 100 items changed, the rest unchanged.
The target is an import under 2 s. Export: every bureau's published catalog (guideline rows plus
local items, about 30 items each) in XLSX, CSV, JSON, PDF and DOCX, plus the 1,000-item catalog.

The database is created from migrations once (about a minute) and reused with --reuse; the
bench's own bureaus use codes "bench-*". Results: a Markdown table on stdout and JSON in --out.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]

PG_URL = "postgres://postgres@127.0.0.1:5432"
PG_DB = "gongkai_io_bench"
SQLITE_PATH = "/tmp/gongkai_io_bench.sqlite3"
COUNTIES = ["解放区", "中站区", "马村区", "山阳区", "修武县", "博爱县", "武陟县", "温县", "沁阳市", "孟州市", "示范区"]


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


def setup_django(backend: str, reuse: bool) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "gongkai.conf.settings"
    os.environ["DJANGO_ENV"] = "development"
    os.environ["DEBUG"] = "false"
    os.environ.setdefault("GONGKAI_VAR_DIR", "/tmp/gongkai_io_bench_var")
    os.environ["TASKS_BACKEND"] = "django.tasks.backends.immediate.ImmediateBackend"
    if backend == "sqlite":
        if not reuse and os.path.exists(SQLITE_PATH):
            os.remove(SQLITE_PATH)
        os.environ["DATABASE_URL"] = f"sqlite:///{SQLITE_PATH}"
    else:
        import psycopg

        with psycopg.connect(f"{PG_URL}/postgres", autocommit=True) as conn:
            exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [PG_DB]).fetchone()
            if exists and not reuse:
                conn.execute(f'DROP DATABASE "{PG_DB}" WITH (FORCE)')
                exists = None
            if not exists:
                conn.execute(f'CREATE DATABASE "{PG_DB}"')
        os.environ["DATABASE_URL"] = f"{PG_URL}/{PG_DB}"
    import django

    django.setup()
    from django.core.management import call_command

    log(f"migrate ({backend})")
    call_command("migrate", verbosity=0, interactive=False)


def bureaus_and_users():
    """A city, 11 counties with review offices, one editor and one government reviewer each."""
    from gongkai.accounts.models import Membership, User
    from gongkai.accounts.roles import Role
    from gongkai.organizations.models import Bureau, BureauKind

    city, _ = Bureau.objects.get_or_create(
        code="bench-city",
        defaults={
            "name": "基准市应急管理局",
            "short_name": "基准市",
            "kind": BureauKind.CITY,
            "division_code": "410800",
        },
    )
    counties = []
    for n, name in enumerate(COUNTIES):
        gov, _ = Bureau.objects.get_or_create(
            code=f"bench-gov{n}",
            defaults={
                "name": f"基准{name}人民政府办公室",
                "short_name": f"基准{name}政府",
                "kind": BureauKind.REVIEW_OFFICE,
                "division_code": "410800",
            },
        )
        county, _ = Bureau.objects.get_or_create(
            code=f"bench-c{n}",
            defaults={
                "name": f"基准{name}应急管理局",
                "short_name": f"基准{name}",
                "kind": BureauKind.COUNTY,
                "parent": city,
                "review_office": gov,
                "division_code": "410800",
            },
        )
        editor, _ = User.objects.get_or_create(username=f"bench-editor{n}", defaults={"full_name": f"信息员{n}"})
        reviewer, _ = User.objects.get_or_create(username=f"bench-gov{n}", defaults={"full_name": f"审核人{n}"})
        Membership.objects.get_or_create(user=editor, bureau=county, role=Role.EDITOR)
        Membership.objects.get_or_create(user=reviewer, bureau=gov, role=Role.GOV_REVIEWER)
        counties.append((county, editor, reviewer))
    return counties


def synthetic_items(count: int, seed: int = 1):
    import random

    from gongkai.catalogs.constants import CHANNELS
    from gongkai.catalogs.timelimits import parse_time_limit
    from gongkai.catalogs.types import CatalogItemData

    rng = random.Random(seed)
    limits = ["信息形成或变更之日起20个工作日内", "按进展情况及时公开", "半年至少更新1次", "提前一周发通知邀请"]
    items = []
    for n in range(count):
        domain = "production_safety" if n < count // 2 else "disaster_relief"
        text = rng.choice(limits)
        items.append(
            CatalogItemData(
                domain=domain,
                level1=f"一级事项{n // 25}",
                level2=f"二级事项{n}",
                level3="",
                content=f"第{n}项公开内容：与安全生产和救灾有关的事项，包括依据、条件、程序、结果等"
                * rng.randint(1, 3),
                legal_basis=["《中华人民共和国政府信息公开条例》（国务院令第711号）", "《中华人民共和国安全生产法》"][
                    : rng.randint(1, 2)
                ],
                time_limit_text=text,
                time_limit_rule=parse_time_limit(text),
                responsible_body="基准县应急管理局",
                channels=[c for c in CHANNELS if rng.random() < 0.4] or ["政府网站"],
                audience=["public"] + (["specific_group"] if rng.random() < 0.2 else []),
                mode=["proactive"],
                levels=["county"] + (["township"] if rng.random() < 0.5 else []),
                source="local",
            )
        )
    return items


def official_xlsx(items) -> bytes:
    """The official layout as a county would send it: our exporter's layout, without the hidden sheet."""
    from openpyxl import load_workbook

    from gongkai.catalogs.interchange.xlsx_writer import META_SHEET, export_xlsx

    wb = load_workbook(io.BytesIO(export_xlsx(items, bureau_name="基准县应急管理局")))
    del wb[META_SHEET]
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


CPU: dict[str, list[float]] = {}  # process CPU seconds of each timed phase (less sensitive to a busy machine)


def timed(fn, label: str = ""):
    start, cpu = time.perf_counter(), time.process_time()
    value = fn()
    if label:
        CPU.setdefault(label, []).append(time.process_time() - cpu)
    return time.perf_counter() - start, value


def reset_catalog(bureau) -> None:
    from gongkai.catalogs.models import Catalog

    Catalog.objects.filter(bureau=bureau).delete()


def bench_import(rows: int, repeat: int, county) -> dict:
    from gongkai.catalogs.interchange import service

    bureau, editor, _reviewer = county
    items = synthetic_items(rows)
    data = official_xlsx(items)
    edited = [item for item in synthetic_items(rows)]
    for item in edited[::10]:
        item.content += "（已修订）"
    edited_data = official_xlsx(edited)
    log(f"{rows}-row workbook: {len(data) / 1024:.0f} KB")

    results: dict[str, list[float]] = {"parse": [], "import_new": [], "import_same": [], "import_edited": []}
    for run in range(repeat):
        seconds, parsed = timed(lambda: service.parse_file(data, filename="bench.xlsx"), "parse")
        assert parsed.ok and len(parsed.items) == rows, [str(i) for i in parsed.issues[:5]]
        results["parse"].append(seconds)

        reset_catalog(bureau)
        seconds, outcome = timed(
            lambda: service.import_catalog(bureau=bureau, data=data, filename="bench.xlsx", acting_user=editor),
            "import_new",
        )
        assert outcome.applied and outcome.summary["added"] == rows, outcome.summary
        results["import_new"].append(seconds)

        seconds, outcome = timed(
            lambda: service.import_catalog(bureau=bureau, data=data, filename="bench.xlsx", acting_user=editor),
            "import_same",
        )
        assert outcome.applied and outcome.summary["unchanged"] == rows, outcome.summary
        results["import_same"].append(seconds)

        seconds, outcome = timed(
            lambda: service.import_catalog(bureau=bureau, data=edited_data, filename="bench.xlsx", acting_user=editor),
            "import_edited",
        )
        assert outcome.applied and outcome.summary["updated"] == rows // 10, outcome.summary
        results["import_edited"].append(seconds)
        log(f"import run {run + 1}/{repeat}: " + ", ".join(f"{k} {v[-1]:.3f}s" for k, v in results.items()))
    return {
        "rows": rows,
        "bytes": len(data),
        **{k: statistics.median(v) for k, v in results.items()},
        "cpu": {k: statistics.median(CPU[k]) for k in results},
        "runs": results,
    }


def publish_all(counties) -> None:
    """Every county: the guideline rows plus 12 local items, submitted, approved and published."""
    from gongkai.catalogs import selectors, services
    from gongkai.catalogs.guidelines import guidelines_load_shipped

    guidelines_load_shipped()
    for bureau, editor, reviewer in counties:
        if selectors.current_published_version(bureau) is not None:
            continue
        reset_catalog(bureau)
        catalog = services.catalog_create_from_guideline(bureau=bureau, acting_user=editor)
        items = selectors.working_items_data(catalog) + synthetic_items(12, seed=hash(bureau.code) % 1000)
        services.catalog_replace_items(catalog=catalog, items=items, acting_user=editor)
        services.catalog_submit(catalog=catalog, acting_user=editor)
        services.catalog_approve(catalog=catalog, acting_user=reviewer)
        services.catalog_publish(catalog=catalog, acting_user=editor, confidentiality_result="passed")


def bench_export(counties, big_county) -> dict:
    from gongkai.catalogs.interchange import service
    from gongkai.catalogs.interchange.filecheck import EXPORT_FORMATS

    sources = [(bureau, service.published_source(bureau)) for bureau, _e, _r in counties]
    result = {"bureaus": len(sources), "items_per_bureau": statistics.median(len(s.items) for _b, s in sources)}
    for fmt in EXPORT_FORMATS:
        seconds, sizes = timed(lambda fmt=fmt: [len(service.render(s, fmt, bureau=b)) for b, s in sources])
        result[fmt] = {
            "all_bureaus_s": seconds,
            "per_bureau_ms": 1000 * seconds / len(sources),
            "bytes": statistics.median(sizes),
        }
        log(f"export {fmt}: {len(sources)} bureaus in {seconds:.2f}s")
    big = service.working_source(big_county[0])
    for fmt in EXPORT_FORMATS:
        seconds, content = timed(lambda fmt=fmt: service.render(big, fmt, bureau=big_county[0]))
        result[f"{fmt}_{len(big.items)}_items_s"] = seconds
        log(f"export {fmt} of {len(big.items)} items: {seconds:.2f}s ({len(content) / 1024:.0f} KB)")
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--backend", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--rows", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--reuse", action="store_true", help="reuse the bench database of an earlier run")
    parser.add_argument(
        "--out", default=str(ROOT / "bench" / "results" / f"catalog-io-{time.strftime('%Y%m%d-%H%M%S')}.json")
    )
    args = parser.parse_args()

    setup_django(args.backend, args.reuse)
    counties = bureaus_and_users()
    imported = bench_import(args.rows, args.repeat, counties[0])
    log("publishing every bench county's catalog")
    publish_all(counties[1:])
    exported = bench_export(counties[1:], counties[0])

    print()
    print(f"## Catalog import/export ({args.backend}, median of {args.repeat})")
    print()
    print(f"| {args.rows}-row official XLSX ({imported['bytes'] / 1024:.0f} KB) | wall s | CPU s |")
    print("|---|---|---|")
    for key, label in (
        ("parse", "parse + validate (no database)"),
        ("import_new", "import into an empty catalog (parse + validate + persist)"),
        ("import_same", "import the same file again (all unchanged)"),
        ("import_edited", "import with 10 % of the items edited"),
    ):
        print(f"| {label} | {imported[key]:.3f} | {imported['cpu'][key]:.3f} |")
    print()
    print(
        f"| export, {exported['bureaus']} published catalogs of ~{exported['items_per_bureau']:.0f} items | all bureaus (s) "
        f"| per bureau (ms) | {args.rows} items (s) |"
    )
    print("|---|---|---|---|")
    for fmt in ("xlsx", "csv", "json", "pdf", "docx"):
        row = exported[fmt]
        big = exported[f"{fmt}_{args.rows}_items_s"]
        print(f"| {fmt.upper()} | {row['all_bureaus_s']:.2f} | {row['per_bureau_ms']:.0f} | {big:.2f} |")
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(
        json.dumps({"backend": args.backend, "import": imported, "export": exported}, indent=2), encoding="utf-8"
    )
    print(f"\nresults: {args.out}")


if __name__ == "__main__":
    main()
