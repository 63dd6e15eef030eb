"""Comments on consultations under load and crashes: acknowledged comments per second, and how many were lost.

    .venv/bin/python bench/comment_bench.py [--clients 32] [--duration 60] [--kill-at 20,40] [--workers 4]

Issue 14, "Measure" (≥ 200 accepted comments/s on the production stack, zero lost under kill -9). The shared
harness `intake_bench.py` with the comment form of the demo's open consultations (an open, post-moderated
consultation in 焦作市, 武陟县 and 修武县): each POST is a unique comment, acknowledged by the receipt number
in the POST's answer. Database `gk_participation_bench`, port 9301; PARTICIPATION_COMMENTS_PER_HOUR=0.
Afterwards every acknowledged receipt number must be a comment with its token, its text and one audit
entry; no token or text twice. Results: bench/results/comments-<timestamp>.json.
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import intake_bench as harness  # noqa: E402

LOADER = (
    "from django.db import transaction\n"
    "from gongkai.demo.management.commands.load_demo import Command\n"
    "from gongkai.demo import participation\n"
    "with transaction.atomic():\n    Command().load()\n"
    "participation.load_demo()\n"
)


def fields(sub) -> dict:
    return {"body": f"建议在避难场所设置明显的指示标志，并定期组织演练。（{sub.marker}）"}


def targets() -> list[str]:
    from django.utils import timezone

    from gongkai.participation.models import Consultation

    today = timezone.localdate()
    found = (
        Consultation.objects.filter(published_at__isnull=False, opens__lte=today, closes__gte=today)
        .select_related("bureau")
        .order_by("bureau__code")
    )
    return [f"/b/{c.bureau.code}/participation/consultations/{c.uid}/comment/" for c in found]


def check(acknowledged, abandoned) -> dict:
    from gongkai.core.models import AuditLogEntry
    from gongkai.participation.models import Comment
    from gongkai.participation.services.comment_intake import KIND

    stored = {c.number: c for c in Comment.objects.filter(body__contains="BENCH-")}
    audited = Counter(
        AuditLogEntry.objects.filter(action="participation.comment.received").values_list("object_id", flat=True)
    )
    lost, wrong, incomplete = [], [], []
    for sub in acknowledged:
        comment = stored.get(sub.tracking_number)
        if comment is None:
            lost.append(sub.tracking_number)
        elif str(comment.client_token) != sub.client_token or sub.marker not in comment.body:
            wrong.append(sub.tracking_number)
        elif audited[str(comment.pk)] != 1:
            incomplete.append(sub.tracking_number)
    markers = Counter(harness.MARKER_RE.search(c.body).group(0) for c in stored.values())
    tokens = Counter(str(c.client_token) for c in stored.values())
    acknowledged_markers = {s.marker for s in acknowledged}
    return {
        "comments_in_db": len(stored),
        "journal_states": harness.journal_states(KIND),
        "lost": len(lost),
        "lost_numbers": lost[:20],
        "wrong": len(wrong),
        "incomplete": len(incomplete),
        "duplicates": sum(1 for n in markers.values() if n > 1) + sum(1 for n in tokens.values() if n > 1),
        "created_not_acknowledged": sum(1 for m in markers if m not in acknowledged_markers),
        "abandoned_by_clients": len(abandoned),
    }


SPEC = harness.Spec(
    name="comments",
    db="gk_participation_bench",
    env={"PARTICIPATION_COMMENTS_PER_HOUR": "0"},
    loader=LOADER,
    number_re=re.compile(r'id="comment-number">\s*(C\d{8}[0-9A-F]{8})\s*<'),
    fields=fields,
    find_targets=targets,
    check=check,
    port=9301,
)

if __name__ == "__main__":
    sys.exit(harness.run_bench(SPEC))
