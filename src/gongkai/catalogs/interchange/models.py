"""ImportJob: one upload in the admin, checked and then imported by a background task.

Imported into catalogs.models so that Django registers it with the catalogs app.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gongkai.core.models import TimestampedModel

from ..constants import Domain


class ImportJobStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for the background worker")
    CHECKING = "checking", _("Checking the file")
    INVALID = "invalid", _("Problems found")
    READY = "ready", _("Ready to import")
    IMPORTING = "importing", _("Importing")
    DONE = "done", _("Imported")
    FAILED = "failed", _("Failed")


RUNNING = (ImportJobStatus.PENDING, ImportJobStatus.CHECKING, ImportJobStatus.IMPORTING)


class ImportJob(TimestampedModel):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    bureau = models.ForeignKey(
        "organizations.Bureau", verbose_name=_("bureau"), on_delete=models.CASCADE, related_name="catalog_import_jobs"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    file = models.FileField(_("file"), upload_to="catalog-imports/%Y/%m/", max_length=255)
    filename = models.CharField(_("file name"), max_length=255)
    format = models.CharField(_("format"), max_length=10, blank=True, help_text=_("Empty: from the file name."))
    domain = models.CharField(
        _("domain"), max_length=30, choices=Domain.choices, blank=True, help_text=_("For sheets that do not name one.")
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ImportJobStatus.choices, default=ImportJobStatus.PENDING
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    report = models.JSONField(_("report"), default=list, blank=True, help_text=_("Problems found, row by row."))
    preview = models.JSONField(_("preview"), default=list, blank=True, help_text=_("The items read from the file."))
    summary = models.JSONField(_("summary"), default=dict, blank=True)
    language = models.CharField(_("language"), max_length=10, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        app_label = "catalogs"
        verbose_name = _("catalog import")
        verbose_name_plural = _("catalog imports")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.filename} ({self.get_status_display()})"

    @property
    def is_running(self) -> bool:
        return self.status in RUNNING

    def audit_bureau_code(self):
        return self.bureau.code
