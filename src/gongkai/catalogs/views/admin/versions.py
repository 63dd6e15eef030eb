"""The version screens: the list of versions with the catalog's history, one version (with its
downloads once published), and two versions compared.
"""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _

from ... import presentation, rendering, selectors
from ...diff import diff_items
from ...models import CatalogVersion
from .common import _bureau, _catalog, _detail_url, _render


def versions(request, code):
    bureau = _bureau(request, code)
    catalog = _catalog(bureau)
    all_versions = list(catalog.versions.defer("items").select_related("created_by").order_by("-number"))
    return _render(
        request,
        "catalogs/admin/versions.html",
        _("Versions and history"),
        {"bureau": bureau, "catalog": catalog, "versions": all_versions, "events": list(selectors.events(catalog))},
        crumbs=[(_detail_url(bureau), bureau.short_name)],
    )


def version_detail(request, code, number):
    bureau = _bureau(request, code)
    catalog = _catalog(bureau)
    version = get_object_or_404(CatalogVersion, catalog=catalog, number=number)
    opinions = selectors.opinions_by_key(version)
    views = presentation.item_views(version.items)
    for view in views:
        view.opinions = opinions.get(view.data.key, [])
    previous = selectors.previous_version(version)
    return _render(
        request,
        "catalogs/admin/version.html",
        str(_("Version %(n)s") % {"n": version.number}),
        {
            "bureau": bureau,
            "version": version,
            "previous": previous,
            "tree": presentation.tree(views),
            "events": list(version.events.select_related("actor").order_by("at")),
            "unverified_label": presentation.unverified_label(),
            "downloads": rendering.download_links(bureau, version, current=False) if version.is_published else [],
        },
        crumbs=[
            (_detail_url(bureau), bureau.short_name),
            (reverse("catalogs_admin:versions", kwargs={"code": code}), _("Versions")),
        ],
    )


def compare(request, code, a, b):
    bureau = _bureau(request, code)
    catalog = _catalog(bureau)
    old = get_object_or_404(CatalogVersion, catalog=catalog, number=a)
    new = get_object_or_404(CatalogVersion, catalog=catalog, number=b)
    result = diff_items(old.items, new.items)
    changed = [
        {
            "name": presentation.ItemView(c.new).name,
            "rows": [
                {
                    "label": presentation.ELEMENT_LABELS[e.element],
                    "old": presentation.element_text(e.element, e.old),
                    "new": presentation.element_text(e.element, e.new),
                }
                for e in c.changes
            ],
        }
        for c in result.changed
    ]
    return _render(
        request,
        "catalogs/admin/compare.html",
        str(_("Version %(a)s compared with version %(b)s") % {"a": a, "b": b}),
        {
            "bureau": bureau,
            "old": old,
            "new": new,
            "diff": result,
            "changed": changed,
            "added": presentation.item_views(result.added),
            "removed": presentation.item_views(result.removed),
        },
        crumbs=[
            (_detail_url(bureau), bureau.short_name),
            (reverse("catalogs_admin:versions", kwargs={"code": code}), _("Versions")),
        ],
    )
