"""Quarterly progress reports: the form, attachments (screened), submission, review."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from gongkai.accounts import permissions
from gongkai.core import audit
from gongkai.screening import pii
from gongkai.screening.extract import ExtractionError, extract

from ..models import QuarterlyReport, ReportAttachment
from ..rules import FILE
from .common import EDITABLE, MAX_ATTACHMENT_BYTES, REPORT_TEXT_FIELDS, _review, _submit

# ---- quarterly reports --------------------------------------------------------------------------------


class ReportHasPersonalData(ValidationError):
    def __init__(self, places: list[str]):
        self.places = places
        super().__init__(
            _("Personal data was found (%(places)s). Remove it before submitting."),
            code="pii_found",
            params={"places": "; ".join(places[:10])},
        )


def _hits(place: str, text: str) -> list[str]:
    return [f"{place}: {hit.masked}" for hit in pii.scan(text or "")]


@transaction.atomic
def report_save(*, bureau, year: int, quarter: int, acting_user, request=None, **fields) -> QuarterlyReport:
    """Create or change the bureau's report of (year, quarter) while a draft or returned."""
    permissions.require(acting_user, FILE, bureau)
    if quarter not in (1, 2, 3, 4):
        raise ValidationError(_("The quarter is 1 to 4."), code="invalid_quarter")
    allowed = {*REPORT_TEXT_FIELDS, "records_published"}
    unknown = set(fields) - allowed
    if unknown:
        raise ValidationError(
            _("Unknown fields: %(f)s"), code="unknown_fields", params={"f": ", ".join(sorted(unknown))}
        )
    if not (fields.get("progress") or "").strip():
        raise ValidationError(_("Describe the progress of the quarter."), code="progress_required")
    report = QuarterlyReport.objects.select_for_update().filter(bureau=bureau, year=year, quarter=quarter).first()
    if report is None:
        report = QuarterlyReport(bureau=bureau, year=year, quarter=quarter, created_by=acting_user)
    elif report.status not in EDITABLE:
        raise ValidationError(_("A submitted or accepted report cannot be changed."), code="not_editable")
    for name, value in fields.items():
        setattr(report, name, value if name == "records_published" else (value or "").strip())
    report.save()
    audit.record("supervision.report.changed", user=acting_user, instance=report, request=request)
    return report


@transaction.atomic
def report_attach(*, report, filename: str, data: bytes, acting_user, request=None) -> ReportAttachment:
    """Attach a file: its type is checked by content and its text screened for personal data."""
    permissions.require(acting_user, FILE, report.bureau)
    if report.status not in EDITABLE:
        raise ValidationError(_("A submitted or accepted report cannot be changed."), code="not_editable")
    if len(data) > MAX_ATTACHMENT_BYTES:
        raise ValidationError(_("The file is larger than 20 MB."), code="too_large")
    try:
        text = extract(data, filename).text
    except ExtractionError as exc:
        raise ValidationError(exc.message, code="unreadable") from exc
    places = _hits(filename, filename) + _hits(filename, text)
    if places:
        raise ReportHasPersonalData(places)
    attachment = ReportAttachment(report=report, filename=filename[:200], size=len(data), uploaded_by=acting_user)
    attachment.file.save(filename, ContentFile(data), save=False)
    attachment.save()
    audit.record(
        "supervision.report.attached",
        user=acting_user,
        instance=report,
        request=request,
        data={"file": filename, "size": len(data)},
    )
    return attachment


@transaction.atomic
def report_submit(*, report, acting_user, today=None, request=None) -> QuarterlyReport:
    """Submit to the city; every text field is screened for personal data first."""
    report = QuarterlyReport.objects.select_for_update().select_related("bureau").get(pk=report.pk)
    places = [p for name in REPORT_TEXT_FIELDS for p in _hits(name, getattr(report, name))]
    if places:
        raise ReportHasPersonalData(places)
    return _submit(report, acting_user=acting_user, today=today, event="supervision.report.submitted", request=request)


@transaction.atomic
def report_review(*, report, acting_user, accept: bool, comment: str = "", request=None) -> QuarterlyReport:
    report = QuarterlyReport.objects.select_for_update().select_related("bureau").get(pk=report.pk)
    return _review(
        report,
        acting_user=acting_user,
        accept=accept,
        comment=comment,
        event_prefix="supervision.report",
        request=request,
    )
