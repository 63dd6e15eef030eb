"""The one import and export service. The admin upload (through a background ImportJob), the
`catalog_import` / `catalog_export` commands and the portal downloads all call these functions.

Import: file checks -> parser -> validation -> persistence through
`catalogs.services.catalog_replace_items` in one transaction (all or nothing). The file
replaces the items of the domains it contains; the other domain's items stay as they are.
A dry run does everything, then rolls the transaction back, so its report is exactly what a
real import would do (including "the catalog is in review and cannot change").
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from gongkai.accounts import permissions
from gongkai.core import audit
from gongkai.core.models import AuditResult
from gongkai.core.stable_files import stable_zip

from .. import selectors, services
from ..constants import ItemSource
from ..models import CatalogVersion, GuidelineItem
from ..types import CatalogItemData
from .filecheck import EXPORT_FORMATS, FileRejected, check_file
from .limits import Limits, current_limits
from .report import ERROR, Issue, ParseResult

logger = logging.getLogger(__name__)
Progress = Callable[[int, int], None]
# Parsers and renderers are imported when first used: openpyxl, reportlab and python-docx are
# heavy, and the URL configuration imports this module.
READERS = {
    "xlsx": "gongkai.catalogs.interchange.xlsx_reader.read_xlsx",
    "csv": "gongkai.catalogs.interchange.csv_format.read_csv",
    "json": "gongkai.catalogs.interchange.json_format.read_json",
}
CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
IMPORT_ACTION = "catalogs.change_catalog"  # only the bureau's editors compile (and so import) its catalog


class _DryRun(Exception):
    """Raised inside the transaction of a dry run to roll it back."""


@dataclass
class ImportOutcome:
    result: ParseResult
    dry_run: bool = False
    applied: bool = False
    summary: dict[str, Any] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.result.ok


# Import ----------------------------------------------------------------------------------------


def parse_file(
    data: bytes,
    *,
    filename: str = "",
    fmt: str | None = None,
    domain: str | None = None,
    limits: Limits | None = None,
    progress: Progress | None = None,
    bureau_code: str = "",
) -> ParseResult:
    """File checks, then the parser of the format: a ParseResult with items and every issue. Pure."""
    limits = limits or current_limits()
    try:
        fmt = check_file(data, filename, fmt, limits)
    except FileRejected as rejected:
        result = ParseResult(format=fmt or "")
        result.issues.append(rejected.issue)
        return result
    kwargs: dict[str, Any] = {"limits": limits, "domain": domain, "progress": progress}
    if fmt == "json":
        kwargs["bureau_code"] = bureau_code
    return import_string(READERS[fmt])(data, **kwargs)


def _fill_sources(items: list[CatalogItemData], existing: list[CatalogItemData]) -> None:
    """Items whose file does not say where they come from keep their current source, else are
    "guideline" when a current guideline catalog has an item of that name, else "local"."""
    by_key = {i.key: i for i in existing if i.key}
    by_identity = {i.identity(): i for i in existing}
    guideline_names = None
    for item in items:
        if item.source:
            continue
        match = by_key.get(item.key) or by_identity.get(item.identity())
        if match is not None:
            item.source = match.source
            continue
        if guideline_names is None:
            guideline_names = set(
                GuidelineItem.objects.filter(guideline__is_current=True, verified=True).values_list(
                    "guideline__domain", "level1", "level2", "level3"
                )
            )
        name = (item.domain, item.level1, item.level2, item.level3 or "")
        item.source = ItemSource.GUIDELINE if name in guideline_names else ItemSource.LOCAL


def _service_errors(result: ParseResult, exc: ValidationError, imported: int, full: list[CatalogItemData]) -> None:
    item_errors = getattr(exc, "item_errors", None)
    if item_errors is not None:
        for error in item_errors:
            if error.index < imported:
                result.add(error.code, error.message, origin=result.origins[error.index], field_name=error.field)
            else:
                item = full[error.index] if error.index < len(full) else None
                name = " / ".join(p for p in (item.identity()[1:] if item else ()) if p)
                result.add(error.code, f"{name}: {error.message}" if name else error.message)
        return
    for message in exc.messages:
        result.add(getattr(exc, "code", None) or "rejected", message)


def import_catalog(
    *,
    bureau,
    data: bytes,
    filename: str = "",
    acting_user=None,
    fmt: str | None = None,
    domain: str | None = None,
    dry_run: bool = False,
    request=None,
    limits: Limits | None = None,
    progress: Progress | None = None,
) -> ImportOutcome:
    """Import a file into `bureau`'s catalog (all or nothing), or rehearse it with dry_run.

    Raises PermissionDenied when `acting_user` may not change the bureau's catalog. A dry run
    without a user only checks and validates the file.
    """
    if acting_user is not None or not dry_run:
        permissions.require(acting_user, IMPORT_ACTION, bureau)
    result = parse_file(
        data, filename=filename, fmt=fmt, domain=domain, limits=limits, progress=progress, bureau_code=bureau.code
    )
    outcome = ImportOutcome(result=result, dry_run=dry_run)
    if not result.ok or (dry_run and acting_user is None):
        if not dry_run:
            _audit_import(bureau, acting_user, request, outcome, filename)
        return outcome

    imported = len(result.items)
    full: list[CatalogItemData] = []
    try:
        with transaction.atomic():
            catalog = services.catalog_get_or_create(bureau=bureau, acting_user=acting_user)
            current = selectors.working_items_data(catalog)
            _fill_sources(result.items, current)
            present = set(result.domains)
            full = list(result.items) + [item for item in current if item.domain not in present]
            replaced = services.catalog_replace_items(
                catalog=catalog,
                items=full,
                acting_user=acting_user,
                comment=_("Imported from %(file)s") % {"file": filename or result.format.upper()},
            )
            outcome.summary = {
                **replaced.__dict__,
                "items": imported,
                "domains": sorted(present),
                "kept_other_domains": len(full) - imported,
            }
            if dry_run:
                raise _DryRun
    except _DryRun:
        pass
    except PermissionDenied:
        raise
    except ValidationError as exc:
        _service_errors(result, exc, imported, full)
    else:
        outcome.applied = True
    if progress is not None:
        progress(1, 1)
    if not dry_run:
        _audit_import(bureau, acting_user, request, outcome, filename)
    return outcome


def _audit_import(bureau, user, request, outcome: ImportOutcome, filename: str) -> None:
    result = outcome.result
    audit.record(
        "catalogs.catalog.import" if outcome.applied else "catalogs.catalog.import_failed",
        user=user,
        bureau_code=bureau.code,
        request=request,
        result=AuditResult.SUCCESS if outcome.applied else AuditResult.FAILURE,
        label=str(bureau),
        data={
            "file": filename,
            "format": result.format,
            "items": len(result.items),
            "errors": len(result.errors),
            "summary": outcome.summary,
        },
    )


# Export ----------------------------------------------------------------------------------------


@dataclass
class ExportSource:
    """What to export: items plus the facts printed with them."""

    items: list[CatalogItemData]
    meta: dict[str, Any]
    label: str  # "v3" or "working"


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def version_source(version: CatalogVersion) -> ExportSource:
    return ExportSource(
        items=version.item_data(),
        meta={
            "version": version.number,
            "status": version.status,
            "approved_at": _iso(version.approved_at),
            "published_at": _iso(version.published_at),
        },
        label=f"v{version.number}",
    )


def working_source(bureau) -> ExportSource:
    catalog = selectors.catalog_for_bureau(bureau)
    items = selectors.working_items_data(catalog) if catalog is not None else []
    status = catalog.status if catalog is not None else "not_started"
    return ExportSource(items=items, meta={"version": None, "status": status}, label="working")


def published_source(bureau, number: int | None = None) -> ExportSource | None:
    """The current published version (or version `number`, if published); None when there is none."""
    version = (
        selectors.published_version(bureau, number)
        if number is not None
        else selectors.current_published_version(bureau)
    )
    return version_source(version) if version is not None else None


def render(source: ExportSource, fmt: str, *, bureau, base_url: str | None = None) -> bytes:
    """The file of `source` in `fmt`; JSON documents point at the schema under PUBLIC_BASE_URL."""
    if fmt not in EXPORT_FORMATS:
        raise ValueError(f"Unknown export format {fmt!r}")
    if base_url is None:
        base_url = settings.GONGKAI.get("PUBLIC_BASE_URL", "").rstrip("/")
    if fmt == "xlsx":
        from .xlsx_writer import export_xlsx

        return _stable(export_xlsx(source.items, bureau_name=bureau.name, meta=source.meta), source)
    if fmt == "csv":
        from .csv_format import export_csv

        return export_csv(source.items)
    if fmt == "json":
        from .json_format import export_json

        return export_json(
            source.items,
            bureau_code=bureau.code,
            bureau_name=bureau.name,
            division_code=bureau.division_code,
            meta=source.meta,
            base_url=base_url,
        )
    if fmt == "pdf":
        from .pdf_writer import export_pdf

        return export_pdf(source.items, bureau_name=bureau.name, meta=source.meta)
    from .docx_writer import export_docx

    return _stable(export_docx(source.items, bureau_name=bureau.name, meta=source.meta), source)


def _stable(data: bytes, source: ExportSource) -> bytes:
    """A published version's office file dated with its publication (the same bytes on every render, so the
    static publisher's copy stays current); a working copy keeps the time it was made."""
    published_at = source.meta.get("published_at")
    if not published_at:
        return data
    return stable_zip(data, dt.datetime.fromisoformat(published_at))


def export_filename(bureau, source: ExportSource, fmt: str) -> str:
    return f"{bureau.code}-catalog-{source.label}.{fmt}"


def report_lines(result: ParseResult) -> list[str]:
    """The report as plain lines (for the command line)."""
    lines = []
    for issue in result.sorted_issues():
        prefix = _("Error") if issue.severity == ERROR else _("Warning")
        lines.append(f"{prefix}: {issue}")
    return lines


__all__ = [
    "ExportSource",
    "ImportOutcome",
    "Issue",
    "export_filename",
    "import_catalog",
    "parse_file",
    "published_source",
    "render",
    "report_lines",
    "version_source",
    "working_source",
]
