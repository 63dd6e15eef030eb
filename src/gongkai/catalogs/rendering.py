"""Render the public catalog pages to HTML strings, without a request (static publishing).

Pages: a bureau's current published catalog (/b/<code>/catalog/), any published version
(/b/<code>/catalog/v/<n>/, the citable URL), a comparison of two published versions, the
city-wide status page (/catalog-status/), the guideline catalogs (/guidelines/), and the
catalog part of the portal's “statutory proactive disclosure” section.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from gongkai.organizations.models import Bureau
from gongkai.portal import rendering as portal_rendering
from gongkai.portal import selectors as portal_selectors

from . import presentation, selectors
from .constants import CatalogStatus
from .diff import diff_items
from .guidelines import current_guidelines
from .models import CatalogItem, CatalogVersion

DOWNLOAD_FORMATS = (("xlsx", "XLSX"), ("csv", "CSV"), ("json", "JSON"))

# How many records each catalog item of a bureau has ({item pk: count}): registered by the records app
# (RecordsConfig.ready), which sits above catalogs; without it the catalog page shows no counts.
_item_counter = None


def register_item_counter(counter) -> None:
    global _item_counter
    _item_counter = counter


class VersionNotFound(LookupError):
    pass


def _reverse_or_empty(name: str, **kwargs) -> str:
    try:
        return reverse(name, kwargs=kwargs)
    except NoReverseMatch:
        return ""


def download_links(bureau: Bureau, version: CatalogVersion | None = None, current: bool = True) -> list[dict]:
    """Links to the interchange downloads (catalogs:download), when that view is installed."""
    links = []
    for fmt, label in DOWNLOAD_FORMATS:
        url = _reverse_or_empty("catalogs:download", code=bureau.code, fmt=fmt)
        if url:
            if version is not None and not current:
                url += f"?version={version.number}"
            links.append({"fmt": fmt, "label": label, "url": url})
    return links


def version_url(bureau: Bureau, number: int) -> str:
    return reverse("catalogs:version", kwargs={"code": bureau.code, "number": number})


def _item_views(bureau: Bureau, version: CatalogVersion) -> list[presentation.ItemView]:
    views = presentation.item_views(version.items)
    keys = [v.data.key for v in views if v.data.key]
    ids = {
        str(key): pk
        for key, pk in CatalogItem.objects.filter(catalog__bureau=bureau, key__in=keys).values_list("key", "pk")
    }
    counts = {}
    if _item_counter is not None:
        counts = _item_counter(bureau)
    for view in views:
        if not view.data.key:
            continue
        view.records_url = _reverse_or_empty("records:item_records", code=bureau.code, key=view.data.key)
        if _item_counter is not None:
            view.record_count = counts.get(ids.get(view.data.key), 0)
    return views


def _section_context(bureau: Bureau, language: str, title) -> dict:
    """What portal/_section_page.html needs: the column navigation with this page in “statutory”."""
    guide = portal_selectors.guide_get_live(bureau)
    with translation.override(language):
        parts = portal_rendering.column_parts(bureau, guide)
    return {
        "bureau": bureau,
        "parent": bureau.parent,
        "section": "statutory",
        "section_title": title,
        "parts": parts,
    }


def _versions_list(bureau: Bureau) -> list[CatalogVersion]:
    """Published versions, newest first, each with `previous_number` (the one it replaced)."""
    versions = list(selectors.published_versions(bureau).defer("items"))
    for newer, older in zip(versions, [*versions[1:], None], strict=True):
        newer.previous_number = older.number if older else None
    return versions


def catalog_context(bureau: Bureau, version: CatalogVersion | None, *, is_current: bool) -> dict:
    """The catalog body: version facts, downloads, the tree and the version history."""
    if version is None:
        return {"catalog_version": None}
    history = _versions_list(bureau)
    older = [v for v in history if v.number < version.number]
    previous = older[0] if older else None
    views = _item_views(bureau, version)
    return {
        "catalog_version": version,
        "catalog_is_current": is_current,
        "catalog_current": history[0] if history else None,
        "catalog_tree": presentation.tree(views),
        "catalog_item_count": len(views),
        "catalog_history": history,
        "catalog_previous": previous,
        "catalog_version_url": version_url(bureau, version.number),
        "catalog_previous_diff_url": reverse(
            "catalogs:diff", kwargs={"code": bureau.code, "a": previous.number, "b": version.number}
        )
        if previous
        else "",
        "catalog_downloads": download_links(bureau, version, current=is_current),
        "public_base_url": settings.GONGKAI["PUBLIC_BASE_URL"].rstrip("/"),
        "unverified_label": presentation.unverified_label(),
    }


def catalog_published_at(bureau: Bureau):
    version = selectors.current_published_version(bureau)
    return version.published_at if version else None


def statutory_context(bureau: Bureau) -> dict:
    """Extra context for the portal's statutory section (portal.rendering.render_section)."""
    version = selectors.current_published_version(bureau)
    context = catalog_context(bureau, version, is_current=True)
    context["catalog_page_url"] = reverse("catalogs:catalog", kwargs={"code": bureau.code})
    return context


