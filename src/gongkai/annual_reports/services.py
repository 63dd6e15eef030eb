"""Use cases of the annual disclosure report: open the report of a year, edit it, submit, approve, return.

The report reaches the public only through `report_approve`: a reviewer or the leader of the bureau who
changed and submitted none of the version (four eyes, `permissions.require_four_eyes`; 条例 Art. 17)
records the confidentiality check (保密审查); the personal-data screen runs on every text; every sum check
of the template must hold (`report.build(...).ok`). The approved report is frozen in `published_content`
(the public keeps it until another version is approved). Audited as `annual_reports.report.<verb>`.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from gongkai.accounts import permissions, review_steps
from gongkai.core import audit
from gongkai.screening import pii

from . import layout, report
from .models import AnnualReport, ReportStatus
from .rules import APPROVE_REPORT, CHANGE_REPORT

MAX_TEXT = 20000


def _check_year(year: int) -> None:
    if not isinstance(year, int) or not 2008 <= year <= timezone.localdate().year:
        raise ValidationError(_("Choose a year that has ended or is under way."), code="invalid_year")


@transaction.atomic
def report_open(*, bureau, year: int, acting_user, request=None) -> AnnualReport:
    """The working report of `bureau` and `year`, created (a draft with the generated texts) when missing."""
    permissions.require(acting_user, CHANGE_REPORT, bureau)
    _check_year(year)
    existing = AnnualReport.objects.filter(bureau=bureau, year=year).first()
    if existing is not None:
        return existing
    created = AnnualReport.objects.create(
        bureau=bureau,
        year=year,
        table2_not_applicable=list(report.DEFAULT_NOT_APPLICABLE),
        table4=layout.empty_table4(),
        created_by=acting_user,
        author_ids=[acting_user.pk],
    )
    audit.record(
        "annual_reports.report.created", user=acting_user, instance=created, request=request, data={"year": year}
    )
    return created


def _clean_table2(manual: dict) -> dict:
    cleaned: dict[str, dict[str, str | int]] = {}
    for row, values in (manual or {}).items():
        for col, value in (values or {}).items():
            if (row, col) not in layout.table2_cells():
                raise ValidationError(
                    _("Table 2 has no cell %(cell)s."), code="unknown_cell", params={"cell": f"{row}/{col}"}
                )
            if value in (None, ""):
                continue
            if (row, col) in layout.AMOUNT_CELLS:
                try:
                    amount = Decimal(str(value))
                except (InvalidOperation, ValueError):
                    amount = Decimal(-1)
                if not amount.is_finite() or amount < 0:
                    raise ValidationError(
                        _("The fee amount must be a number ≥ 0 (in 10,000 yuan)."), code="invalid_amount"
                    )
                cleaned.setdefault(row, {})[col] = str(amount.quantize(Decimal("0.0001")).normalize())
            else:
                if isinstance(value, bool) or not str(value).isdigit():
                    raise ValidationError(
                        _("%(row)s / %(column)s must be a whole number ≥ 0."),
                        code="invalid_number",
                        params={"row": layout.TABLE2_ROW_LABELS[row], "column": layout.TABLE2_COLUMN_LABELS[col]},
                    )
                cleaned.setdefault(row, {})[col] = int(value)
    return cleaned


def _clean_table4(cells: dict) -> dict:
    cleaned = layout.empty_table4()
    for row in layout.TABLE4_ROWS:
        values = (cells or {}).get(row) or {}
        for col in layout.TABLE4_COLUMNS:
            value = values.get(col)
            if value in (None, ""):
                value = None if col == "total" else 0
            elif isinstance(value, bool) or not str(value).isdigit():
                raise ValidationError(_("Table 4: every figure must be a whole number ≥ 0."), code="invalid_number")
            cleaned[row][col] = None if value is None else int(value)
        if cleaned[row]["total"] is None:  # left empty: the sum of the four results
            cleaned[row]["total"] = sum(cleaned[row][c] for c in layout.TABLE4_PARTS)
    return cleaned


def _clean_texts(texts: dict, defaults: dict) -> dict:
    cleaned = {}
    for key, text in (texts or {}).items():
        if key not in layout.SECTION_KEYS:
            raise ValidationError(_("The report has no part %(key)s."), code="unknown_part", params={"key": key})
        text = (text or "").replace("\r\n", "\n").strip()
        if len(text) > MAX_TEXT:
            raise ValidationError(
                _("A part may hold at most %(n)d characters."), code="too_long", params={"n": MAX_TEXT}
            )
        # The generated text is kept generated (it follows the data); only a changed text is stored.
        cleaned[key] = "" if text == defaults.get(key, "").strip() else text
    return cleaned


def _state(obj: AnnualReport) -> dict:
    return {
        "texts": obj.texts,
        "table2_manual": obj.table2_manual,
        "table2_not_applicable": obj.table2_not_applicable,
        "table4": obj.table4,
    }


@transaction.atomic
def report_save(
    *,
    report_obj: AnnualReport,
    acting_user,
    texts: dict | None = None,
    table2_manual: dict | None = None,
    table2_not_applicable: list | None = None,
    table4: dict | None = None,
    request=None,
) -> AnnualReport:
    """Change the working report; a submitted report goes back to draft (it must be submitted again)."""
    obj = AnnualReport.objects.select_for_update().select_related("bureau").get(pk=report_obj.pk)
    permissions.require(acting_user, CHANGE_REPORT, obj)
    before = _state(obj)
    if texts is not None:
        defaults = report.build(obj.bureau, obj.year, report=obj).defaults
        obj.texts = {**obj.texts, **_clean_texts(texts, defaults)}
    if table2_manual is not None:
        obj.table2_manual = _clean_table2(table2_manual)
    if table2_not_applicable is not None:
        unknown = set(table2_not_applicable) - set(layout.TABLE2_ROWS)
        if unknown:
            raise ValidationError(
                _("Table 2 has no row %(row)s."), code="unknown_row", params={"row": ", ".join(sorted(unknown))}
            )
        obj.table2_not_applicable = sorted(set(table2_not_applicable))
    if table4 is not None:
        obj.table4 = _clean_table4(table4)
    after = _state(obj)
    if after == before:
        return obj
    obj.status = ReportStatus.DRAFT
    obj.submitted_by, obj.submitted_at = None, None
    if acting_user.pk not in obj.author_ids:
        obj.author_ids = [*obj.author_ids, acting_user.pk]
    obj.save()
    audit.record(
        "annual_reports.report.changed",
        user=acting_user,
        instance=obj,
        request=request,
        data={"year": obj.year, "changes": {k: [before[k], after[k]] for k in after if before[k] != after[k]}},
    )
    return obj


def screen(data: report.ReportData) -> None:
    """Refuse personal data in any part's text (the tables hold figures only)."""
    hits = [(layout.section_title(key), hit.masked) for key in layout.SECTION_KEYS for hit in pii.scan(data.text(key))]
    if hits:
        places = "; ".join(f"{title}: {masked}" for title, masked in hits[:10])
        raise ValidationError(
            _("Personal data was found in the report (%(places)s). Remove it before publishing."),
            code="pii_found",
            params={"places": places},
        )


