"""Run an ImportJob: check the file (a dry run) or import it, recording progress and the report.

The admin upload enqueues `tasks.run_import_job`; the task calls `process_job`, which calls the
same `service.import_catalog` as the `catalog_import` command.
"""

from __future__ import annotations

import logging
import time
from datetime import timedelta

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import ImportJob, ImportJobStatus
from .report import Issue
from .service import import_catalog

logger = logging.getLogger(__name__)
PREVIEW_LIMIT = 2000  # items kept for the preview table
PARSE_SHARE = 80  # percent of the progress bar for reading the file; the rest is validation and saving
# A running job that has not reported for this long lost its worker (restart, crash, deploy):
# the page offers to start it again. Imports are all or nothing, so running one again is safe.
STALE_AFTER = timedelta(minutes=2)


def _progress_writer(job: ImportJob):
    last = {"at": 0.0, "value": -1}

    def progress(done: int, total: int) -> None:
        value = min(99, 5 + int(PARSE_SHARE * done / max(total, 1)))
        now = time.monotonic()
        if value != last["value"] and (now - last["at"] > 0.3 or value >= 99):
            ImportJob.objects.filter(pk=job.pk).update(progress=value, updated_at=timezone.now())
            last.update(at=now, value=value)

    return progress


def process_job(job: ImportJob, *, apply: bool) -> ImportJob:
    job.status = ImportJobStatus.IMPORTING if apply else ImportJobStatus.CHECKING
    job.progress = 2
    job.save(update_fields=["status", "progress", "updated_at"])
    try:
        with job.file.open("rb") as handle:
            data = handle.read()
        outcome = import_catalog(
            bureau=job.bureau,
            data=data,
            filename=job.filename,
            acting_user=job.created_by,
            fmt=job.format or None,
            domain=job.domain or None,
            dry_run=not apply,
            progress=_progress_writer(job),
        )
    except PermissionDenied:
        job.status = ImportJobStatus.INVALID
        job.report = [Issue(code="permission_denied", message=_("You may no longer change this catalog.")).to_dict()]
    except Exception:  # noqa: BLE001 - record any failure on the job; the transaction was rolled back
        logger.exception("Catalog import job %s failed", job.pk)
        job.status = ImportJobStatus.FAILED
        job.report = [
            Issue(code="internal_error", message=_("The import failed unexpectedly; nothing was changed.")).to_dict()
        ]
    else:
        result = outcome.result
        job.format = job.format or result.format
        job.report = [issue.to_dict() for issue in result.sorted_issues()]
        job.summary = outcome.summary
        if not apply:
            job.preview = [item.to_dict() for item in result.items[:PREVIEW_LIMIT]]
        if not outcome.ok:
            job.status = ImportJobStatus.INVALID
        elif apply:
            job.status = ImportJobStatus.DONE if outcome.applied else ImportJobStatus.INVALID
        else:
            job.status = ImportJobStatus.READY
    job.progress = 100
    job.finished_at = timezone.now()
    job.save()
    return job


def claim_for_import(job: ImportJob) -> bool:
    """Move a checked job to "importing" exactly once (a second click does nothing)."""
    claimed = ImportJob.objects.filter(pk=job.pk, status=ImportJobStatus.READY).update(
        status=ImportJobStatus.IMPORTING, progress=1, updated_at=timezone.now()
    )
    return bool(claimed)


def is_stale(job: ImportJob) -> bool:
    return job.is_running and job.updated_at is not None and timezone.now() - job.updated_at > STALE_AFTER


def restart_stale(job: ImportJob) -> bool | None:
    """Put a stale job back in the queue; returns the phase to run (True: import) or None."""
    if not is_stale(job):
        return None
    apply = job.status == ImportJobStatus.IMPORTING
    restarted = ImportJob.objects.filter(pk=job.pk, status=job.status, updated_at=job.updated_at).update(
        status=ImportJobStatus.PENDING if not apply else ImportJobStatus.IMPORTING,
        progress=0,
        updated_at=timezone.now(),
    )
    return apply if restarted else None