def render_catalog(bureau: Bureau, language: str = settings.LANGUAGE_CODE, number: int | None = None) -> str:
    """The current published catalog, or the published version `number` (VersionNotFound otherwise)."""
    current = selectors.current_published_version(bureau)
    if number is None:
        version = current
        url_name, kwargs = "catalogs:catalog", {"code": bureau.code}
    else:
        version = selectors.published_version(bureau, number)
        if version is None:
            raise VersionNotFound(number)
        url_name, kwargs = "catalogs:version", {"code": bureau.code, "number": number}
    with translation.override(language):
        title = _("Standard disclosure catalog")
        if number is not None:
            title = _("Standard disclosure catalog, version %(n)s") % {"n": number}
        title = str(title)
    context = _section_context(bureau, language, title)
    context.update(catalog_context(bureau, version, is_current=version is not None and version == current))
    context.update(
        {
            "updated_at": version.published_at if version else None,
            "catalog_row": selectors.status_row(bureau) if version is None else None,
            "alternates": portal_rendering.language_alternates(url_name, kwargs),
        }
    )
    return portal_rendering.render_page("catalogs/portal/catalog.html", context, language)


def render_diff(bureau: Bureau, a: int, b: int, language: str = settings.LANGUAGE_CODE) -> str:
    old = selectors.published_version(bureau, a)
    new = selectors.published_version(bureau, b)
    if old is None or new is None:
        raise VersionNotFound((a, b))
    result = diff_items(old.items, new.items)
    with translation.override(language):
        title = str(_("Changes from version %(a)s to version %(b)s") % {"a": a, "b": b})
    context = _section_context(bureau, language, title)
    context.update(
        {
            "old": old,
            "new": new,
            "diff": result,
            "changed": [
                {
                    "change": change,
                    "name": presentation.ItemView(change.new).name,
                    "anchor": f"item-{change.new.key}" if change.new.key else "",
                    "rows": [
                        {
                            "label": presentation.ELEMENT_LABELS[c.element],
                            "old": presentation.element_text(c.element, c.old),
                            "new": presentation.element_text(c.element, c.new),
                        }
                        for c in change.changes
                    ],
                }
                for change in result.changed
            ],
            "added": presentation.item_views(result.added),
            "removed": presentation.item_views(result.removed),
            "old_url": version_url(bureau, a),
            "new_url": version_url(bureau, b),
            "updated_at": new.published_at,
            "alternates": portal_rendering.language_alternates("catalogs:diff", {"code": bureau.code, "a": a, "b": b}),
        }
    )
    return portal_rendering.render_page("catalogs/portal/diff.html", context, language)


def render_status(language: str = settings.LANGUAGE_CODE, today: date | None = None) -> str:
    """Every compiling bureau's catalog status, with dates and lateness against its campaign."""
    rows = selectors.status_rows(today=today)
    counts = {status: 0 for status in CatalogStatus.values}
    for row in rows:
        counts[row.status] += 1
    campaigns = []
    for row in rows:
        if row.campaign is not None and row.campaign not in campaigns:
            campaigns.append(row.campaign)
    return portal_rendering.render_page(
        "catalogs/portal/status.html",
        {
            "rows": rows,
            "status_counts": [(CatalogStatus(s).label, n) for s, n in counts.items()],
            "late_count": sum(1 for r in rows if r.is_late),
            "campaigns": campaigns,
            "alternates": portal_rendering.language_alternates("catalogs:status"),
        },
        language,
    )


def render_guidelines(language: str = settings.LANGUAGE_CODE) -> str:
    """The guideline catalogs shipped with the platform, with their completeness notes."""
    guidelines = list(current_guidelines())
    return portal_rendering.render_page(
        "catalogs/portal/guidelines.html",
        {
            "guidelines": guidelines,
            "unverified_label": presentation.unverified_label(),
            "alternates": portal_rendering.language_alternates("catalogs:guidelines"),
        },
        language,
    )