def require_consistent(data: report.ReportData) -> None:
    errors = [p for p in data.problems if p.severity == "error"]
    if errors:
        raise ValidationError(
            [
                ValidationError(_("A sum check fails: %(message)s") % {"message": p.message}, code="checks_failed")
                for p in errors
            ]
        )


def _checked_content(obj: AnnualReport):
    """The report's content, built afresh: its sums agree and it holds no personal data."""
    data = report.build(obj.bureau, obj.year, report=obj)
    require_consistent(data)
    screen(data)
    return data


def _check_submittable(obj: AnnualReport, acting_user) -> list[str]:
    """The report is consistent and free of personal data; the submitter counts among its authors."""
    _checked_content(obj)
    if acting_user.pk not in obj.author_ids:
        obj.author_ids = [*obj.author_ids, acting_user.pk]
    return ["author_ids"]


def report_authors(obj: AnnualReport) -> list:
    """Who may not approve the version: everyone who changed it since the last publication, and the submitter."""
    return [*obj.author_ids, obj.submitted_by_id]


REVIEW = review_steps.Review(
    change=CHANGE_REPORT,
    approve=APPROVE_REPORT,
    draft=ReportStatus.DRAFT,
    submitted=ReportStatus.SUBMITTED,
    authors=report_authors,
    submitted_event="annual_reports.report.submitted",
    published_event="annual_reports.report.published",
    returned_event="annual_reports.report.returned",
    not_submitted=gettext_noop("Only a submitted report can be approved."),
    not_returnable=gettext_noop("Only a submitted report can be returned."),
    reason_required=gettext_noop("Say why the report is returned."),
    submitted_at="submitted_at",
    related=("bureau",),
)


@transaction.atomic
def report_submit(*, report_obj: AnnualReport, acting_user, request=None) -> AnnualReport:
    return review_steps.submit_for_review(
        REVIEW,
        report_obj,
        acting_user=acting_user,
        check=lambda obj: _check_submittable(obj, acting_user),
        data=lambda obj: {"year": obj.year},
        request=request,
    )


def may_approve(user, obj: AnnualReport) -> bool:
    return review_steps.may_approve(REVIEW, user, obj)


def _publish(obj: AnnualReport, data, acting_user) -> dict:
    """Freeze the report as approved and publish it; the audit data of the publication."""
    now = timezone.now()
    content = data.export_content()
    content["meta"].update({"published_at": now.isoformat(), "version": obj.published_version + 1})
    obj.status = ReportStatus.PUBLISHED
    obj.approved_by, obj.approved_at = acting_user, now
    obj.published_at, obj.published_content = now, content
    obj.first_published_at = obj.first_published_at or now
    obj.published_version += 1
    obj.author_ids = []
    obj.save()
    return {
        "year": obj.year,
        "version": obj.published_version,
        "late": report.is_late(obj, obj.year, timezone.localdate(now)),
    }


@transaction.atomic
def report_approve(
    *, report_obj: AnnualReport, acting_user, confidentiality_result: str, notes: str = "", request=None
) -> AnnualReport:
    """Approve the submitted report and publish it to the bureau's 信息公开年报 part (frozen as approved)."""
    return review_steps.approve(
        REVIEW,
        report_obj,
        acting_user=acting_user,
        confidentiality_result=confidentiality_result,
        notes=notes,
        check=_checked_content,
        publish=lambda obj, data: _publish(obj, data, acting_user),
        request=request,
    )


@transaction.atomic
def report_return(*, report_obj: AnnualReport, acting_user, reason: str, request=None) -> AnnualReport:
    return review_steps.return_for_changes(REVIEW, report_obj, acting_user=acting_user, reason=reason, request=request)
