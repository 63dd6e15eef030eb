"""Render cost of a few public page types, in-process, against the demo database (milliseconds per render).

    DATABASE_URL=sqlite:////tmp/demo.sqlite3 .venv/bin/python bench/render_cost.py [--repeat 300]

For each page type, three figures, each the median CPU time of this process (`time.process_time`, so that
other processes on a shared machine weigh less than on wall time) of `--repeat` runs after 20 warm-up runs:

- template: the template alone — `portal.rendering.render_page` (or, for the FOI form,
  `portal.responses.render_private_page`) called again with the arguments the page's view passed it
  (its context rebuilt from a copy each time, the settings row given): the frame's cached parts and the
  template engine, no query (the FOI form: one, for the settings row);
- function: the rendering function that static publishing calls (queries included), where there is one;
- request: the whole request through Django's test Client (middleware, URL routing, view).

The machine is shared: compare figures of one run with figures of a run made just before or after, and
look at the load average printed with them.
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
        start = time.process_time()
        fn()
        times.append(time.process_time() - start)
    return statistics.median(times) * 1000


class Capture:
    """Wraps a render function and keeps the arguments of its last call."""

    def __init__(self, module, name):
        self.module, self.name, self.original = module, name, getattr(module, name)
        self.args = self.kwargs = None

    def __enter__(self):
        def capture(*args, **kwargs):
            self.args, self.kwargs = args, kwargs
            return self.original(*args, **kwargs)

        setattr(self.module, self.name, capture)
        return self

    def __exit__(self, *exc):
        setattr(self.module, self.name, self.original)

    def replay(self, site):
        position = 2 if self.name == "render_private_page" else 1
        args = list(self.args)
        args[position] = dict(args[position])
        kwargs = dict(self.kwargs)
        if self.name == "render_page" and kwargs.get("site") is None and len(args) < 4:
            kwargs["site"] = site  # what the record page's own query gives it: no query for the settings row
        return self.original(*args, **kwargs)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=300)
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
    from gongkai.foi_requests import views_public
    from gongkai.organizations.models import Bureau
    from gongkai.portal import rendering as portal_rendering
    from gongkai.portal import selectors as portal_selectors
    from gongkai.records import rendering as records_rendering
    from gongkai.records import selectors as records_selectors
    from gongkai.records.models import Record

    site = portal_selectors.site_setting()
    bureau = Bureau.objects.get(code="xiuwu")
    record = Record.objects.published().filter(bureau=bureau).order_by("pk").first()
    item = CatalogItem.objects.filter(catalog__bureau=bureau, records__status="published").order_by("pk").first()
    # (name, rendering function, URL, module and name of the render call to capture)
    pages = [
        ("home", lambda lang: portal_rendering.render_home(lang), "/", portal_rendering),
        ("bureau column", lambda lang: portal_rendering.render_bureau(bureau, lang), "/b/xiuwu/", portal_rendering),
        ("catalog", lambda lang: catalogs_rendering.render_catalog(bureau, lang), "/b/xiuwu/catalog/", None),
        (
            "record",
            lambda lang: records_rendering.render_record(records_selectors.record_get_public(record.uuid), lang),
            f"/records/{record.uuid}/",
            records_rendering,
        ),
        (
            "catalog item's records",
            lambda lang: records_rendering.render_item_records(item, 1, lang),
            f"/b/xiuwu/items/{item.key}/records/",
            records_rendering,
        ),
        ("FOI form", None, "/b/xiuwu/foi/apply/", views_public),
    ]
    client = Client()
    print(f"load average before: {os.getloadavg()}")
    print("| page | language | template (ms) | function (ms) | request (ms) |\n|---|---|---|---|---|")
    for name, render, url, module in pages:
        for lang, prefix in (("zh-hans", ""), ("en", "/en")):
            target = module or catalogs_rendering.portal_rendering
            with Capture(target, "render_private_page" if module is views_public else "render_page") as call:
                assert client.get(prefix + url).status_code == 200, prefix + url
            template_ms = _median_ms(lambda: call.replay(site), args.repeat)  # noqa: B023
            function_ms = f"{_median_ms(lambda: render(lang), args.repeat):.2f}" if render else "—"  # noqa: B023
            request_ms = _median_ms(lambda: client.get(prefix + url), args.repeat)  # noqa: B023
            print(f"| {name} | {lang} | {template_ms:.3f} | {function_ms} | {request_ms:.2f} |", flush=True)
    print(f"load average after: {os.getloadavg()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
