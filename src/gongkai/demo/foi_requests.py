"""Demo FOI requests (依申请公开) for the Jiaozuo demo; `manage.py load_demo` calls `load_demo()`.

About 400 requests from January 2025 up to the day the demo is loaded, in every disclosing bureau:
every state, every applicant type, every reply type and sub-reason; supplements (one abandoned in
about three), consultations of third parties and agencies, extensions (a few rejected), fee notices
per page and per item (some unpaid), Art. 35 deadlines, withdrawals; requests received just before
春节 and 国庆 (2025 and 2026) whose due dates skip the holidays; open requests due soon and overdue
relative to the day of loading. 孟州市 (the walkthrough's bureau) has one of each open situation.

Each request is told as a story of workflow steps on working days (`foi_steps.Story`; the stories are
written in `foi_histories`, their texts in `foi_texts`): every step is a
call of the FOI intake or workflow service — the same calls the admin screens and the tracking page make
— with `today=` the day it happens, so the demo goes through the guards, the register, the audit log,
the clock and the reply numbering like real work. A step that would fall after today is not taken, so
recent requests stay open where they are. The documents the applicant downloads — the reply (答复书 DOCX +
PDF, which its approval queues for the worker) and the supplement, extension and fee notices — are made
right away for the walkthrough bureau and by the worker for the others (`generate_demo_documents`), as
the staff screens and the approval make them.

Deterministic: one seeded random generator per bureau. A bureau that already has its demo requests
is left unchanged, so loading twice changes nothing.
"""

from __future__ import annotations

from django.db import transaction
from django.tasks import task
from django.utils import timezone

from gongkai.foi_requests.constants import (
    OPEN_STATES,
    ExtensionStatus,
    ReplyStatus,
)
from gongkai.foi_requests.models import (
    AttachmentRole,
    FoiRequest,
    RequestAttachment,
)
from gongkai.foi_requests.services import deadline
from gongkai.organizations.models import Bureau
from gongkai.workdays.services import calendar_for

from .foi_histories import (  # noqa: F401 (_SUBMISSION_FIELDS: read by the tests)
    _SUBMISSION_FIELDS,
    FIRST_DAY,
    HISTORY_PER_BUREAU,
    MASS_APPLICANT_BUREAU,
    OPEN_KINDS,
    REPLY_OUTCOMES,
    SEED,
    WALKTHROUGH_BUREAU,
    WALKTHROUGH_EXTRA_HISTORY,
    _BureauDemo,
)
from .foi_steps import Staff

# ---- loading ------------------------------------------------------------------------------------------


def make_documents(request_ids) -> int:
    """The documents the applicant downloads, as the staff screens make them after each step: the reply
    (DOCX + PDF) once approved, the supplement, extension (approved) and fee notices. Skips what exists."""
    from gongkai.foi_requests import documents, reply_files

    made = 0
    requests = FoiRequest.objects.filter(pk__in=list(request_ids)).select_related(
        "bureau", "reply", "supplement", "extension", "fee_notice"
    )
    for request in requests.order_by("pk"):
        existing = list(RequestAttachment.objects.filter(request=request).values_list("role", "file"))
        reply = getattr(request, "reply", None)
        if reply is not None and reply.status == ReplyStatus.APPROVED:
            made += reply_files.ensure_reply_documents(reply.pk)
        extension = getattr(request, "extension", None)
        kinds = [
            ("supplement", getattr(request, "supplement", None) is not None),
            ("extension", extension is not None and extension.status == ExtensionStatus.APPROVED),
            ("fee", getattr(request, "fee_notice", None) is not None),
        ]
        for kind, needed in kinds:
            if needed and not any(
                f"{kind}-notice-" in str(name) for role, name in existing if role == AttachmentRole.NOTICE
            ):
                documents.generate_notice(request, kind)
                made += 1
    return made


