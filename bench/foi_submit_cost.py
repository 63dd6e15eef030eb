"""CPU and queries of one public submission (FOI request or comment), in process (no HTTP, no gunicorn).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/DB .venv/bin/python bench/foi_submit_cost.py [--n 40] [--form comment]

The database must be migrated, with the demo bureaus loaded (`bench/foi_submit_bench.py --keep-db` leaves
one; `bench/comment_bench.py --keep-db` one with the open consultations for `--form comment`). Production
settings as in the HTTP bench (set DJANGO_ENV=production, DEBUG=false, SECRET_KEY, …, or leave the
development profile). One submission is what a browser does — the form (GET) and the POST, whose answer
is the acknowledgement (core.intake: one journal row and its task; posted without a CSRF token, as from the
published form: the anonymous intake POST, core.public_post) — plus what the worker does later
(`worker: register`: core.intake.materialise, which creates the request or comment through its service;
the acknowledgement email itself is not counted). Prints the median process CPU ms and the queries of
each, after three warm-up submissions. On a shared machine, CPU ms are what to compare
(`foi_submit_bench.py` / `comment_bench.py` measure submissions/s over HTTP under kill -9).
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
os.environ.setdefault("PARTICIPATION_COMMENTS_PER_HOUR", "0")
TOKEN_RE = re.compile(r'name="client_token" value="([0-9a-f-]{36})"')
NUMBER_RE = re.compile(r'id="(?:tracking|comment)-number">\s*([0-9A-Z]+)\s*<')


def foi_form(i: int) -> tuple[str, dict]:
    from gongkai.demo import foi_texts

    data = foi_texts.applicant(
        random.Random(i), "natural_person", division_code="410821", number=i, short_name="修武县"
    )
    data.update(
        description=f"请公开2025年度安全生产监督检查计划。（COST-{time.time_ns()}）",
        delivery_form="electronic",
        delivery_channel="email",
    )
    return "/b/xiuwu/foi/apply/", {k: v for k, v in data.items() if v is not None}


def comment_form(i: int) -> tuple[str, dict]:
    from django.utils import timezone

    from gongkai.participation.models import Consultation

    today = timezone.localdate()
    c = (
        Consultation.objects.filter(published_at__isnull=False, opens__lte=today, closes__gte=today)
        .select_related("bureau")
        .order_by("pk")
        .first()
    )
    return f"/b/{c.bureau.code}/participation/consultations/{c.uid}/comment/", {
        "body": f"建议定期组织应急演练。（COST-{time.time_ns()}）"
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=40)
    parser.add_argument("--form", choices=["foi", "comment"], default="foi")
    args = parser.parse_args()

    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from gongkai.core import intake
    from gongkai.core.models import IntakeEntry

    client = Client()
    make = foi_form if args.form == "foi" else comment_form
    cpu: dict[str, list[float]] = {"form": [], "post": [], "worker: register": []}
    queries: dict[str, int] = {}

    def timed(name, call):
        with CaptureQueriesContext(connection) as captured:
            started = time.process_time()
            response = call()
            cpu[name].append(1000 * (time.process_time() - started))
        queries[name] = len(captured)
        return response

    for i in range(args.n + 3):
        path, body = make(i)
        form = timed("form", lambda path=path: client.get(path))
        body["client_token"] = TOKEN_RE.search(form.content.decode()).group(1)
        post = timed("post", lambda path=path, body=body: client.post(path, body))
        number = NUMBER_RE.search(post.content.decode())
        assert post.status_code == 200 and number, post.status_code
        pk = IntakeEntry.objects.get(number=number.group(1)).pk
        timed("worker: register", lambda pk=pk: intake.materialise(pk))
        if i < 3:
            for values in cpu.values():
                values.clear()
    public = statistics.median(cpu["form"]) + statistics.median(cpu["post"])
    total = public + statistics.median(cpu["worker: register"])
    print(f"\nform: {args.form}; backend: {connection.vendor}; load average {os.getloadavg()[0]:.1f}; n = {args.n}\n")
    print("| request | CPU ms (median) | queries |")
    print("|---|---|---|")
    for name, values in cpu.items():
        print(f"| {name} | {statistics.median(values):.2f} | {queries[name]} |")
    print(f"| public path (form + POST) | {public:.2f} | {queries['form'] + queries['post']} |")
    print(f"| with the worker's registration | {total:.2f} | {sum(queries.values())} |")


if __name__ == "__main__":
    main()
