"""Render cost of a few public page types, in-process, against the demo database (milliseconds per render).

    DATABASE_URL=sqlite:////tmp/demo.sqlite3 .venv/bin/python bench/render_cost.py [--repeat 200]

For each page type: the rendering function that static publishing calls (no request; the database
queries included, as a publisher would run them) and the whole request through Django's test Client
(middleware, URL routing, the view). The FOI form has no rendering function (per visitor). Each figure
is the median of `--repeat` renders after 20 warm-up renders, in both languages; the machine is shared,
so compare figures of one run, and runs made one after the other.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src")]


def _median_ms(fn, repeat: int) -> float:
    for _ in range(20):
        fn()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=200)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.conf.test")
    if "DATABASE_URL" not in os.environ:
        sys.exit("Set DATABASE_URL to the demo database.")
    import django

    django.setup()
    from django.test import Client
    from django.test.utils import setup_test_environment

    setup_test_environment(debug=False)

    from gongkai.catalogs import rendering as catalogs_rendering
    from gongkai.catalogs.models import CatalogItem
    from gongkai.organizations.models import Bureau
    from gongkai.portal import rendering as portal_rendering
    from gongkai.records import rendering as records_rendering
    from gongkai.records import selectors as records_selectors
    from gongkai.records.models import Record

    bureau = Bureau.objects.get(code="xiuwu")
    record = Record.objects.published().filter(bureau=bureau).order_by("pk").first()
    item = CatalogItem.objects.filter(catalog__bureau=bureau, records__status="published").order_by("pk").first()
    pages = [
        ("home", lambda lang: portal_rendering.render_home(lang), "/"),
        ("bureau column", lambda lang: portal_rendering.render_bureau(bureau, lang), "/b/xiuwu/"),
        ("catalog", lambda lang: catalogs_rendering.render_catalog(bureau, lang), "/b/xiuwu/catalog/"),
        (
            "record",
            lambda lang: records_rendering.render_record(records_selectors.record_get_public(record.uuid), lang),
            f"/records/{record.uuid}/",
        ),
        (
            "catalog item's records",
            lambda lang: records_rendering.render_item_records(item, 1, lang),
            f"/b/xiuwu/items/{item.key}/records/",
        ),
        ("FOI form", None, "/b/xiuwu/foi/apply/"),
    ]
    client = Client()
    print("| page | language | render function (ms) | whole request (ms) |\n|---|---|---|---|")
    for name, render, url in pages:
        for lang, prefix in (("zh-hans", ""), ("en", "/en")):
            function_ms = f"{_median_ms(lambda: render(lang), args.repeat):.2f}" if render else "—"  # noqa: B023
            assert client.get(prefix + url).status_code == 200, prefix + url
            request_ms = _median_ms(lambda: client.get(prefix + url), args.repeat)  # noqa: B023
            print(f"| {name} | {lang} | {function_ms} | {request_ms:.2f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
