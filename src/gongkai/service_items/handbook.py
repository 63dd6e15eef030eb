"""The service handbook (办事一本通): which guides it compiles, its title, and its rebuilds.

A handbook exists per bureau (its published guides) and for the whole city (every bureau's). Publishing a
guide (`services.guide_published`) queues a rebuild of the bureau's handbook and of the city-wide one; the
background worker (`tasks.rebuild_handbook`, `manage.py db_worker`) builds the PDF and DOCX and writes its
progress to the row, which the staff screen shows, and audits `service_items.handbook.built` (the static
publisher re-renders the lists that link the files). The files are kept in the media storage and served by
`views.handbook_download` (they hold only published guides).
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.files.base import ContentFile
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from gongkai.core import audit
from gongkai.organizations.models import Bureau, BureauKind

from . import handbook_files, selectors
from .models import CITY_SCOPE, Handbook, HandbookStatus

logger = logging.getLogger(__name__)


def scope_of(bureau: Bureau | None) -> str:
    return CITY_SCOPE if bureau is None else bureau.code


def titles(bureau: Bureau | None) -> tuple[str, str]:
    """(title, subtitle) of the handbook of `bureau`, or of the whole city."""
    if bureau is None:
        city = Bureau.objects.filter(kind=BureauKind.CITY, parent=None).order_by("sort_order", "code").first()
        issuer = city.name if city else ""
        return _("Service handbook of the emergency-management system"), issuer
    return _("Service handbook"), bureau.name


def guides_for(bureau: Bureau | None) -> list:
    return selectors.handbook_guides(bureau)


def build_files(bureau: Bureau | None, *, fmt: str = "pdf", progress=None) -> bytes:
    """The handbook of `bureau` (None: the city) as PDF or DOCX bytes, in the default language."""
    with translation.override(settings.LANGUAGE_CODE):
        title, subtitle = titles(bureau)
        guides = guides_for(bureau)
        city_wide = bureau is None
        if fmt == "docx":
            return handbook_files.build_docx(guides, title=title, subtitle=subtitle, city_wide=city_wide)
        return handbook_files.build_pdf(guides, title=title, subtitle=subtitle, city_wide=city_wide, progress=progress)


def rebuild(scope: str) -> Handbook:
    """Build the handbook of `scope` now (the worker's task), writing the progress as it goes."""
    bureau = None if scope == CITY_SCOPE else Bureau.objects.get(code=scope)
    handbook, _created = Handbook.objects.get_or_create(scope=scope, defaults={"bureau": bureau})
    rows = Handbook.objects.filter(pk=handbook.pk)
    rows.update(status=HandbookStatus.BUILDING, progress=1, error="")

    def progress(percent: int) -> None:
        rows.update(progress=min(percent, 99))

    try:
        guides = guides_for(bureau)
        pdf = build_files(bureau, fmt="pdf", progress=progress)
        progress(95)
        docx = build_files(bureau, fmt="docx")
    except Exception as exc:  # the row says why; the worker logs the traceback
        logger.exception("Building the service handbook %s failed", scope)
        rows.update(status=HandbookStatus.FAILED, error=str(exc)[:2000])
        raise
    handbook.refresh_from_db()
    old = [f.name for f in (handbook.pdf, handbook.docx) if f]
    handbook.pdf.save(f"handbook-{scope}.pdf", ContentFile(pdf), save=False)
    handbook.docx.save(f"handbook-{scope}.docx", ContentFile(docx), save=False)
    handbook.status, handbook.progress = HandbookStatus.READY, 100
    handbook.guide_count, handbook.built_at = len(guides), timezone.now()
    handbook.save()
    for name in old:
        if name not in (handbook.pdf.name, handbook.docx.name):
            handbook.pdf.storage.delete(name)
    data = {"scope": scope, "guides": len(guides), "first": not old}
    audit.record(
        "service_items.handbook.built", instance=handbook, bureau_code=bureau.code if bureau else "", data=data
    )
    return handbook


def handbook_public(bureau: Bureau | None) -> Handbook | None:
    return Handbook.objects.filter(scope=scope_of(bureau)).exclude(pdf="").first()