@task()
def generate_demo_documents(request_ids: list[int]) -> int:
    """The worker's share of the demo documents (see `make_documents`)."""
    return make_documents(request_ids)


def _bureau_index(bureau, order: list[str]) -> int:
    return order.index(bureau.code) if bureau.code in order else len(order) + bureau.pk


def load_demo(stdout=None, *, documents: str = "walkthrough") -> dict:
    """Load the demo requests of every disclosing bureau that has an editor and a reviewer or leader.

    `documents` (the notices; replies get theirs when approved): "walkthrough" (made now for 孟州市, by the
    worker for the rest), "all" (all now) or "none".
    """
    today = timezone.localdate()
    cal = calendar_for(range(FIRST_DAY.year, today.year + 2))
    bureaus = list(Bureau.objects.disclosing().order_by("sort_order", "code"))
    order = [b.code for b in bureaus]
    totals = {
        "requests": 0,
        "bureaus": 0,
        "open": 0,
        "overdue": 0,
        "skipped": 0,
        "walkthrough": 0,
        "documents": 0,
        "already": 0,
    }
    later: list[int] = []
    for bureau in bureaus:
        if FoiRequest.objects.filter(bureau=bureau).exists():
            totals["already"] += 1  # loaded before
            continue
        staff = Staff.of(bureau)
        if staff is None:
            totals["skipped"] += 1
            continue
        with transaction.atomic():  # one commit per bureau (each request a savepoint)
            index = _bureau_index(bureau, order)
            demo = _BureauDemo(bureau, staff, index, cal=cal, today=today)
            walkthrough = bureau.code == WALKTHROUGH_BUREAU
            forced = [REPLY_OUTCOMES[i] for i in (index % 12, index % 12 + 12) if i < len(REPLY_OUTCOMES)]
            demo.history(HISTORY_PER_BUREAU + (WALKTHROUGH_EXTRA_HISTORY if walkthrough else 0), forced)
            demo.holidays()
            if bureau.code == MASS_APPLICANT_BUREAU:
                demo.mass_applicant()
            if walkthrough:
                kinds = OPEN_KINDS
            else:
                kinds = ["submitted", "in_progress"] + demo.rng.sample(OPEN_KINDS[2:], 5)
            demo.open_requests(kinds)
            requests = [story.request for story in demo.stories]
            for request in requests:  # open requests: the stored clock as of the day of loading
                if request.state in OPEN_STATES:
                    deadline.refresh_clock(request, today=today)
        totals["bureaus"] += 1
        totals["requests"] += len(requests)
        open_requests = [r for r in requests if r.state in OPEN_STATES]
        totals["open"] += len(open_requests)
        totals["overdue"] += sum(1 for r in open_requests if r.due_on and r.due_on < today)
        if walkthrough:
            totals["walkthrough"] = len(requests)
        if documents == "all" or (documents == "walkthrough" and walkthrough):
            totals["documents"] += make_documents(r.pk for r in requests)
        elif documents == "walkthrough":
            later += [r.pk for r in requests]
    if later:
        try:
            generate_demo_documents.enqueue(later)
        except Exception as exc:  # the demo must load even without a task queue
            totals["documents_problem"] = f"{type(exc).__name__}: {exc}"
    if stdout is not None and totals["already"] and not totals["bureaus"]:
        stdout.write("FOI requests: the demo requests were loaded before; nothing changed.")
    elif stdout is not None:
        stdout.write(
            "FOI requests: {requests} loaded in {bureaus} bureaus ({open} open, {overdue} of them overdue; "
            "{walkthrough} at 孟州市); {skipped} bureaus without an editor and a reviewer skipped.".format(**totals)
        )
        if later:
            stdout.write(
                f"FOI requests: the worker generates the documents of {len(later)} requests in the background."
            )
        if "documents_problem" in totals:
            stdout.write(f"FOI requests: documents not queued ({totals['documents_problem']}).")
    return totals
