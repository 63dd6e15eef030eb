"""FOI intake under load and crashes: acknowledged public submissions per second, and how many were lost.

    .venv/bin/python bench/foi_submit_bench.py [--clients 32] [--duration 60] [--kill-at 20,40] [--workers 4]

Issue 5 and issue 13 §7, "Measure". The shared harness `intake_bench.py` (servers, kills, clients, the run)
with the FOI form of six demo bureaus (`/b/<code>/foi/apply/`): each POST is a valid request of a
fictitious natural person with a unique marker in its description, acknowledged by the tracking number in
the POST's answer. Database `gongkai_bench_foi`; FOI_SUBMISSIONS_PER_HOUR lifted. Afterwards every
acknowledged tracking number must be a request with its token, applicant and description, one
"submitted" event, its audit entry and its acknowledgement task; no token, number or submission twice.
Results: bench/results/foi-submit-<timestamp>.json.
"""

from __future__ import annotations

import random
import re
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import intake_bench as harness  # noqa: E402

BUREAUS = ["mengzhou", "xiuwu", "wuzhi", "jiaozuo", "qinyang", "boai"]
LOADER = (
    "from django.db import transaction\n"
    "from gongkai.demo.management.commands.load_demo import Command\n"
    "with transaction.atomic():\n    Command().load()\n"
)


def fields(sub) -> dict:
    from gongkai.demo import foi_texts as demo_texts

    rng = random.Random(sub.marker)
    data = demo_texts.applicant(rng, "natural_person", division_code="410883", number=sub.seq, short_name="孟州市")
    data.update(
        description=f"请公开2025年度安全生产监督检查计划及执行情况。（{sub.marker}）",
        delivery_form="electronic",
        delivery_channel="email",
    )
    return {k: v for k, v in data.items() if v is not None}


def check(acknowledged, abandoned) -> dict:
    from django.db.models import Count
    from django_tasks_db.models import DBTaskResult

    from gongkai.core.models import AuditLogEntry
    from gongkai.foi_requests.models import FoiRequest, RequestEvent
    from gongkai.foi_requests.services.public_intake import KIND

    requests = {
        r.tracking_number: r for r in FoiRequest.objects.filter(description__contains="BENCH-").select_related("bureau")
    }
    events = Counter(
        RequestEvent.objects.filter(request__in=requests.values(), action="submitted").values_list(
            "request_id", flat=True
        )
    )
    audited = set(
        AuditLogEntry.objects.filter(action="foi_requests.request.submitted").values_list("object_id", flat=True)
    )
    ack_tasks: dict[int, list[str]] = {}
    for args_kwargs, status in DBTaskResult.objects.filter(task_path__endswith="send_acknowledgement").values_list(
        "args_kwargs", "status"
    ):
        args = (args_kwargs or {}).get("args") or []
        if args:
            ack_tasks.setdefault(int(args[0]), []).append(status)
    lost, incomplete, wrong = [], [], []
    ack_status = Counter()
    for sub in acknowledged:
        request = requests.get(sub.tracking_number)
        if request is None:
            lost.append(sub.tracking_number)
            continue
        if str(request.client_token) != sub.client_token or sub.marker not in request.description:
            wrong.append(sub.tracking_number)
            continue
        problems = []
        if f"/b/{request.bureau.code}/" not in sub.bureau or not request.applicant_name:
            problems.append("fields")
        if events[request.pk] != 1:
            problems.append(f"{events[request.pk]} submitted events")
        if str(request.pk) not in audited:
            problems.append("no audit entry")
        statuses = ack_tasks.get(request.pk, [])
        ack_status[",".join(sorted(statuses)) or "none"] += 1
        if not statuses:
            problems.append("no acknowledgement task")
        if problems:
            incomplete.append({"tracking_number": sub.tracking_number, "problems": problems})
    markers = Counter(harness.MARKER_RE.search(r.description).group(0) for r in requests.values())
    tokens = Counter(str(r.client_token) for r in requests.values())
    duplicate_numbers = FoiRequest.objects.values("tracking_number").annotate(n=Count("pk")).filter(n__gt=1).count()
    duplicates = sum(1 for n in markers.values() if n > 1) + sum(1 for n in tokens.values() if n > 1)
    acknowledged_markers = {s.marker for s in acknowledged}
    return {
        "requests_in_db": len(requests),
        "journal_states": harness.journal_states(KIND),
        "lost": len(lost),
        "lost_numbers": lost[:20],
        "wrong": len(wrong),
        "incomplete": len(incomplete),
        "incomplete_examples": incomplete[:20],
        "duplicates": duplicates + duplicate_numbers,
        "created_not_acknowledged": sum(1 for m in markers if m not in acknowledged_markers),
        "abandoned_by_clients": len(abandoned),
        "acknowledgement_task_status": dict(ack_status),
    }


SPEC = harness.Spec(
    name="foi-submit",
    db="gongkai_bench_foi",
    env={"FOI_SUBMISSIONS_PER_HOUR": "100000000"},
    loader=LOADER,
    number_re=re.compile(r'id="tracking-number">\s*(F\d{8}[0-9A-Z]{8})\s*<'),
    fields=fields,
    find_targets=lambda: [f"/b/{code}/foi/apply/" for code in BUREAUS],
    check=check,
)

if __name__ == "__main__":
    sys.exit(harness.run_bench(SPEC))
