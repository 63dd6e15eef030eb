"""CPU and queries of one public FOI submission, in process (Django's test client, no HTTP, no gunicorn).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/DB .venv/bin/python bench/foi_submit_cost.py [--n 40]

The database must be migrated, with the demo bureaus loaded (`bench/foi_submit_bench.py --keep-db` leaves
one). Production settings as in the HTTP bench (set DJANGO_ENV=production, DEBUG=false, SECRET_KEY, …, or
leave the development profile). One submission is three requests, as a browser makes them: the form of
修武县 (GET), the POST, and the acknowledgement page it redirects to. Prints the median process CPU ms and
the queries of each, after three warm-up submissions. On a shared machine, CPU ms are what to compare
(`foi_submit_bench.py` measures submissions/s over HTTP under kill -9).
"""

import argparse
import os
import random
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.conf.settings")
os.environ.setdefault("ALLOWED_HOSTS", "testserver")
os.environ.setdefault("FOI_SUBMISSIONS_PER_HOUR", "100000000")
TOKEN_RE = re.compile(r'name="client_token" value="([0-9a-f-]{36})"')


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=40)
    args = parser.parse_args()

    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from gongkai.demo import foi_texts

    client = Client()
    cpu: dict[str, list[float]] = {"form": [], "post": [], "acknowledgement": []}
    queries: dict[str, int] = {}

    def timed(name, call):
        with CaptureQueriesContext(connection) as captured:
            started = time.process_time()
            response = call()
            cpu[name].append(1000 * (time.process_time() - started))
        queries[name] = len(captured)
        return response

    for i in range(args.n + 3):
        form = timed("form", lambda: client.get("/b/xiuwu/foi/apply/"))
        data = foi_texts.applicant(
            random.Random(i), "natural_person", division_code="410821", number=i, short_name="修武县"
        )
        data.update(
            description=f"请公开2025年度安全生产监督检查计划。（COST-{time.time_ns()}）",
            delivery_form="electronic",
            delivery_channel="email",
            client_token=TOKEN_RE.search(form.content.decode()).group(1),
        )
        body = {k: v for k, v in data.items() if v is not None}
        post = timed("post", lambda body=body: client.post("/b/xiuwu/foi/apply/", body))
        assert post.status_code == 302, post.status_code
        timed("acknowledgement", lambda post=post: client.get(post["Location"]))
        if i < 3:
            for values in cpu.values():
                values.clear()
    total = sum(statistics.median(v) for v in cpu.values())
    print(f"\nbackend: {connection.vendor}; load average {os.getloadavg()[0]:.1f}; n = {args.n}\n")
    print("| request | CPU ms (median) | queries |")
    print("|---|---|---|")
    for name, values in cpu.items():
        print(f"| {name} | {statistics.median(values):.2f} | {queries[name]} |")
    print(f"| one submission | {total:.2f} | {sum(queries.values())} |")


if __name__ == "__main__":
    main()
