"""Background tasks (Django's task framework; `manage.py db_worker` runs them)."""

from django.conf import settings
from django.tasks import task
from django.utils import translation

from .jobs import process_job
from .models import ImportJob


@task()
def run_import_job(job_id: str, apply: bool = False) -> str:
    """Check (apply=False) or import (apply=True) an uploaded catalog file."""
    job = ImportJob.objects.select_related("bureau", "created_by").get(pk=job_id)
    with translation.override(job.language or settings.LANGUAGE_CODE):
        job = process_job(job, apply=apply)
    return job.status


def enqueue_job(job: ImportJob, *, apply: bool) -> None:
    run_import_job.enqueue(str(job.pk), apply)
